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

/** A loaded span in the index, with its key (the very string `spans` holds). */
export interface IndexedSpan {
  readonly key: SpanKey;
  readonly span: Span;
}

/**
 * Loaded spans by trace id, then span id. A lookup here hashes the reader's own id strings; a
 * lookup in `spans` must first build `trace/span` and flatten it, several times slower over
 * 100k spans. The keys it gives are the strings `spans` holds, with their hash already cached.
 */
export type SpanIndex = ReadonlyMap<TraceId, ReadonlyMap<SpanId, IndexedSpan>>;

interface Entry extends IndexedSpan {
  /** Other files that held an identical copy, so `removeSource` can keep the span. */
  copies?: string[];
}
interface IndexState {
  readonly byTrace: Map<TraceId, Map<SpanId, Entry>>;
  size: number;
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
    state = { byTrace: new Map(), size: 0, duplicates: new Map() };
    for (const [key, span] of set.spans) indexEntry(state, { key, span });
    for (const d of set.duplicates) duplicatesOf(state, d.key).push(d.second);
    indexes.set(set, state);
  }
  return state;
}

function indexEntry(state: IndexState, entry: Entry): void {
  const { traceId, spanId } = entry.span;
  let inner = state.byTrace.get(traceId);
  if (inner === undefined) {
    inner = new Map();
    state.byTrace.set(traceId, inner);
  }
  inner.set(spanId, entry);
  state.size++;
}

function duplicatesOf(state: IndexState, key: SpanKey): Span[] {
  let list = state.duplicates.get(key);
  if (list === undefined) {
    list = [];
    state.duplicates.set(key, list);
  }
  return list;
}

/** Loaded spans by trace id and span id (see `SpanIndex`). */
export function spanIndex(set: SpanSet): SpanIndex {
  return indexState(set).byTrace;
}

/** The loaded entry for `span`'s ids, if any. */
function findEntry(set: SpanSet, state: IndexState, span: Span): Entry | undefined {
  const entry = state.byTrace.get(span.traceId)?.get(span.spanId);
  if (entry !== undefined || span.validId) return entry;
  // Malformed ids may hold the key's `/` (`a/b` + `c` vs `a` + `b/c`): one key, as `spans` sees it.
  const key = spanKey(span.traceId, span.spanId);
  const kept = set.spans.get(key);
  return kept === undefined ? undefined : state.byTrace.get(kept.traceId)?.get(kept.spanId);
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
  for (const span of spans) {
    const entry = findEntry(set, state, span);
    if (entry === undefined) {
      const key = spanKey(span.traceId, span.spanId);
      set.spans.set(key, span);
      indexEntry(state, { key, span });
      added++;
    } else if (sameSpan(entry.span, span)) {
      if (entry.span.source !== span.source) {
        if (entry.copies === undefined) entry.copies = [span.source];
        else if (!entry.copies.includes(span.source)) entry.copies.push(span.source);
      }
    } else {
      const seconds = duplicatesOf(state, entry.key);
      if (!seconds.some((s) => sameSpan(s, span))) {
        seconds.push(span);
        set.duplicates.push({ key: entry.key, first: entry.span, second: span });
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
  for (const span of set.spans.values()) {
    const copies = state.byTrace.get(span.traceId)?.get(span.spanId)?.copies;
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
