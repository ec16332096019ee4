/**
 * What the layout, the exports, the search and the CLI's mermaid ask of many spans (their trace,
 * start, parent, status, ids, name and service), read from the span table's columns when the graph
 * holds one, so a 100k-span load makes no span objects for them (a table row kept as reader columns
 * makes its span only when asked: model/span-rows.ts). A graph that holds a plain Map (the app's
 * main thread) is read from its spans.
 */
import { spanKey, type SpanKey, type TraceId } from '../ids';
import { parentRow } from './build-graph';
import { ROW_DROPPED_LINKS, ROW_ERROR, ROW_PARENT_MASK, ROW_PARENT_NONE } from '../model/row-flags';
import { SpanTable, type SpanBrief } from '../model/span-table';
import type { LinkGraph } from './types';

/** The trace id of a loaded span or of a placeholder, by key (undefined: neither). */
export function loadedTraceOf(graph: LinkGraph, key: SpanKey): TraceId | undefined {
  const spans = graph.spans;
  const traceId = spans instanceof SpanTable ? spans.traceIdOfKey(key) : spans.get(key)?.traceId;
  return traceId ?? graph.placeholders.get(key)?.traceId;
}

/** The ids, name and service of the loaded span `key` (undefined: not loaded). */
export function briefOf(graph: LinkGraph, key: SpanKey): SpanBrief | undefined {
  const spans = graph.spans;
  if (!(spans instanceof SpanTable)) return spans.get(key);
  const row = spans.rowOfKey(key);
  return row < 0 ? undefined : spans.briefAt(row);
}

/** Each loaded span's ids, name and service with its key, in load order, without making the spans. */
export function forEachBrief(graph: LinkGraph, each: (span: SpanBrief, key: SpanKey) => void): void {
  const spans = graph.spans;
  if (!(spans instanceof SpanTable)) {
    spans.forEach((span, key) => each(span, key));
    return;
  }
  for (let row = 0; row < spans.size; row++) each(spans.briefAt(row), spans.keyAt(row));
}

/** The keys of the loaded spans whose SDK dropped links, in load order. */
export function spansWithDroppedLinks(graph: LinkGraph): SpanKey[] {
  const spans = graph.spans;
  const out: SpanKey[] = [];
  if (!(spans instanceof SpanTable)) {
    spans.forEach((span, key) => {
      if (span.droppedLinksCount > 0) out.push(key);
    });
    return out;
  }
  for (let row = 0; row < spans.size; row++) if ((spans.flagsAt(row) & ROW_DROPPED_LINKS) !== 0) out.push(spans.keyAt(row));
  return out;
}

/** Whether the loaded span `key` has status error; undefined when no span has that key. */
export function spanFailed(graph: LinkGraph, key: SpanKey): boolean | undefined {
  const spans = graph.spans;
  if (!(spans instanceof SpanTable)) {
    const span = spans.get(key);
    return span === undefined ? undefined : span.status === 'error';
  }
  const row = spans.rowOfKey(key);
  return row < 0 ? undefined : (spans.flagsAt(row) & ROW_ERROR) !== 0;
}

/** A loaded span's start (undefined: none) and the key its parent id names (undefined: a root). */
export interface StartAndParent {
  readonly startUs: number | undefined;
  readonly parent: SpanKey | undefined;
}

/** `key`'s start and parent key, or undefined when no span has that key. */
export function startAndParent(graph: LinkGraph, key: SpanKey): StartAndParent | undefined {
  const spans = graph.spans;
  if (!(spans instanceof SpanTable)) {
    const span = spans.get(key);
    if (span === undefined) return undefined;
    return { startUs: span.startUs, parent: span.parentSpanId === undefined ? undefined : spanKey(span.traceId, span.parentSpanId) };
  }
  const row = spans.rowOfKey(key);
  if (row < 0) return undefined;
  const start = spans.startAt(row);
  let parent: SpanKey | undefined;
  if ((spans.flagsAt(row) & ROW_PARENT_MASK) !== ROW_PARENT_NONE) {
    // The loaded parent's key (as buildGraph found it); else the key the id names (a placeholder may have it).
    const loaded = parentRow(graph, row);
    parent = loaded >= 0 ? spans.keyAt(loaded) : spanKey(spans.traceAt(row).traceId, spans.parentIdAt(row)!);
  }
  return { startUs: start === start ? start : undefined, parent };
}
