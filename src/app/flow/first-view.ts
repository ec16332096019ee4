/**
 * Where the first view of a graph looks: pure, from the layout the canvas will draw, so the
 * viewport can be set before the graph's first frame (no frame drawn at the old viewport).
 */
import type { GraphLayout, NodePosition, SpanKey, TraceBoxLayout, TraceId } from '../../core';
import type { CollapsedLayout } from '../../core/layout/collapse';
import type { CurrentView } from '../store/current-view';
import type { AnalysisPayload } from '../worker/protocol';
import { drawnSpans, drawnTraces } from './drawn-view';
import { FlowIndex } from './to-flow';
import { VISIBLE_ONLY_THRESHOLD } from './thresholds';

/** The most graph area (in graph units) the first view of a large graph covers: readable text. */
const FIRST_VIEW_WIDTH = 1800;
const FIRST_VIEW_HEIGHT = 1400;
/** A graph this many times FIRST_VIEW_WIDTH wide (or high) or more is not fitted whole at first: it would be too small to read. */
const UNREADABLE = 4;
/** Graph units above an opened trace's box in its first view: the open-trace bar and the view notice sit there. */
const OVERLAY_ROOM = 240;

export interface Bounds {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * The layout the canvas draws for this view (compacted when only some traces are shown; at span
 * level with large traces collapsed past the node budget, see drawn-view.ts).
 */
export function drawnLayout(
  a: AnalysisPayload,
  view: CurrentView,
  expanded?: ReadonlySet<TraceId>,
  pins?: readonly (SpanKey | null)[],
  unstacked?: ReadonlySet<TraceId>,
): CollapsedLayout {
  if (view.level === 'traces') return drawnTraces(a, view, unstacked).layout;
  return drawnSpans(a, view, expanded, pins).layout;
}

/** Whether the canvas draws only what is in view (the same rule as FlowCanvas). */
export function isLarge(nodes: number, edges: number): boolean {
  return nodes > VISIBLE_ONLY_THRESHOLD || edges > VISIBLE_ONLY_THRESHOLD;
}

/**
 * The graph area the first view fits: every box of a small graph; for a large one the leftmost
 * (causally first) boxes that fit in FIRST_VIEW_WIDTH x FIRST_VIEW_HEIGHT, so that with only
 * what is in view rendered the first frame draws a readable part, not thousands of dots. A first
 * box larger than that (a large trace, expanded or collapsed to a tall tree) is fitted by its
 * top-left part: its title and root, readable.
 */
export function firstViewBounds(layout: GraphLayout, large: boolean, open: TraceId | null = null): Bounds | null {
  // An opened large trace (with the traces it links to around it) is looked at first: its top-left
  // part, its title and root, with room above for the bar and notice drawn over the canvas.
  // A small graph spread too far to read when fitted whole is looked at as a large one is.
  large ||= isSpreadOut(layout.traces);
  const opened = large && open !== null ? layout.traces.find((b) => b.traceId === open) : undefined;
  if (opened !== undefined) return rootWindow(opened, OVERLAY_ROOM);
  const boxes = [...layout.traces].sort((a, b) => a.x - b.x || a.y - b.y);
  const first = boxes[0];
  if (!first) return null;
  if (large && (first.width > FIRST_VIEW_WIDTH || first.height > FIRST_VIEW_HEIGHT)) return rootWindow(first);
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const box of boxes) {
    const right = box.x + box.width - first.x;
    const bottom = box.y + box.height - Math.min(first.y, box.y);
    if (large && x0 !== Infinity && (right > FIRST_VIEW_WIDTH || bottom > FIRST_VIEW_HEIGHT)) continue;
    x0 = Math.min(x0, box.x);
    y0 = Math.min(y0, box.y);
    const clamp = large && box === first;
    x1 = Math.max(x1, box.x + (clamp ? Math.min(box.width, FIRST_VIEW_WIDTH) : box.width));
    y1 = Math.max(y1, box.y + (clamp ? Math.min(box.height, FIRST_VIEW_HEIGHT) : box.height));
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/**
 * Whether boxes reach too far to read when fitted whole (200 traces in a chain of links: 80,000
 * units wide, fitted at 0.05x, a dashed line): the first view then looks at the first boxes,
 * readable, and the canvas renders only what is in view, as for a large graph (mounting all 200
 * nodes and 199 dashed edges at once was a 250-400 ms task on a slow 2-core machine).
 */
export function isSpreadOut(boxes: Iterable<Bounds>): boolean {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const b of boxes) {
    x0 = Math.min(x0, b.x);
    y0 = Math.min(y0, b.y);
    x1 = Math.max(x1, b.x + b.width);
    y1 = Math.max(y1, b.y + b.height);
  }
  return x1 - x0 > UNREADABLE * FIRST_VIEW_WIDTH || y1 - y0 > UNREADABLE * FIRST_VIEW_HEIGHT;
}

/**
 * The first view of a box larger than FIRST_VIEW_WIDTH x FIRST_VIEW_HEIGHT: its left edge (where
 * the roots are), at the height of its first root. The tree layout centres a parent on its
 * subtree, so the root of a large trace sits mid-box: the box's top-left alone showed an empty
 * corner (2,000 spans in one trace: the root 23,000 units down). `room`: graph units kept above
 * the box's top for what is drawn over the canvas there (the open-trace bar, the notice).
 */
function rootWindow(box: TraceBoxLayout, room = 0): Bounds {
  const width = Math.min(box.width, FIRST_VIEW_WIDTH);
  const height = Math.min(box.height, FIRST_VIEW_HEIGHT);
  const rootY = firstRoot(box)?.y;
  const top = rootY === undefined ? 0 : Math.max(0, Math.min(box.height - height, rootY - height / 2));
  if (top > 0) return { x: box.x, y: box.y + top, width, height };
  return { x: box.x, y: box.y - room, width, height: height + room };
}

/**
 * What the view is anchored on when a trace is expanded or collapsed in place: that trace's
 * first root (by key, so the same span is found again), and where it is drawn, absolute. Showing
 * all 50,000 spans of an opened trace moved its root 100,000s of units down (the tree centres a
 * parent on its subtree), and a viewport that stayed put looked at an empty part of the box.
 */
export function rootOf(layout: GraphLayout, traceId: TraceId): { key: SpanKey; x: number; y: number } | null {
  const box = layout.traces.find((b) => b.traceId === traceId);
  const root = box === undefined ? undefined : firstRoot(box);
  return box === undefined || root === undefined ? null : { key: root.key, x: box.x + root.x, y: box.y + root.y };
}

/** A box's topmost root (depth 0: a root or an orphan), in box coordinates. */
function firstRoot(box: TraceBoxLayout): NodePosition | undefined {
  let root: NodePosition | undefined;
  for (const n of box.nodes) if (n.depth === 0 && (root === undefined || n.y < root.y)) root = n;
  return root;
}

/** Where span `key` of a trace is drawn, absolute (null: not drawn). */
export function drawnAt(layout: GraphLayout, traceId: TraceId, key: SpanKey): { x: number; y: number } | null {
  const box = layout.traces.find((b) => b.traceId === traceId);
  const n = box?.nodes.find((p) => p.key === key);
  return box === undefined || n === undefined ? null : { x: box.x + n.x, y: box.y + n.y };
}

/** The one trace whose entry differs between two sets of expanded traces (null: none, or several). */
export function changedTrace(before: ReadonlySet<TraceId>, after: ReadonlySet<TraceId>): TraceId | null {
  let changed: TraceId | null = null;
  for (const t of before) {
    if (after.has(t)) continue;
    if (changed !== null) return null;
    changed = t;
  }
  for (const t of after) {
    if (before.has(t)) continue;
    if (changed !== null) return null;
    changed = t;
  }
  return changed;
}

/** Nodes and edges the canvas will draw for this view, without building them. */
export function drawnCounts(
  a: AnalysisPayload,
  view: CurrentView,
  layout: CollapsedLayout,
  unstacked?: ReadonlySet<TraceId>,
): { nodes: number; edges: number } {
  if (view.level === 'traces') return { nodes: layout.traces.length, edges: drawnTraces(a, view, unstacked).graph.edges.length };
  let nodes = layout.traces.length;
  let collapsed = false;
  for (const box of layout.traces) {
    nodes += box.nodes.length + (box.hidden?.length ?? 0);
    if (box.collapse) collapsed = true;
  }
  if (!collapsed) return { nodes, edges: a.graph.parentEdges.length + a.graph.linkEdges.length };
  // Collapsed (at most the node budget drawn): counted as the canvas's index counts them.
  const index = new FlowIndex(a.graph, layout);
  return { nodes: index.nodeCount, edges: index.edgeCount };
}
