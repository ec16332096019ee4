/**
 * OpenTelemetry Python `ConsoleSpanExporter` output (`span.to_json()`), FORMATS.md section 5:
 * one span object per call (the dispatcher splits the stream) or an array of them (Monocle).
 * Log records and metric dumps that share the stream are skipped without a problem.
 */
import { normaliseParentId, normaliseSpanId, normaliseTraceId } from '../ids';
import type { Attribute, Span, SpanEvent, SpanLink } from '../model/span';
import { isoToMicros, traceStateFromRepr } from './python-values';
import { childPath, isRecord, kindFromText, objectToAttributes, reportBadSpan, reportCutValues, statusFromText, valueCuts } from './tags';
import type { ValueCuts } from './tags';
import type { DocumentReader, ReaderContext } from './types';

export const readPythonConsole: DocumentReader = (doc, ctx, path) => {
  if (!Array.isArray(doc)) return readOne(doc, ctx, path);
  for (let i = 0; i < doc.length; i++) readOne(doc[i], ctx, childPath(path, i));
};

/** `LogRecord.to_json()` (body, severity, top-level trace_id) and `MetricsData.to_json()`. */
function isNotASpan(o: Record<string, unknown>): boolean {
  if ('context' in o) return false;
  return 'body' in o || 'severity_number' in o || 'severity_text' in o || 'trace_id' in o || 'resource_metrics' in o;
}

function attributesOf(value: unknown, cuts: ValueCuts): Attribute[] {
  return isRecord(value) ? objectToAttributes(value, cuts) : [];
}

/** `resource.attributes` since SDK 1.12; a flat `resource` object before. */
function readResource(value: unknown, cuts: ValueCuts): Attribute[] {
  if (!isRecord(value)) return [];
  return isRecord(value.attributes) ? objectToAttributes(value.attributes, cuts) : objectToAttributes(value, cuts);
}

function readEvents(value: unknown, cuts: ValueCuts): SpanEvent[] {
  const events: SpanEvent[] = [];
  if (!Array.isArray(value)) return events;
  for (const e of value) {
    if (!isRecord(e)) continue;
    const name = typeof e.name === 'string' ? e.name : '';
    const timeUs = isoToMicros(e.timestamp);
    const attributes = attributesOf(e.attributes, cuts);
    events.push(timeUs === undefined ? { name, attributes } : { name, timeUs, attributes });
  }
  return events;
}

function readLinks(value: unknown, cuts: ValueCuts): SpanLink[] {
  const links: SpanLink[] = [];
  if (!Array.isArray(value)) return links;
  for (const l of value) {
    if (!isRecord(l)) continue;
    const context = isRecord(l.context) ? l.context : undefined;
    // A link without a context is still a link record: it shows as an invalid context.
    const traceId = normaliseTraceId(context?.trace_id, 'padded-hex');
    const spanId = normaliseSpanId(context?.span_id, 'padded-hex');
    const traceState = traceStateFromRepr(context?.trace_state);
    const link: SpanLink = {
      traceId: traceId.id,
      spanId: spanId.id,
      valid: traceId.valid && spanId.valid,
      attributes: attributesOf(l.attributes, cuts),
    };
    links.push(traceState === undefined ? link : { ...link, traceState });
  }
  return links;
}

function readOne(raw: unknown, ctx: ReaderContext, path: string): void {
  if (!isRecord(raw)) {
    reportBadSpan(ctx, path, 'A Python console span must be an object.');
    return;
  }
  if (isNotASpan(raw)) return;
  const context = raw.context;
  if (!isRecord(context) || context.trace_id === undefined || context.span_id === undefined) {
    reportBadSpan(ctx, path, 'A Python console span needs `context.trace_id` and `context.span_id`.');
    return;
  }
  const traceId = normaliseTraceId(context.trace_id, 'padded-hex');
  const spanId = normaliseSpanId(context.span_id, 'padded-hex');
  const startUs = isoToMicros(raw.start_time);
  const endUs = isoToMicros(raw.end_time);
  const status = isRecord(raw.status) ? raw.status : undefined;
  const cuts = valueCuts();
  const resource = readResource(raw.resource, cuts);
  let service = '';
  for (const a of resource) if (a.key === 'service.name' && typeof a.value === 'string') service = a.value;
  const description = status?.description;
  const span: Span = {
    traceId: traceId.id,
    spanId: spanId.id,
    validId: traceId.valid && spanId.valid,
    parentSpanId: normaliseParentId(raw.parent_id, 'padded-hex'),
    name: typeof raw.name === 'string' ? raw.name : '',
    service,
    kind: kindFromText(raw.kind),
    startUs,
    durationUs: startUs !== undefined && endUs !== undefined ? endUs - startUs : undefined,
    status: statusFromText(status?.status_code) ?? 'unset',
    statusMessage: typeof description === 'string' && description !== '' ? description : undefined,
    attributes: attributesOf(raw.attributes, cuts),
    resource,
    events: readEvents(raw.events, cuts),
    links: readLinks(raw.links, cuts),
    droppedLinksCount: 0, // to_json() does not write dropped counts
    source: ctx.file,
  };
  ctx.spans.push(span);
  reportCutValues(ctx, path, cuts);
}
