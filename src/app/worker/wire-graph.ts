/**
 * A slice's graph as it crosses from the worker: its parent edges as one Int32Array of span
 * indices (child, parent, child, parent, ... into the order of `spans`) instead of an object
 * with three 49-character key strings each. The main thread rebuilds the edges from the keys it
 * already holds. For a 10,000-span trace that is 10,000 objects and 30,000 strings fewer to
 * clone: the task that took the result off the message went from 53-77 ms to under 50 ms.
 */
import { spanKey, type LinkGraph, type ParentEdge, type Span, type SpanKey, type TraceId } from '../../core';
import { spanFailed } from '../../core/graph/span-lookup';
import { adoptForest, keptForest, type ForestShape, type SpanForest } from '../../core/layout/tree-layout';

/**
 * A graph as sent: `parentEdges` empty and the edges in `parentPairs`; with `spanParts`, its
 * `spans` empty and sent ahead of it in that many `spans` messages (`splitSpans`).
 */
export interface WireGraph extends LinkGraph {
  readonly parentPairs?: Int32Array;
  readonly spanParts?: number;
  /** The span forests the worker's layout built for its large traces (`withForests`). */
  readonly forests?: readonly WireForest[];
}

/** One trace's forest as sent: its shape; its keys are the trace's own (tree-layout.ts). */
export interface WireForest extends ForestShape {
  readonly traceId: TraceId;
}

/**
 * The graph to post with the forests `full`'s layout kept for its traces (the large ones), so the
 * page plans their collapse without building them again (tree-layout.ts KEPT_FOREST_SPANS).
 */
export function withForests(graph: WireGraph, full: LinkGraph): WireGraph {
  const forests: WireForest[] = [];
  for (const traceId of graph.traces.keys()) {
    const forest = keptForest(full, traceId);
    if (forest !== undefined) forests.push({ traceId, parent: forest.parent, order: forest.order, depth: forest.depth, failed: failedOf(forest, full) });
  }
  return forests.length === 0 ? graph : { ...graph, forests };
}

const failedFlags = new WeakMap<SpanForest, Uint8Array>();

/**
 * Which nodes of a kept forest are not loaded spans or failed, as the page's collapse plan asks
 * (`SpanForest.failed`): noted here, from the worker's span table, once per forest. On the page
 * each was a lookup in a Map of the slice's spans: for a 100,000-span trace opened, most of a
 * 136-200 ms planning task.
 */
function failedOf(forest: SpanForest, full: LinkGraph): Uint8Array {
  let flags = failedFlags.get(forest);
  if (flags === undefined) {
    flags = new Uint8Array(forest.keys.length);
    for (let i = 0; i < flags.length; i++) if (spanFailed(full, forest.keys[i]!) !== false) flags[i] = 1;
    failedFlags.set(forest, flags);
  }
  return flags;
}

/** Takes the forests that came with `sent` for the graph made of it (`graph`): see `withForests`. */
export function adoptForests(graph: LinkGraph, sent: WireGraph): LinkGraph {
  for (const f of sent.forests ?? []) {
    const trace = graph.traces.get(f.traceId);
    if (trace !== undefined) adoptForest(graph, trace, f);
  }
  return graph;
}

/**
 * Spans per message when a graph's spans go ahead of it. Each message is deserialised in a task
 * of its own on the main thread: a 10,000-span slice in one message was a 45-50 ms task there.
 */
export const SPANS_PER_PART = 2000;

/** The graph to post, and the parts of its spans to post before it (none for a small graph). */
export function splitSpans(graph: WireGraph): { graph: WireGraph; parts: Span[][] } {
  if (graph.spans.size <= SPANS_PER_PART) return { graph, parts: [] };
  const parts: Span[][] = [];
  let part: Span[] = [];
  for (const span of graph.spans.values()) {
    part.push(span);
    if (part.length === SPANS_PER_PART) {
      parts.push(part);
      part = [];
    }
  }
  if (part.length > 0) parts.push(part);
  return { graph: { ...graph, spans: new Map(), spanParts: parts.length }, parts };
}

/**
 * The graph with its spans back from the parts that came ahead of it, in order (each span keyed
 * as the model keys it, `traceId/spanId`). A graph sent whole is returned as it is.
 */
export function joinSpans(graph: WireGraph, parts: readonly (readonly Span[])[]): WireGraph {
  const join = new SpansJoin(graph, parts);
  join.run();
  return join.graph();
}

/**
 * `joinSpans` a slice of time at a time, so that a large graph is joined over several tasks: the
 * 100,000 spans of one opened trace were joined in one task of 51-225 ms (its Map, the collector).
 */
export class SpansJoin {
  private readonly spans = new Map<SpanKey, Span>();
  private next = 0;

  constructor(
    private readonly sent: WireGraph,
    private readonly parts: readonly (readonly Span[])[],
  ) {
    if (sent.spanParts !== undefined && parts.length !== sent.spanParts) throw new Error(`expected ${sent.spanParts} parts of spans, got ${parts.length}`);
  }

  get done(): boolean {
    return this.sent.spanParts === undefined || this.next === this.parts.length;
  }

  /** Joins parts until all are, or `ms` have passed (at least one part); says whether all are. */
  run(ms = Infinity): boolean {
    const until = performance.now() + ms;
    while (!this.done) {
      for (const span of this.parts[this.next++]!) this.spans.set(spanKey(span.traceId, span.spanId), span);
      if (performance.now() >= until) break;
    }
    return this.done;
  }

  /** The graph with its spans back, once `done` (a graph sent whole: as it is). */
  graph(): WireGraph {
    if (this.sent.spanParts === undefined) return this.sent;
    if (!this.done) throw new Error('the spans are not all joined yet');
    const { spanParts: _parts, ...rest } = this.sent;
    return { ...rest, spans: this.spans };
  }
}

/** The graph to post: its parent edges packed (or the graph as it is, when one cannot be). */
export function packParents(graph: LinkGraph): WireGraph {
  if (graph.parentEdges.length === 0) return graph;
  const index = new Map<SpanKey, number>();
  let i = 0;
  for (const key of graph.spans.keys()) index.set(key, i++);
  const pairs = new Int32Array(graph.parentEdges.length * 2);
  for (let e = 0; e < graph.parentEdges.length; e++) {
    const edge = graph.parentEdges[e]!;
    const child = index.get(edge.child);
    const parent = index.get(edge.parent);
    // Every edge's id is its child's key (build-graph.ts); anything else is sent as it is.
    if (child === undefined || parent === undefined || edge.id !== edge.child) return graph;
    pairs[2 * e] = child;
    pairs[2 * e + 1] = parent;
  }
  return { spans: graph.spans, traces: graph.traces, parentEdges: [], linkEdges: graph.linkEdges, placeholders: graph.placeholders, parentPairs: pairs };
}

/** The graph as received, its parent edges rebuilt (a graph sent unpacked is returned as it is). */
export function unpackParents(graph: WireGraph): LinkGraph {
  const pairs = graph.parentPairs;
  if (pairs === undefined) return graph;
  const keys = [...graph.spans.keys()];
  const parentEdges: ParentEdge[] = new Array<ParentEdge>(pairs.length / 2);
  for (let e = 0; e < parentEdges.length; e++) {
    const child = keys[pairs[2 * e]!]!;
    parentEdges[e] = { id: child, parent: keys[pairs[2 * e + 1]!]!, child };
  }
  return { spans: graph.spans, traces: graph.traces, parentEdges, linkEdges: graph.linkEdges, placeholders: graph.placeholders };
}
