import { normaliseSpanId, normaliseTraceId, type SpanId, type TraceId } from '../ids';
import type { Attribute, AttrValue, Span, SpanLink } from '../model/span';

/**
 * Hand-made spans for unit tests. Ids are given short and readable (`'a'`, `'1'`) and left-padded
 * to full W3C length, so `makeSpan({ trace: 'a', id: '1' })` is trace `000…00a`, span `000…001`.
 * Ids that are not hex (or too long) are kept as written, like a reader keeps a malformed id.
 */
export function traceId(short: string): TraceId {
  return (/^[0-9a-f]{1,32}$/.test(short) ? short.padStart(32, '0') : short) as TraceId;
}
export function spanId(short: string): SpanId {
  return (/^[0-9a-f]{1,16}$/.test(short) ? short.padStart(16, '0') : short) as SpanId;
}

export function attrs(record: Record<string, AttrValue>): Attribute[] {
  return Object.entries(record).map(([key, value]) => ({ key, value }));
}

/** A link to `(trace, span)`; `valid` is decided by the real normalisers, as a reader would. */
export function makeLink(trace: string, span: string, attributes: Record<string, AttrValue> = {}): SpanLink {
  const t = traceId(trace);
  const s = spanId(span);
  const valid = normaliseTraceId(t).valid && normaliseSpanId(s).valid;
  return { traceId: t, spanId: s, valid, attributes: attrs(attributes) };
}

export interface SpanSpec {
  trace?: string;
  id: string;
  parent?: string;
  name?: string;
  service?: string;
  kind?: Span['kind'];
  startUs?: number;
  durationUs?: number;
  attributes?: Record<string, AttrValue>;
  links?: SpanLink[];
  droppedLinksCount?: number;
  source?: string;
}

export function makeSpan(spec: SpanSpec): Span {
  const t = traceId(spec.trace ?? 'a');
  const s = spanId(spec.id);
  return {
    traceId: t,
    spanId: s,
    validId: normaliseTraceId(t).valid && normaliseSpanId(s).valid,
    ...(spec.parent === undefined ? {} : { parentSpanId: spanId(spec.parent) }),
    name: spec.name ?? `op-${spec.id}`,
    service: spec.service ?? 'svc',
    kind: spec.kind ?? 'internal',
    startUs: spec.startUs ?? 1_000,
    durationUs: spec.durationUs ?? 10,
    status: 'unset',
    attributes: attrs(spec.attributes ?? {}),
    resource: attrs({ 'service.name': spec.service ?? 'svc' }),
    events: [],
    links: spec.links ?? [],
    droppedLinksCount: spec.droppedLinksCount ?? 0,
    source: spec.source ?? 'test.json',
  };
}
