/**
 * Lays out the spans of one trace as their parent tree, inside the trace's box: depth is the
 * column (x, left to right), leaf order is the row (y), a parent is centred on its first and
 * last child. Orphans (parent not loaded) and the trace's placeholders become extra roots.
 *
 * Two steps, so that a collapsed trace (collapse.ts) lays out a part of the same tree:
 * `spanForest` resolves parents, breaks cycles and orders the spans (pre-order, siblings by
 * start time); `placeRows` gives rows to any nodes listed in pre-order with their parents.
 *
 * Invariants the app relies on:
 * - Iterative throughout: a 10,000-deep parent chain must not overflow the call stack.
 * - Linear passes over the n nodes, plus the per-parent sort of children by start time
 *   (O(n log n) at worst, O(n) when spans come in start order, as exporters write them).
 * - Every position lies inside BOX_PADDING and below BOX_TITLE_HEIGHT; `width`/`height` are the
 *   box size that holds every node plus the padding.
 * - No two nodes overlap: nodes of one depth own disjoint leaf-row ranges, and a parent's
 *   centre lies in its own range, so two centres in one column are at least one row apart.
 */
import type { SpanKey, TraceId } from '../ids';
import { startAndParent } from '../graph/span-lookup';
import type { LinkGraph, TraceNode } from '../graph/types';
import { BOX_PADDING, BOX_TITLE_HEIGHT, SPAN_NODE_HEIGHT, SPAN_NODE_WIDTH, type NodePosition } from './types';

/** Horizontal gap between depth columns and vertical gap between rows, in graph units. */
export const COLUMN_GAP = 48;
export const ROW_GAP = 16;
/** Where the first row starts: below the title bar, with the padding under it. */
export const CONTENT_TOP = BOX_TITLE_HEIGHT + BOX_PADDING;
/** Narrowest box, so that a one-span box still has room for its title. */
export const MIN_BOX_WIDTH = SPAN_NODE_WIDTH + 2 * BOX_PADDING;

export interface TreeLayout {
  /** In pre-order (a parent before its children, siblings by start time). */
  readonly nodes: NodePosition[];
  readonly width: number;
  readonly height: number;
}

/** Parent index of a root. */
export const NONE = -1;

/**
 * A trace's spans and placeholders as a forest. Node `i` is `keys[i]`; a key listed twice is one
 * node (its first index) and its later copies are in no array but `keys`.
 */
export interface SpanForest {
  readonly keys: readonly SpanKey[];
  /** Node index of each key (its first listing). */
  readonly index: ReadonlyMap<SpanKey, number>;
  /** Parent node per node, NONE for a root (no parent, parent not loaded, placeholder, cycle broken). */
  readonly parent: Int32Array;
  /** Every node once, in pre-order: roots by start time, each followed by its subtree. */
  readonly order: Int32Array;
  /** Depth per node (0 = a root). */
  readonly depth: Int32Array;
  /**
   * 1 per node that is not a loaded span or failed (`spanFailed` is not false), when the forest
   * came from the worker with them (`adoptForest`): the collapse plan then reads them instead of
   * looking each span up.
   */
  readonly failed?: Uint8Array;
}

/** A forest without its keys (they are its trace's): what the worker sends with a view (wire-graph.ts). */
export interface ForestShape {
  readonly parent: Int32Array;
  readonly order: Int32Array;
  readonly depth: Int32Array;
  readonly failed?: Uint8Array;
}

/**
 * Traces with at least this many spans keep their forest with the graph once it is built (by the
 * layout, in the worker), so that the collapse plan, and the page the forest is sent to, need not
 * build it again: for a 10,000-span trace that was 12 of the page's 20 ms of planning.
 */
export const KEPT_FOREST_SPANS = 1000;

const keptForests = new WeakMap<LinkGraph, Map<TraceId, SpanForest>>();

/**
 * The forest of a trace: parents within the trace, cycles broken, pre-order by start time. Built
 * once per graph for a large trace (KEPT_FOREST_SPANS), or taken from the worker (`adoptForest`).
 */
export function spanForest(trace: TraceNode, graph: LinkGraph): SpanForest {
  const kept = keptForest(graph, trace.traceId);
  if (kept !== undefined) return kept;
  const forest = buildForest(trace, graph);
  // Kept without its index (a Map per span): made again only if someone asks (collapse's pins).
  if (trace.spans.length >= KEPT_FOREST_SPANS) keep(graph, trace.traceId, withKeys(forest.keys, forest));
  return forest;
}

/** The forest kept for this trace of `graph`, if any. */
export function keptForest(graph: LinkGraph, traceId: TraceId): SpanForest | undefined {
  return keptForests.get(graph)?.get(traceId);
}

/**
 * Takes the forest the worker built for `trace` (of the graph it sent as `graph`), so the page
 * does not build it again. A shape that does not fit the trace's keys is not taken.
 */
export function adoptForest(graph: LinkGraph, trace: TraceNode, shape: ForestShape): void {
  const keys = forestKeys(trace);
  if (shape.parent.length !== keys.length || shape.order.length !== keys.length || shape.depth.length !== keys.length) return;
  if (shape.failed !== undefined && shape.failed.length !== keys.length) return;
  keep(graph, trace.traceId, withKeys(keys, shape));
}

function keep(graph: LinkGraph, traceId: TraceId, forest: SpanForest): void {
  let byTrace = keptForests.get(graph);
  if (byTrace === undefined) keptForests.set(graph, (byTrace = new Map()));
  byTrace.set(traceId, forest);
}

/** Node `i` of a trace's forest: its spans, then its placeholders (also what a packed box's nodes index, app worker/wire-graph.ts). */
export function forestKeys(trace: TraceNode): SpanKey[] {
  return [...trace.spans, ...trace.placeholders];
}

/** Node index of each key (its first listing). */
export function indexOfKeys(keys: readonly SpanKey[]): Map<SpanKey, number> {
  const index = new Map<SpanKey, number>();
  for (let i = 0; i < keys.length; i++) if (!index.has(keys[i]!)) index.set(keys[i]!, i);
  return index;
}

/** A forest of these keys and this shape, its index made on first use. */
function withKeys(keys: readonly SpanKey[], { parent, order, depth, failed }: ForestShape): SpanForest {
  let index: Map<SpanKey, number> | undefined;
  return {
    keys,
    get index() {
      return (index ??= indexOfKeys(keys));
    },
    parent,
    order,
    depth,
    ...(failed === undefined ? {} : { failed }),
  };
}

function buildForest(trace: TraceNode, graph: LinkGraph): SpanForest {
  const keys = forestKeys(trace);
  const n = keys.length;
  const index = indexOfKeys(keys);
  const unique = (i: number) => index.get(keys[i]!) === i;

  const parent = new Int32Array(n).fill(NONE);
  const start = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  for (let i = 0; i < n; i++) {
    if (!unique(i)) continue; // a key listed twice is laid out once
    const span = startAndParent(graph, keys[i]!);
    if (!span) continue;
    if (span.startUs !== undefined) start[i] = span.startUs;
    if (span.parent === undefined) continue;
    const p = index.get(span.parent);
    if (p !== undefined && p !== i) parent[i] = p;
  }
  // Children by start time, then listing order: a stable, deterministic order.
  const byStart = (a: number, b: number) => start[a]! - start[b]! || a - b;

  const children: number[][] = new Array<number[]>(n);
  const roots: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!unique(i)) continue;
    const p = parent[i]!;
    if (p === NONE) roots.push(i);
    else (children[p] ??= []).push(i);
  }
  for (const list of children) if (list && list.length > 1) list.sort(byStart);
  roots.sort(byStart);

  const depth = new Int32Array(n);
  const visited = new Uint8Array(n);
  const order = new Int32Array(index.size);
  let placed = 0;
  const stack: number[] = [];
  const walk = (root: number) => {
    stack.push(root);
    depth[root] = 0;
    while (stack.length > 0) {
      const i = stack.pop()!;
      if (visited[i]) continue;
      visited[i] = 1;
      order[placed++] = i;
      const kids = children[i];
      if (!kids) continue;
      for (let k = kids.length - 1; k >= 0; k--) {
        const c = kids[k]!;
        if (visited[c]) continue;
        depth[c] = depth[i]! + 1;
        stack.push(c);
      }
    }
  };
  for (const r of roots) walk(r);
  // Spans on a parent cycle (malformed data) are reachable from no root. Every unvisited span
  // leads up to such a cycle; climbing from the earliest one finds a cycle member, which becomes
  // a root: the cycle is broken deterministically and the spans hanging off it stay its subtree.
  if (placed < index.size) {
    const rest: number[] = [];
    for (let i = 0; i < n; i++) if (!visited[i] && unique(i)) rest.push(i);
    rest.sort(byStart);
    const climbed = new Uint8Array(n);
    for (const r of rest) {
      if (visited[r]) continue;
      let x = r;
      while (!climbed[x]) {
        climbed[x] = 1;
        x = parent[x]!;
      }
      parent[x] = NONE;
      walk(x);
    }
  }
  return { keys, index, parent, order, depth };
}

export interface PlacedRows {
  /** Row per node id (a fraction for a parent centred on its children). */
  readonly row: Float64Array;
  readonly rows: number;
  readonly maxDepth: number;
}

/**
 * Rows for `m` nodes (ids 0..m-1) listed in pre-order with their parents and depths: leaves
 * take the next row in pre-order; parents (in reverse pre-order, so children first) sit midway
 * between their first and last child. Ids not in `order` are ignored. Linear in `order.length`.
 */
export function placeRows(m: number, order: ArrayLike<number>, parent: ArrayLike<number>, depth: ArrayLike<number>): PlacedRows {
  const row = new Float64Array(m);
  const firstKid = new Int32Array(m).fill(NONE);
  const lastKid = new Int32Array(m).fill(NONE);
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    const p = parent[i]!;
    if (p === NONE) continue;
    if (firstKid[p] === NONE) firstKid[p] = i;
    lastKid[p] = i;
  }
  let rows = 0;
  let maxDepth = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    if (firstKid[i] === NONE) row[i] = rows++;
    if (depth[i]! > maxDepth) maxDepth = depth[i]!;
  }
  for (let k = order.length - 1; k >= 0; k--) {
    const i = order[k]!;
    if (firstKid[i] !== NONE) row[i] = (row[firstKid[i]!]! + row[lastKid[i]!]!) / 2;
  }
  return { row, rows, maxDepth };
}

/** A node's top-left corner inside its box, from its column and row. */
export const columnX = (depth: number) => BOX_PADDING + depth * (SPAN_NODE_WIDTH + COLUMN_GAP);
export const rowY = (row: number) => CONTENT_TOP + row * (SPAN_NODE_HEIGHT + ROW_GAP);

/** The box that holds `rows` rows of columns 0..maxDepth, with the padding (an empty box when rows = 0). */
export function boxSize(rows: number, maxDepth: number): { width: number; height: number } {
  if (rows === 0) return { width: MIN_BOX_WIDTH, height: CONTENT_TOP + BOX_PADDING };
  const width = 2 * BOX_PADDING + (maxDepth + 1) * SPAN_NODE_WIDTH + maxDepth * COLUMN_GAP;
  const height = CONTENT_TOP + rows * SPAN_NODE_HEIGHT + (rows - 1) * ROW_GAP + BOX_PADDING;
  return { width: Math.max(width, MIN_BOX_WIDTH), height };
}

export function layoutTraceSpans(trace: TraceNode, graph: LinkGraph): TreeLayout {
  const forest = spanForest(trace, graph);
  const { keys, order, parent, depth } = forest;
  const { row, rows, maxDepth } = placeRows(keys.length, order, parent, depth);
  const nodes: NodePosition[] = new Array<NodePosition>(order.length);
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    nodes[k] = { key: keys[i]!, x: columnX(depth[i]!), y: rowY(row[i]!), depth: depth[i]! };
  }
  return { nodes, ...boxSize(rows, maxDepth) };
}
