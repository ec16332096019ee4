/**
 * Zipkin JSON: v2 (FORMATS.md section 4), and v1 when cheap. Accepts an array of spans
 * (`/api/v2/trace/{id}`), an array of arrays (`/api/v2/traces`, `/traceMany`) and one span.
 * Zipkin has no links. The CLIENT and SERVER halves of a shared span become one span.
 */
import { spanKey } from '../ids';
import type { SpanKey } from '../ids';
import type { Attribute, SpanEvent } from '../model/span';
import { childPath, isRecord, kindFromText, reportBadSpan, reportCutValues, toNumber, toText, valueCuts } from './tags';
import type { ValueCuts } from './tags';
import type { DocumentReader, ReaderContext } from './types';
import { partsToSpan, positive } from './zipkin-parts';
import type { ZipkinParts } from './zipkin-parts';
import { canMerge, halfOf, mergeShared } from './zipkin-shared';
import type { Half } from './zipkin-shared';
import { isZipkinV1, readZipkinV1 } from './zipkin-v1';

interface Seen {
  readonly index: number;
  readonly half: Half;
  merged: boolean;
}

/**
 * Spans already read per output list, so that shared halves meet even when the dispatcher calls
 * us once per document of a multi-document file. Weak: nothing outlives the read.
 */
const seenByOutput = new WeakMap<object, Map<SpanKey, Seen>>();

export const readZipkin: DocumentReader = (doc, ctx, path) => {
  let seen = seenByOutput.get(ctx.spans);
  if (seen === undefined) {
    seen = new Map();
    seenByOutput.set(ctx.spans, seen);
  }
  if (!Array.isArray(doc)) return readSpan(doc, ctx, path, seen);
  // As otlp.ts: a document parsed for this read lets go of what it read (less for a GC to copy).
  const release = ctx.ownsInput === true;
  for (let i = 0; i < doc.length; i++) {
    const item: unknown = doc[i];
    const itemPath = childPath(path, i);
    if (!Array.isArray(item)) {
      readSpan(item, ctx, itemPath, seen);
      if (release) doc[i] = null;
      continue;
    }
    for (let j = 0; j < item.length; j++) {
      readSpan(item[j], ctx, childPath(itemPath, j), seen);
      if (release) item[j] = null;
    }
  }
};

function serviceOf(endpoint: unknown): string {
  return isRecord(endpoint) && typeof endpoint.serviceName === 'string' ? endpoint.serviceName : '';
}

function readV2(span: Record<string, unknown>, cuts: ValueCuts): ZipkinParts {
  const tags: Attribute[] = [];
  if (isRecord(span.tags)) {
    // Own keys only, read by index: `__proto__` stays an ordinary tag.
    for (const key of Object.keys(span.tags)) {
      const value = span.tags[key];
      // Tags are strings; anything else becomes text (bounded, whatever its depth).
      tags.push({ key, value: toText(value, cuts) });
    }
  }
  const events: SpanEvent[] = [];
  if (Array.isArray(span.annotations)) {
    for (const a of span.annotations) {
      if (!isRecord(a)) continue;
      const name = typeof a.value === 'string' ? a.value : '';
      const timeUs = toNumber(a.timestamp);
      events.push(timeUs === undefined ? { name, attributes: [] } : { name, timeUs, attributes: [] });
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

function readSpan(raw: unknown, ctx: ReaderContext, path: string, seen: Map<SpanKey, Seen>): void {
  if (!isRecord(raw)) {
    reportBadSpan(ctx, path, 'A Zipkin span must be an object.');
    return;
  }
  if (raw.traceId === undefined || raw.traceId === null || raw.id === undefined || raw.id === null) {
    reportBadSpan(ctx, path, 'A Zipkin span needs `traceId` and `id`.');
    return;
  }
  const cuts = valueCuts();
  const parts = isZipkinV1(raw) ? readZipkinV1(raw, cuts) : readV2(raw, cuts);
  reportCutValues(ctx, path, cuts);
  const span = partsToSpan(parts, ctx.file);
  const key = spanKey(span.traceId, span.spanId);
  const half = halfOf(span.kind, parts.shared);
  const before = seen.get(key);
  const other = before === undefined ? undefined : ctx.spans[before.index];
  // The key check guards against a caller that reordered the output list between documents.
  if (before !== undefined && other !== undefined && !before.merged && canMerge(before.half, half) && spanKey(other.traceId, other.spanId) === key) {
    ctx.spans[before.index] = before.half === 'client' ? mergeShared(other, span) : mergeShared(span, other);
    before.merged = true;
    return;
  }
  // A second span under a key that cannot merge stays a separate span: merge.ts reports it.
  if (before === undefined) seen.set(key, { index: ctx.spans.length, half, merged: false });
  ctx.spans.push(span);
}
