import { spanKey, type SpanId, type SpanKey, type TraceId } from '../ids';
import type { Span } from './span';
import { sameSpan } from './same-span';

export { sameSpan } from './same-span';

/** Two different spans under one key: `first` is kept, `second` only raises `span.duplicate-id`. */
export interface DuplicateSpan {
  readonly key: SpanKey;
  readonly first: Span;
  readonly second: Span;
}

/**
 * Everything loaded so far, merged (DIAGNOSTICS.md "Identity"): one span per `(traceId, spanId)`.
 * Map order is load order. Change it only through `addSpans` (and `removeSource`): they keep a
 * private index beside it.
 */
export interface SpanSet {
  readonly spans: Map<SpanKey, Span>;
  readonly duplicates: DuplicateSpan[];
}

/**
 * Loaded span keys by trace id, then span id. A lookup here hashes the reader's own id strings; a
 * lookup in `spans` must first build `trace/span` and flatten it, several times slower over
 * 100k spans. The keys it gives are the strings `spans` holds, with their hash already cached.
 */
export type SpanIndex = ReadonlyMap<TraceId, ReadonlyMap<SpanId, SpanKey>>;

interface IndexState {
  readonly byTrace: Map<TraceId, Map<SpanId, SpanKey>>;
  size: number;
  /** Other files that held an identical copy of a kept span, so `removeSource` can keep it. */
  readonly copies: Map<SpanKey, string[]>;
  /** Duplicates by key, so a collision is checked against its own key's duplicates only. */
  readonly duplicates: Map<SpanKey, Span[]>;
}
const indexes = new WeakMap<SpanSet, IndexState>();

/** @example const set = createSpanSet(); addSpans(set, result.spans); */
export function createSpanSet(): SpanSet {
  return { spans: new Map(), duplicates: [] };
}

/** The set's index, rebuilt (without copies) if the set was changed other than by `addSpans`. */
function indexState(set: SpanSet): IndexState {
  let state = indexes.get(set);
  if (state === undefined || state.size !== set.spans.size) {
    const fresh: IndexState = { byTrace: new Map(), size: 0, copies: new Map(), duplicates: new Map() };
    set.spans.forEach((span, key) => {
      let inner = fresh.byTrace.get(span.traceId);
      if (inner === undefined) {
        inner = new Map();
        fresh.byTrace.set(span.traceId, inner);
      }
      inner.set(span.spanId, key);
      fresh.size++;
    });
    state = fresh;
    for (const d of set.duplicates) listIn(state.duplicates, d.key).push(d.second);
    indexes.set(set, state);
  }
  return state;
}

function listIn<T>(map: Map<SpanKey, T[]>, key: SpanKey): T[] {
  let list = map.get(key);
  if (list === undefined) {
    list = [];
    map.set(key, list);
  }
  return list;
}

/** Loaded span keys by trace id and span id (see `SpanIndex`). */
export function spanIndex(set: SpanSet): SpanIndex {
  return indexState(set).byTrace;
}

/**
 * Adds spans to the set. NOTE: mutates `set`.
 * The same span again is kept once; a different span under a loaded key keeps the first and is
 * recorded in `duplicates` (once per distinct content, so loading a file twice adds nothing).
 * @returns how many spans were new, and how many were new duplicates.
 */
export function addSpans(set: SpanSet, spans: readonly Span[]): { added: number; duplicates: number } {
  let added = 0;
  let duplicates = 0;
  const state = indexState(set);
  // Files list a trace's spans together: look its index up once per run of spans.
  let lastTrace: TraceId | undefined;
  let inner: Map<SpanId, SpanKey> | undefined;
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i]!;
    if (span.traceId !== lastTrace || inner === undefined) {
      lastTrace = span.traceId;
      inner = state.byTrace.get(lastTrace);
      if (inner === undefined) {
        inner = new Map();
        state.byTrace.set(lastTrace, inner);
      }
    }
    let key: SpanKey | undefined;
    if (span.validId) {
      // One hash operation on the index instead of a get then a set: a new span grows it.
      const size = inner.size;
      key = spanKey(span.traceId, span.spanId);
      inner.set(span.spanId, key);
      if (inner.size !== size) {
        set.spans.set(key, span);
        state.size++;
        added++;
        continue;
      }
    } else {
      key = inner.get(span.spanId);
      // Malformed ids may hold the key's `/` (`a/b` + `c` vs `a` + `b/c`): one key, as `spans` sees it.
      if (key === undefined) {
        const flat = spanKey(span.traceId, span.spanId);
        if (set.spans.has(flat)) key = flat;
      }
      if (key === undefined) {
        key = spanKey(span.traceId, span.spanId);
        set.spans.set(key, span);
        inner.set(span.spanId, key);
        state.size++;
        added++;
        continue;
      }
    }
    const kept = set.spans.get(key)!;
    if (sameSpan(kept, span)) {
      if (kept.source !== span.source) {
        const files = listIn(state.copies, key);
        if (!files.includes(span.source)) files.push(span.source);
      }
    } else {
      const seconds = listIn(state.duplicates, key);
      if (!seconds.some((s) => sameSpan(s, span))) {
        seconds.push(span);
        set.duplicates.push({ key, first: kept, second: span });
        duplicates++;
      }
    }
  }
  return { added, duplicates };
}

/**
 * A new set without the spans read from `file`. A span that another file also held stays (with
 * that file as its source); a duplicate whose kept span goes takes its place.
 */
export function removeSource(set: SpanSet, file: string): SpanSet {
  const state = indexState(set);
  const again: Span[] = [];
  for (const [key, span] of set.spans) {
    const copies = state.copies.get(key);
    const others = copies === undefined ? [] : copies.filter((f) => f !== file);
    if (span.source !== file) again.push(span);
    else if (others.length > 0) again.push({ ...span, source: others.shift()! });
    for (const other of others) again.push({ ...span, source: other });
  }
  for (const d of set.duplicates) if (d.second.source !== file) again.push(d.second);
  const next = createSpanSet();
  addSpans(next, again);
  return next;
}
