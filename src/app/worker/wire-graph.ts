/**
 * A slice's graph and layout as they cross from the worker, as typed arrays where they are large:
 * - its parent edges as one Int32Array of span indices (child, parent, child, parent, ... into
 *   the order of `spans`) instead of an object with three 49-character key strings each (for a
 *   10,000-span trace the task that took the result off the message went from 53-77 ms to under
 *   50 ms);
 * - past COLUMN_SPANS, its spans as columns (wire-spans.ts), its traces' span lists as runs of
 *   them, and its large boxes' nodes as columns (`packView`, `ViewReceiver`).
 * The main thread rebuilds the edges and lists from the keys it already holds.
 */
import type { LinkGraph, NodePosition, ParentEdge, SpanKey, TraceId, TraceNode } from '../../core';
import type { GraphLayout, TraceBoxLayout } from '../../core/layout/types';
import { ColumnSpans, packSpans, wireBuffers, type WireSpans } from './wire-spans';
import { spanFailed } from '../../core/graph/span-lookup';
import { adoptForest, forestKeys, indexOfKeys, keptForest, type ForestShape, type SpanForest } from '../../core/layout/tree-layout';

/**
 * A graph as sent: `parentEdges` empty and the edges in `parentPairs`; with `columns`, its
 * `spans` empty and sent as columns, and the traces in `traceRows` (id, first row, count) with
 * their `spans` empty: they are those rows' keys (`packView`).
 */
export interface WireGraph extends LinkGraph {
  readonly parentPairs?: Int32Array;
  readonly columns?: WireSpans;
  readonly traceRows?: readonly (readonly [TraceId, number, number])[];
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
 * A graph with more spans than this goes with them as columns (wire-spans.ts), its traces' span
 * lists as ranges of them and its large boxes' nodes as columns too (`packView`). Below it, the
 * spans go as objects, whole (the details panel has them at once).
 */
export const COLUMN_SPANS = 2000;

/** In a view sent as columns, a box of this many nodes or more has its nodes sent as columns too. */
const PACKED_BOX_NODES = 64;

/** A layout box as sent: with `packed`, its `nodes` are sent empty and go as columns. */
export interface WireBox extends TraceBoxLayout {
  readonly packed?: PackedNodes;
}

/** A box's nodes: node `k` is the `at[k]`-th key of its trace (its spans, then its placeholders). */
export interface PackedNodes {
  readonly at: Int32Array;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly depth: Int32Array;
}

/** A view as posted, and the buffers to transfer with it (made for this message only). */
export interface WireView {
  readonly graph: WireGraph;
  readonly layout: GraphLayout;
  readonly transfer: ArrayBuffer[];
}

/** A box's nodes as columns, or undefined when one is not a key of its trace (then it goes as it is). */
function packNodes(box: TraceBoxLayout, trace: TraceNode | undefined): PackedNodes | undefined {
  if (trace === undefined) return undefined;
  const index = indexOfKeys(forestKeys(trace));
  const n = box.nodes.length;
  const packed = { at: new Int32Array(n), x: new Float64Array(n), y: new Float64Array(n), depth: new Int32Array(n) };
  for (let k = 0; k < n; k++) {
    const node = box.nodes[k]!;
    const at = index.get(node.key);
    if (at === undefined) return undefined;
    packed.at[k] = at;
    packed.x[k] = node.x;
    packed.y[k] = node.y;
    packed.depth[k] = node.depth;
  }
  return packed;
}

/**
 * The graph and layout to post (the worker's side of `ViewReceiver`): past COLUMN_SPANS, the
 * spans as columns, each trace whose spans are a run of them as that run (`traceRows`), and the
 * nodes of each box but the smallest as columns. A small graph goes as it is.
 */
export function packView(graph: WireGraph, layout: GraphLayout): WireView {
  // The parent pairs are made for this message (packParents), as the columns are: both go, not copied.
  const pairs = graph.parentPairs === undefined ? [] : [graph.parentPairs.buffer as ArrayBuffer];
  if (graph.spans.size <= COLUMN_SPANS) return { graph, layout, transfer: pairs };
  const columns = packSpans(graph.spans);
  const keys = [...graph.spans.keys()];
  const traces = new Map<TraceId, TraceNode>();
  const traceRows: [TraceId, number, number][] = [];
  // Spans are listed trace by trace (core/graph/subgraph.ts): each trace's run starts where the last ended.
  let row = 0;
  for (const [id, trace] of graph.traces) {
    // A placeholder trace has no spans; one whose spans are not the next run (no slice makes one) goes as it is.
    const from = row;
    if (trace.spans.length === 0 || !trace.spans.every((key, k) => keys[from + k] === key)) {
      traces.set(id, trace);
      continue;
    }
    traces.set(id, { ...trace, spans: [] });
    traceRows.push([id, from, trace.spans.length]);
    row = from + trace.spans.length;
  }
  const transfer = [...pairs, ...wireBuffers(columns)];
  const boxes = layout.traces.map((box): WireBox => {
    if (box.nodes.length < PACKED_BOX_NODES) return box;
    const packed = packNodes(box, graph.traces.get(box.traceId));
    if (packed === undefined) return box;
    transfer.push(...[packed.at, packed.x, packed.y, packed.depth].map((a) => a.buffer as ArrayBuffer));
    return { ...box, nodes: [], packed };
  });
  return { graph: { ...graph, spans: new Map(), traces, columns, traceRows }, layout: { ...layout, traces: boxes }, transfer };
}

/**
 * A view as received, made whole a slice of time at a time (`run`): the keys of a graph sent as
 * columns indexed, then (`view`) its traces' span lists, parent edges, forests and box nodes
 * rebuilt. Joining the 100,000 span objects of one opened trace was a 51-225 ms task; indexing
 * their keys is run in tasks of at most JOIN_SLICE_MS (client.ts).
 */
export class ViewReceiver {
  private readonly spans: ColumnSpans | undefined;

  constructor(
    private readonly sent: WireGraph,
    private readonly layout: GraphLayout,
  ) {
    this.spans = sent.columns === undefined ? undefined : new ColumnSpans(sent.columns);
  }

  get done(): boolean {
    return this.spans?.done ?? true;
  }

  /** Indexes keys until all are, or `ms` have passed; says whether all are. */
  run(ms = Infinity): boolean {
    return this.spans?.indexSome(ms) ?? true;
  }

  /** The graph and layout as the store takes them. */
  view(): { graph: LinkGraph; layout: GraphLayout } {
    const spans = this.spans;
    if (spans === undefined) return { graph: adoptForests(unpackParents(this.sent), this.sent), layout: this.layout };
    const keys = spans.keysInOrder();
    const traces = new Map(this.sent.traces);
    for (const [id, from, count] of this.sent.traceRows ?? []) {
      const trace = traces.get(id);
      if (trace !== undefined) traces.set(id, { ...trace, spans: keys.slice(from, from + count) });
    }
    const { columns: _columns, traceRows: _rows, ...rest } = this.sent;
    const graph = adoptForests(unpackParents({ ...rest, spans, traces }), this.sent);
    return { graph, layout: { ...this.layout, traces: this.layout.traces.map((box) => unpackNodes(box, graph.traces.get(box.traceId))) } };
  }
}
/** A box as received: its nodes rebuilt from their columns and its trace's keys. */
function unpackNodes(box: WireBox, trace: TraceNode | undefined): TraceBoxLayout {
  const packed = box.packed;
  if (packed === undefined) return box;
  const keys = trace === undefined ? [] : forestKeys(trace);
  const nodes = new Array<NodePosition>(packed.at.length);
  for (let k = 0; k < nodes.length; k++) {
    const key = keys[packed.at[k]!];
    if (key === undefined) throw new Error(`trace ${box.traceId}: node ${k} names no span of it`);
    nodes[k] = { key, x: packed.x[k]!, y: packed.y[k]!, depth: packed.depth[k]! };
  }
  const { packed: _packed, ...rest } = box;
  return { ...rest, nodes };
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
  const keys = graph.spans instanceof ColumnSpans ? graph.spans.keysInOrder() : [...graph.spans.keys()];
  const parentEdges: ParentEdge[] = new Array<ParentEdge>(pairs.length / 2);
  for (let e = 0; e < parentEdges.length; e++) {
    const child = keys[pairs[2 * e]!]!;
    parentEdges[e] = { id: child, parent: keys[pairs[2 * e + 1]!]!, child };
  }
  return { spans: graph.spans, traces: graph.traces, parentEdges, linkEdges: graph.linkEdges, placeholders: graph.placeholders };
}
