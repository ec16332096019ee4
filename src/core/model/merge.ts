import { spanKey, type SpanKey } from '../ids';
import type { Span } from './span';

/** Two different spans under one key: `first` is kept, `second` only raises `span.duplicate-id`. */
export interface DuplicateSpan {
  readonly key: SpanKey;
  readonly first: Span;
  readonly second: Span;
}

/**
 * Everything loaded so far, merged (DIAGNOSTICS.md "Identity"): one span per `(traceId, spanId)`.
 * Map order is load order.
 */
export interface SpanSet {
  readonly spans: Map<SpanKey, Span>;
  readonly duplicates: DuplicateSpan[];
  /**
   * Other files that held an identical copy of a kept span (key -> files, in load order).
   * Only filled on a dedupe, so that `removeSource` can keep a span another file still holds.
   */
  readonly copies: Map<SpanKey, string[]>;
}

/** @example const set = createSpanSet(); addSpans(set, result.spans); */
export function createSpanSet(): SpanSet {
  return { spans: new Map(), duplicates: [], copies: new Map() };
}

/** A span's content as one string, in a fixed field order; `source` is left out on purpose. */
function canonical(s: Span): string {
  return JSON.stringify([
    s.traceId,
    s.spanId,
    s.validId,
    s.parentSpanId ?? null,
    s.name,
    s.service,
    s.kind,
    s.startUs ?? null,
    s.durationUs ?? null,
    s.status,
    s.statusMessage ?? null,
    s.scope ?? null,
    s.droppedLinksCount,
    s.attributes,
    s.resource,
    s.events,
    s.links,
  ]);
}

/**
 * Same content, ignoring `source`. Cheap fields first: a real id collision almost always differs
 * there, so the stringify only runs for true copies (the same file twice, overlapping exports).
 */
export function sameSpan(a: Span, b: Span): boolean {
  if (a === b) return true;
  if (
    a.name !== b.name ||
    a.service !== b.service ||
    a.kind !== b.kind ||
    a.parentSpanId !== b.parentSpanId ||
    a.startUs !== b.startUs ||
    a.durationUs !== b.durationUs ||
    a.status !== b.status ||
    a.droppedLinksCount !== b.droppedLinksCount ||
    a.links.length !== b.links.length ||
    a.attributes.length !== b.attributes.length ||
    a.resource.length !== b.resource.length ||
    a.events.length !== b.events.length
  ) {
    return false;
  }
  return canonical(a) === canonical(b);
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
  for (const span of spans) {
    const key = spanKey(span.traceId, span.spanId);
    const kept = set.spans.get(key);
    if (kept === undefined) {
      set.spans.set(key, span);
      added++;
    } else if (sameSpan(kept, span)) {
      if (kept.source !== span.source) noteCopy(set, key, span.source);
    } else if (!isKnownDuplicate(set, key, span)) {
      set.duplicates.push({ key, first: kept, second: span });
      duplicateIndex(set).get(key)!.push(span);
      duplicates++;
    }
  }
  return { added, duplicates };
}

/** Duplicates by key, so a collision is checked against its own key's duplicates only. */
const duplicateIndexes = new WeakMap<SpanSet, Map<SpanKey, Span[]>>();
function duplicateIndex(set: SpanSet): Map<SpanKey, Span[]> {
  let index = duplicateIndexes.get(set);
  if (index === undefined) {
    index = new Map();
    for (const d of set.duplicates) {
      const list = index.get(d.key);
      if (list === undefined) index.set(d.key, [d.second]);
      else list.push(d.second);
    }
    duplicateIndexes.set(set, index);
  }
  return index;
}

function isKnownDuplicate(set: SpanSet, key: SpanKey, span: Span): boolean {
  const index = duplicateIndex(set);
  const seconds = index.get(key);
  if (seconds === undefined) {
    index.set(key, []);
    return false;
  }
  return seconds.some((s) => sameSpan(s, span));
}

function noteCopy(set: SpanSet, key: SpanKey, source: string): void {
  const files = set.copies.get(key);
  if (files === undefined) set.copies.set(key, [source]);
  else if (!files.includes(source)) files.push(source);
}

/**
 * A new set without the spans read from `file`. A span that another file also held stays (with
 * that file as its source); a duplicate whose kept span goes takes its place.
 */
export function removeSource(set: SpanSet, file: string): SpanSet {
  const next = createSpanSet();
  const again: Span[] = [];
  for (const [key, span] of set.spans) {
    const others = (set.copies.get(key) ?? []).filter((f) => f !== file);
    if (span.source !== file) again.push(span);
    else if (others.length > 0) again.push({ ...span, source: others.shift()! });
    for (const other of others) again.push({ ...span, source: other });
  }
  for (const d of set.duplicates) if (d.second.source !== file) again.push(d.second);
  addSpans(next, again);
  return next;
}
