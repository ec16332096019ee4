/**
 * Jaeger `references` -> parent + links, as DIAGNOSTICS.md ("Edges") and the Collector's
 * Jaeger -> OTLP translation do it: the parent is the first CHILD_OF reference within the
 * span's own trace, else the first reference of any kind within that trace; every other
 * reference becomes a link carrying `opentracing.ref_type` (`child_of` / `follows_from`).
 */
import { normaliseParentId, normaliseSpanId, normaliseTraceId } from '../ids';
import type { NormalisedId, SpanId, TraceId } from '../ids';
import type { SpanLink } from '../model/span';
import { isRecord } from './tags';

type RefType = 'child_of' | 'follows_from';

interface Ref {
  readonly type: RefType;
  readonly traceId: NormalisedId<TraceId>;
  readonly spanId: NormalisedId<SpanId>;
}

/** Normalises a trace id; the reader passes a cached one (a trace's spans repeat its id). */
export type TraceIdNormaliser = (raw: unknown) => NormalisedId<TraceId>;

const ZEROS = /^0*$/;
/** A reference can be a parent when its span id is not empty or all zeros (a root marker). */
const canParent = (r: Ref): boolean => r.spanId.valid || !ZEROS.test(r.spanId.id);

export interface JaegerReferences {
  /** Undefined for a root: no reference within the span's own trace. */
  readonly parent?: SpanId;
  readonly links: SpanLink[];
}

/** Jaeger's enum: CHILD_OF is 0, the default when `refType` is missing. */
function refType(raw: unknown): RefType {
  if (raw === 'CHILD_OF') return 'child_of';
  if (raw === 'FOLLOWS_FROM') return 'follows_from';
  return typeof raw === 'string' && raw.toUpperCase() === 'FOLLOWS_FROM' ? 'follows_from' : 'child_of';
}

/** `own` is the span's trace id, normalised (or as written, when invalid). */
export function readJaegerReferences(
  span: Record<string, unknown>,
  own: NormalisedId<TraceId>,
  traceIdOf: TraceIdNormaliser = (raw) => normaliseTraceId(raw, 'padded-hex'),
): JaegerReferences {
  const ownTraceId = own.id;
  const refs: Ref[] = [];
  const legacyParent = span.parentSpanID === undefined ? undefined : normaliseParentId(span.parentSpanID, 'padded-hex');
  if (Array.isArray(span.references)) {
    for (const raw of span.references) {
      if (!isRecord(raw)) continue;
      refs.push({
        type: refType(raw.refType),
        traceId: raw.traceID === undefined ? own : traceIdOf(raw.traceID),
        spanId: normaliseSpanId(raw.spanID, 'padded-hex'),
      });
    }
  }
  if (legacyParent !== undefined) {
    // The deprecated `parentSpanID` field was a CHILD_OF reference written apart; Jaeger's own
    // converter put it first unless the references already held it.
    let listed = false;
    for (const r of refs) if (r.type === 'child_of' && r.traceId.id === ownTraceId && r.spanId.id === legacyParent) listed = true;
    if (!listed) refs.unshift({ type: 'child_of', traceId: own, spanId: normaliseSpanId(legacyParent, 'padded-hex') });
  }
  let parentIndex = -1;
  for (let i = 0; i < refs.length && parentIndex < 0; i++) {
    const r = refs[i]!;
    if (r.type === 'child_of' && r.traceId.id === ownTraceId && canParent(r)) parentIndex = i;
  }
  for (let i = 0; i < refs.length && parentIndex < 0; i++) {
    const r = refs[i]!;
    if (r.traceId.id === ownTraceId && canParent(r)) parentIndex = i;
  }
  const links: SpanLink[] = [];
  for (let i = 0; i < refs.length; i++) {
    if (i === parentIndex) continue;
    const r = refs[i]!;
    links.push({
      traceId: r.traceId.id,
      spanId: r.spanId.id,
      valid: r.traceId.valid && r.spanId.valid,
      attributes: [{ key: 'opentracing.ref_type', value: r.type }],
    });
  }
  return parentIndex < 0 ? { links } : { parent: refs[parentIndex]!.spanId.id, links };
}
