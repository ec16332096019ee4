/**
 * Zipkin v1 JSON (`binaryAnnotations`, endpoints on annotations, no `kind`), read into the same
 * parts as v2. As Zipkin's V1SpanConverter: core annotations give the side (`cs`/`cr` client,
 * `sr`/`ss` server, `ms` producer, `mr` consumer) and the service; a span holding both client
 * and server annotations is read as its client side (the two halves of a shared span are one
 * span for tracelinks anyway).
 */
import type { Attribute, SpanEvent, SpanKind } from '../model/span';
import { isRecord, toAttrValue, toNumber } from './tags';
import type { ValueCuts } from './tags';
import { positive } from './zipkin-parts';
import type { ZipkinParts } from './zipkin-parts';

const CORE: Readonly<Record<string, SpanKind>> = { cs: 'client', cr: 'client', sr: 'server', ss: 'server', ms: 'producer', mr: 'consumer' };
const ADDRESS = new Set(['ca', 'sa', 'ma']);

/** zipkin-lens's test: v1 has `binaryAnnotations`, or annotations with endpoints and no v2 endpoint. */
export function isZipkinV1(span: Record<string, unknown>): boolean {
  if ('binaryAnnotations' in span) return true;
  if ('localEndpoint' in span || 'remoteEndpoint' in span || 'tags' in span || 'kind' in span) return false;
  return Array.isArray(span.annotations) && span.annotations.some((a) => isRecord(a) && 'endpoint' in a);
}

function serviceOf(endpoint: unknown): string {
  return isRecord(endpoint) && typeof endpoint.serviceName === 'string' ? endpoint.serviceName : '';
}

export function readZipkinV1(span: Record<string, unknown>, cuts?: ValueCuts): ZipkinParts {
  const core = new Map<string, { time?: number; service: string }>();
  const events: SpanEvent[] = [];
  let anyService = '';
  if (Array.isArray(span.annotations)) {
    for (const a of span.annotations) {
      if (!isRecord(a) || typeof a.value !== 'string') continue;
      const time = toNumber(a.timestamp);
      const service = serviceOf(a.endpoint);
      if (anyService === '') anyService = service;
      if (Object.prototype.hasOwnProperty.call(CORE, a.value)) core.set(a.value, { time, service });
      else events.push(time === undefined ? { name: a.value, attributes: [] } : { name: a.value, timeUs: time, attributes: [] });
    }
  }
  const tags: Attribute[] = [];
  const address = new Map<string, string>();
  let localComponentService = '';
  if (Array.isArray(span.binaryAnnotations)) {
    for (const b of span.binaryAnnotations) {
      if (!isRecord(b) || typeof b.key !== 'string') continue;
      const service = serviceOf(b.endpoint);
      if (ADDRESS.has(b.key)) address.set(b.key, service);
      else tags.push({ key: b.key, value: toAttrValue(b.value, cuts) });
      if (b.key === 'lc') localComponentService = service;
      if (anyService === '') anyService = service;
    }
  }
  const side = core.has('cs') || core.has('cr') ? 'c' : core.has('sr') || core.has('ss') ? 's' : core.has('ms') ? 'm' : core.has('mr') ? 'r' : '';
  const first = side === 'c' ? core.get('cs') ?? core.get('cr') : side === 's' ? core.get('sr') ?? core.get('ss') : side === 'm' ? core.get('ms') : side === 'r' ? core.get('mr') : undefined;
  const kind: SpanKind = side === 'c' ? 'client' : side === 's' ? 'server' : side === 'm' ? 'producer' : side === 'r' ? 'consumer' : 'unspecified';
  let timestamp = positive(span.timestamp) ?? first?.time;
  let duration = positive(span.duration);
  if (duration === undefined) {
    const [a, b] = side === 'c' ? ['cs', 'cr'] : side === 's' ? ['sr', 'ss'] : ['', ''];
    const t0 = core.get(a)?.time;
    const t1 = core.get(b)?.time;
    if (t0 !== undefined && t1 !== undefined) duration = t1 - t0;
    timestamp ??= t0;
  }
  const remote = side === 'c' ? address.get('sa') : side === 's' ? address.get('ca') : address.get('ma');
  return {
    traceId: span.traceId,
    id: span.id,
    parentId: span.parentId,
    name: typeof span.name === 'string' ? span.name : '',
    kind,
    timestamp,
    duration,
    service: first?.service || localComponentService || anyService,
    remoteService: remote ?? '',
    tags,
    events,
    shared: false,
  };
}
