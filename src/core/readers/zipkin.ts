/**
 * Zipkin JSON: v2 (FORMATS.md section 4), and v1 when cheap. Accepts an array of spans
 * (`/api/v2/trace/{id}`), an array of arrays (`/api/v2/traces`, `/traceMany`) and one span.
 * Zipkin has no links. The CLIENT and SERVER halves of a shared span become one span.
 */
import { spanKey } from '../ids';
import type { SpanKey } from '../ids';
import type { Attribute, SpanEvent } from '../model/span';
import { NO_ATTRIBUTES, NO_EVENTS } from '../model/span';
import { childPath, isRecord, kindFromText, pathAt, reportBadSpan, reportCutValues, toNumber, toText, valueCuts } from './tags';
import type { ValueCuts } from './tags';
import type { DocumentReader, ReaderContext } from './types';
import { partsToSpan, positive, ServiceResources } from './zipkin-parts';
import type { ZipkinParts } from './zipkin-parts';
import { canMerge, halfOf, mergeShared } from './zipkin-shared';
import type { Half } from './zipkin-shared';
import { isZipkinV1, readZipkinV1 } from './zipkin-v1';

interface Seen {
  readonly index: number;
  readonly traceId: string;
  readonly half: Half;
  merged: boolean;
}

/**
 * The first span read under each (trace id, span id), found by its span id alone: a span id is
 * nearly always one trace's, and a key string per span (`spanKey`) cost a concatenation and its
 * hash. The few span ids met in a second trace are found by their key.
 */
class SeenSpans {
  private readonly byId = new Map<string, Seen>();
  private readonly byKey = new Map<SpanKey, Seen>();

  get(traceId: string, spanId: string): Seen | undefined {
    const seen = this.byId.get(spanId);
    if (seen === undefined || seen.traceId === traceId) return seen;
    return this.byKey.size === 0 ? undefined : this.byKey.get(spanKey(traceId, spanId));
  }

  /** Notes `seen` as the first under its key (`get` found none). */
  add(spanId: string, seen: Seen): void {
    if (!this.byId.has(spanId)) this.byId.set(spanId, seen);
    else this.byKey.set(spanKey(seen.traceId, spanId), seen);
  }
}

/**
 * What the reads of one file share, so that shared halves meet even when the dispatcher calls us
 * once per document of a multi-document file: the spans seen, and each service's resource. Keyed
 * by the context, which ends with the read (keyed by its span list, it lived as long as the result).
 */
const stateOf = new WeakMap<ReaderContext, ReadState>();

interface ReadState {
  readonly seen: SeenSpans;
  readonly resources: ServiceResources;
  /** Attribute values cut while the current span was read (reported and reset after each). */
  readonly cuts: ValueCuts;
}

export const readZipkin: DocumentReader = (doc, ctx, path) => {
  let state = stateOf.get(ctx);
  if (state === undefined) {
    state = { seen: new SeenSpans(), resources: new ServiceResources(), cuts: valueCuts() };
    stateOf.set(ctx, state);
  }
  if (!Array.isArray(doc)) return readSpan(doc, ctx, path, undefined, state);
  // As otlp.ts: a document parsed for this read lets go of what it read (less for a GC to copy).
  const release = ctx.ownsInput === true;
  for (let i = 0; i < doc.length; i++) {
    const item: unknown = doc[i];
    if (!Array.isArray(item)) {
      readSpan(item, ctx, path, i, state);
      if (release) doc[i] = null;
      continue;
    }
    const itemPath = childPath(path, i);
    for (let j = 0; j < item.length; j++) {
      readSpan(item[j], ctx, itemPath, j, state);
      if (release) item[j] = null;
    }
  }
};

function serviceOf(endpoint: unknown): string {
  return isRecord(endpoint) && typeof endpoint.serviceName === 'string' ? endpoint.serviceName : '';
}

function readV2(span: Record<string, unknown>, cuts: ValueCuts): ZipkinParts {
  let tags: readonly Attribute[] = NO_ATTRIBUTES;
  if (isRecord(span.tags)) {
    // Own keys only, read by index: `__proto__` stays an ordinary tag.
    const keys = Object.keys(span.tags);
    if (keys.length > 0) {
      const list: Attribute[] = [];
      // Tags are strings; anything else becomes text (bounded, whatever its depth).
      for (const key of keys) list.push({ key, value: toText(span.tags[key], cuts) });
      tags = list;
    }
  }
  let events: readonly SpanEvent[] = NO_EVENTS;
  if (Array.isArray(span.annotations) && span.annotations.length > 0) {
    const list: SpanEvent[] = [];
    events = list;
    for (const a of span.annotations) {
      if (!isRecord(a)) continue;
      const name = typeof a.value === 'string' ? a.value : '';
      const timeUs = toNumber(a.timestamp);
      list.push(timeUs === undefined ? { name, attributes: [] } : { name, timeUs, attributes: [] });
    }
  }
  return {
    traceId: span.traceId,
    id: span.id,
    parentId: span.parentId,
    name: typeof span.name === 'string' ? span.name : '',
    kind: kindFromText(span.kind),
    timestamp: positive(span.timestamp),
    duration: positive(span.duration),
    service: serviceOf(span.localEndpoint),
    remoteService: serviceOf(span.remoteEndpoint),
    tags,
    events,
    shared: span.shared === true,
  };
}

/** The span at `listPath[index]` (at `listPath` itself when `index` is undefined; `pathAt`). */
function readSpan(raw: unknown, ctx: ReaderContext, listPath: string, index: number | undefined, state: ReadState): void {
  if (!isRecord(raw)) {
    reportBadSpan(ctx, pathAt(listPath, index), 'A Zipkin span must be an object.');
    return;
  }
  if (raw.traceId === undefined || raw.traceId === null || raw.id === undefined || raw.id === null) {
    reportBadSpan(ctx, pathAt(listPath, index), 'A Zipkin span needs `traceId` and `id`.');
    return;
  }
  const cuts = state.cuts;
  const parts = isZipkinV1(raw) ? readZipkinV1(raw, cuts) : readV2(raw, cuts);
  if (cuts.count > 0) reportCutValues(ctx, pathAt(listPath, index), cuts);
  const span = partsToSpan(parts, ctx.file, state.resources);
  const half = halfOf(span.kind, parts.shared);
  const before = state.seen.get(span.traceId, span.spanId);
  const other = before === undefined ? undefined : ctx.spans[before.index];
  // The ids check guards against a caller that reordered the output list between documents.
  if (before !== undefined && other !== undefined && !before.merged && canMerge(before.half, half) && other.traceId === span.traceId && other.spanId === span.spanId) {
    ctx.spans[before.index] = before.half === 'client' ? mergeShared(other, span) : mergeShared(span, other);
    before.merged = true;
    return;
  }
  // A second span under a key that cannot merge stays a separate span: merge.ts reports it.
  if (before === undefined) state.seen.add(span.spanId, { index: ctx.spans.length, traceId: span.traceId, half, merged: false });
  ctx.spans.push(span);
}
