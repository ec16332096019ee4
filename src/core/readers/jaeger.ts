/**
 * Jaeger JSON (query API `/api/traces`, Jaeger UI downloads, jaeger-anonymizer output).
 * Accepts `{data:[trace…]}`, `{data:trace}`, an array of traces, a bare trace
 * `{traceID, spans, processes}`, an array of spans (each with an embedded `process`), one span.
 * FORMATS.md section 3; parent/link rules in DIAGNOSTICS.md ("Edges").
 */
import { normaliseSpanId, normaliseTraceId } from '../ids';
import type { NormalisedId, TraceId } from '../ids';
import type { Attribute, Span, SpanEvent } from '../model/span';
import {
  childPath,
  isRecord,
  jaegerTagValue,
  jaegerTagsToAttributes,
  pathAt,
  readTagFacts,
  reportBadSpan,
  reportCutValues,
  toNumber,
  valueCuts,
} from './tags';
import type { ValueCuts } from './tags';
import { readJaegerReferences } from './jaeger-references';
import type { TraceIdNormaliser } from './jaeger-references';
import type { DocumentReader, ReaderContext } from './types';

interface Process {
  readonly service: string;
  readonly resource: readonly Attribute[];
}

/** What spans of one trace share: its `processes` map, converted once per process id. */
interface TraceScope {
  readonly traceID: unknown;
  readonly processes?: Record<string, unknown>;
  readonly cache: Map<string, Process>;
}

const NO_PROCESS: Process = { service: '', resource: [] };

export const readJaeger: DocumentReader = (doc, ctx, path) => {
  readValue(doc, { ctx, traceIdOf: cachedTraceIds() }, path, true);
};

/** One read: where output goes, and trace ids normalised once per distinct string. */
interface ReadState {
  readonly ctx: ReaderContext;
  readonly traceIdOf: TraceIdNormaliser;
}

function cachedTraceIds(): TraceIdNormaliser {
  const cache = new Map<string, NormalisedId<TraceId>>();
  return (raw) => {
    if (typeof raw !== 'string') return normaliseTraceId(raw, 'padded-hex');
    let id = cache.get(raw);
    if (id === undefined) {
      id = normaliseTraceId(raw, 'padded-hex');
      cache.set(raw, id);
    }
    return id;
  };
}

/** `top` allows one `data` wrapper; inside it and inside arrays only traces and spans are met. */
function readValue(value: unknown, state: ReadState, path: string, top: boolean): void {
  if (Array.isArray(value)) {
    const release = state.ctx.ownsInput === true;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (isRecord(item) && 'spans' in item) readTrace(item, state, childPath(path, i));
      else readSpan(item, state, path, i, undefined);
      // As otlp.ts: a document parsed for this read lets go of what it read (less for a GC to copy).
      if (release) value[i] = null;
    }
    return;
  }
  if (isRecord(value)) {
    if (top && 'data' in value) return readData(value, state, path);
    if ('spans' in value) return readTrace(value, state, path);
  }
  readSpan(value, state, path, undefined, undefined);
}

function readData(doc: Record<string, unknown>, state: ReadState, path: string): void {
  const data = doc.data;
  const dataPath = childPath(path, 'data');
  if (Array.isArray(data) || isRecord(data)) return readValue(data, state, dataPath, false);
  // `{data: null, errors: [{code, msg}]}` is what the query API answers for a missing trace.
  const errors = Array.isArray(doc.errors) ? doc.errors : [];
  const messages: string[] = [];
  for (const e of errors) if (isRecord(e) && typeof e.msg === 'string') messages.push(e.msg);
  state.ctx.problems.push({
    code: 'input.bad-trace',
    file: state.ctx.file,
    where: dataPath,
    message: messages.length > 0 ? `Jaeger returned errors: ${messages.join('; ')}` : 'No traces in `data`.',
  });
}

function readTrace(trace: Record<string, unknown>, state: ReadState, path: string): void {
  const spans = trace.spans;
  const spansPath = childPath(path, 'spans');
  if (!Array.isArray(spans)) {
    state.ctx.problems.push({ code: 'input.bad-trace', file: state.ctx.file, where: spansPath, message: '`spans` is not an array.' });
    return;
  }
  const scope: TraceScope = {
    traceID: trace.traceID,
    processes: isRecord(trace.processes) ? trace.processes : undefined,
    cache: new Map(),
  };
  const release = state.ctx.ownsInput === true;
  for (let i = 0; i < spans.length; i++) {
    readSpan(spans[i], state, spansPath, i, scope);
    if (release) spans[i] = null;
  }
}

function toProcess(raw: unknown, cuts: ValueCuts): Process {
  if (!isRecord(raw)) return NO_PROCESS;
  const service = typeof raw.serviceName === 'string' ? raw.serviceName : '';
  const resource: Attribute[] = [];
  if (service !== '') resource.push({ key: 'service.name', value: service });
  for (const tag of jaegerTagsToAttributes(raw.tags, cuts)) resource.push(tag);
  return { service, resource };
}

function spanProcess(span: Record<string, unknown>, scope: TraceScope | undefined, cuts: ValueCuts): Process {
  if (isRecord(span.process)) return toProcess(span.process, cuts);
  const id = span.processID;
  if (scope?.processes === undefined || typeof id !== 'string') return NO_PROCESS;
  let process = scope.cache.get(id);
  if (process === undefined) {
    // Own properties only: a processID such as `__proto__` must not reach Object.prototype.
    const raw = Object.prototype.hasOwnProperty.call(scope.processes, id) ? scope.processes[id] : undefined;
    process = toProcess(raw, cuts);
    scope.cache.set(id, process);
  }
  return process;
}

function readLogs(logs: unknown, cuts: ValueCuts): SpanEvent[] {
  const events: SpanEvent[] = [];
  if (!Array.isArray(logs)) return events;
  for (const log of logs) {
    if (!isRecord(log)) continue;
    // As the Collector does: the `event` field names the event, the other fields are its attributes.
    let name = '';
    const attributes: Attribute[] = [];
    if (Array.isArray(log.fields)) {
      for (const field of log.fields) {
        if (!isRecord(field) || typeof field.key !== 'string') continue;
        const value = jaegerTagValue(field.type, field.value, cuts);
        if (field.key === 'event' && name === '' && typeof value === 'string') name = value;
        else attributes.push({ key: field.key, value });
      }
    }
    const timeUs = toNumber(log.timestamp);
    events.push(timeUs === undefined ? { name, attributes } : { name, timeUs, attributes });
  }
  return events;
}

const isTrueTag = (v: unknown): boolean => v === true || (typeof v === 'string' && v.toLowerCase() === 'true');

/** The span at `listPath[index]` (at `listPath` itself when `index` is undefined; `pathAt`). */
function readSpan(raw: unknown, state: ReadState, listPath: string, index: number | undefined, scope: TraceScope | undefined): void {
  const ctx = state.ctx;
  if (!isRecord(raw)) {
    reportBadSpan(ctx, pathAt(listPath, index), 'A Jaeger span must be an object.');
    return;
  }
  const rawTraceId = raw.traceID ?? scope?.traceID;
  if (rawTraceId === undefined || raw.spanID === undefined) {
    reportBadSpan(ctx, pathAt(listPath, index), 'A Jaeger span needs `traceID` and `spanID`.');
    return;
  }
  const traceId = state.traceIdOf(rawTraceId);
  const spanId = normaliseSpanId(raw.spanID, 'padded-hex');
  const refs = readJaegerReferences(raw, traceId, state.traceIdOf);
  const cuts = valueCuts();
  const facts = readTagFacts(jaegerTagsToAttributes(raw.tags, cuts), isTrueTag);
  const process = spanProcess(raw, scope, cuts);
  const startUs = toNumber(raw.startTime);
  const durationUs = toNumber(raw.duration);
  const span: Span = {
    traceId: traceId.id,
    spanId: spanId.id,
    validId: traceId.valid && spanId.valid,
    parentSpanId: refs.parent,
    name: typeof raw.operationName === 'string' ? raw.operationName : '',
    service: process.service,
    kind: facts.kind,
    startUs,
    durationUs,
    status: facts.status,
    statusMessage: facts.statusMessage,
    attributes: facts.attributes,
    resource: process.resource,
    scope: facts.scope,
    events: readLogs(raw.logs, cuts),
    links: refs.links,
    droppedLinksCount: facts.droppedLinksCount,
    source: ctx.file,
  };
  ctx.spans.push(span);
  if (cuts.count > 0) reportCutValues(ctx, pathAt(listPath, index), cuts);
}
