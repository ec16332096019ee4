import type { SpanKey, TraceId } from '../ids';
import type { Span } from './span';
import { sameSpan } from './same-span';
import { SpanTable, type TraceRows } from './span-table';
import type { SpanRows } from './span-rows';

export { SpanTable } from './span-table';

export { sameSpan } from './same-span';

/** Two different spans under one key: `first` is kept, `second` only raises `span.duplicate-id`. */
export interface DuplicateSpan {
  readonly key: SpanKey;
  readonly first: Span;
  readonly second: Span;
}

/**
 * Everything loaded so far, merged (DIAGNOSTICS.md "Identity"): one span per `(traceId, spanId)`.
 * `spans` reads like a Map in load order; change it only through `addSpans` (and `removeSource`).
 */
export interface SpanSet {
  readonly spans: SpanTable;
  readonly duplicates: DuplicateSpan[];
}

interface MergeState {
  /** Other files that held an identical copy of a kept span, so `removeSource` can keep it. */
  readonly copies: Map<SpanKey, string[]>;
  /** Duplicates by key, so a collision is checked against its own key's duplicates only. */
  readonly duplicates: Map<SpanKey, Span[]>;
}
const states = new WeakMap<SpanSet, MergeState>();

/** @example const set = createSpanSet(); addSpans(set, result.spans); */
export function createSpanSet(): SpanSet {
  return { spans: new SpanTable(), duplicates: [] };
}

function mergeState(set: SpanSet): MergeState {
  let state = states.get(set);
  if (state === undefined) {
    state = { copies: new Map(), duplicates: new Map() };
    for (const d of set.duplicates) listIn(state.duplicates, d.key).push(d.second);
    states.set(set, state);
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

/**
 * Adds spans to the set. NOTE: mutates `set`.
 * The same span again is kept once; a different span under a loaded key keeps the first and is
 * recorded in `duplicates` (once per distinct content, so loading a file twice adds nothing).
 * @returns how many spans were new, and how many were new duplicates.
 */
export function addSpans(set: SpanSet, spans: readonly Span[]): { added: number; duplicates: number } {
  const counts = { added: 0, duplicates: 0 };
  const table = set.spans;
  table.reserve(spans.length);
  // Files list a trace's spans together: look its rows up once per run of spans.
  let lastTrace: TraceId | undefined;
  let trace: TraceRows | undefined;
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i]!;
    if (span.traceId !== lastTrace || trace === undefined) {
      lastTrace = span.traceId;
      trace = table.traceRows(lastTrace);
    }
    const row = table.insertIn(trace, span);
    if (row < 0) counts.added++;
    else repeated(set, row, span, counts);
  }
  return counts;
}

/**
 * `addSpans` for spans a reader kept as columns (`SpanRows`): the same merge, but a new row
 * keeps only the columns, and its span is made when first asked for. NOTE: mutates `set`.
 */
export function addRows(set: SpanSet, rows: SpanRows): { added: number; duplicates: number } {
  const counts = { added: 0, duplicates: 0 };
  const table = set.spans;
  table.reserve(rows.count);
  let lastTrace: TraceId | undefined;
  let trace: TraceRows | undefined;
  for (let i = 0; i < rows.count; i++) {
    const traceId = rows.traceIdAt(i);
    if (traceId !== lastTrace || trace === undefined) {
      lastTrace = traceId;
      trace = table.traceRows(traceId);
    }
    const row = table.insertRowIn(trace, rows, i);
    if (row < 0) counts.added++;
    else if (!knownCopy(set, row, rows, i)) repeated(set, row, rows.span(i), counts);
  }
  return counts;
}

/**
 * Row `i` of `rows` under the key of loaded row `row`, when both readers can tell it the same span
 * without making either (the same file loaded twice, or the same lines in two exports): noted as
 * a copy, as `repeated` would. False when that cannot be told: the spans are made and compared.
 */
function knownCopy(set: SpanSet, row: number, rows: SpanRows, i: number): boolean {
  const table = set.spans;
  const held = table.heldRowsAt(row);
  const mine = rows.identity;
  const theirs = held?.identity;
  if (held === undefined || mine === undefined || theirs === undefined || mine.same(i, held, table.heldIndexAt(row)) !== true) return false;
  if (theirs.source !== mine.source) noteCopy(set, table.keyAt(row), mine.source);
  return true;
}

/** `source` held a copy of the span kept under `key` (for `removeSource`). */
function noteCopy(set: SpanSet, key: SpanKey, source: string): void {
  const files = listIn(mergeState(set).copies, key);
  if (!files.includes(source)) files.push(source);
}

/** `span` under the key of loaded row `row`: a copy from another file, or a duplicate. */
function repeated(set: SpanSet, row: number, span: Span, counts: { duplicates: number }): void {
  const table = set.spans;
  // NOTE: the state is made on the first repeat only, so a plain load never builds it.
  const state = mergeState(set);
  // Made, not kept, for a row from columns: a file loaded twice must not turn the table into objects.
  const kept = table.spanCopyAt(row);
  const key = table.keyAt(row);
  if (sameSpan(kept, span)) {
    if (kept.source !== span.source) noteCopy(set, key, span.source);
  } else {
    const seconds = listIn(state.duplicates, key);
    if (!seconds.some((s) => sameSpan(s, span))) {
      seconds.push(span);
      set.duplicates.push({ key, first: kept, second: span });
      counts.duplicates++;
    }
  }
}

/**
 * A new set without the spans read from `file`. A span that another file also held stays (with
 * that file as its source); a duplicate whose kept span goes takes its place.
 */
export function removeSource(set: SpanSet, file: string): SpanSet {
  const state = mergeState(set);
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
