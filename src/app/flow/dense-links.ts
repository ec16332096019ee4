/**
 * The dense trace level's links as drawn on one canvas (DenseLinkCanvas.tsx) instead of one SVG
 * path each. At 2,000 traces with 65,144 linked pairs, the ~600 long plain paths that cross the
 * view cost a frame of software raster on every pan step (hidden, the same DOM panned at 16.7 ms
 * a frame). A canvas is one bitmap that moves with the view; it is drawn again when the view
 * settles. Pure: geometry and culling, no DOM.
 */
import { Position } from '@xyflow/react';
import type { AppEdge, AppNode, TraceLinkFlowEdge } from './flow-types';
import { SIDE_POSITION, traceLinkWidth } from './flow-parts';

/**
 * The links as the canvas draws them, in typed arrays (made for every linked pair when the view
 * is built: 65,144 objects with their arrays were 80 ms of a load's longest task). Link `i`:
 * the cubic bezier React Flow draws between the same handles, `points[8i .. 8i+8)` (start, two
 * control points, end), the bounding box of those points (which holds the curve, for culling)
 * in `box[4i .. 4i+4)` (min x, min y, max x, max y), its width, and whether any link is broken.
 */
export interface DenseLinks {
  readonly count: number;
  readonly points: Float64Array;
  readonly box: Float64Array;
  readonly width: Float32Array;
  readonly broken: Uint8Array;
}

export interface FlowRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The trace-link edges among `edges`. */
export function isTraceLink(edge: AppEdge): edge is TraceLinkFlowEdge {
  return edge.type === 'traceLink';
}

/** Where an edge meets handle `id` of `node`, in flow coordinates, into POINT: React Flow's rule (getHandlePosition). */
function handlePoint(node: AppNode, id: string, side: Position): boolean {
  const handle = handlesOf(node).get(id);
  if (handle === undefined) return false;
  const x = node.position.x + handle.x;
  const y = node.position.y + handle.y;
  const w = handle.width ?? 0;
  const h = handle.height ?? 0;
  POINT.x = side === Position.Right ? x + w : side === Position.Left ? x : x + w / 2;
  POINT.y = side === Position.Bottom ? y + h : side === Position.Top ? y : y + h / 2;
  return true;
}

const POINT = { x: 0, y: 0 };

type NodeHandle = NonNullable<AppNode['handles']>[number];

/** Each node's handles by id, made once per node (65,144 pairs look up 130k handles). */
const HANDLES = new WeakMap<AppNode, Map<string, NodeHandle>>();

function handlesOf(node: AppNode): Map<string, NodeHandle> {
  let byId = HANDLES.get(node);
  if (byId === undefined) {
    byId = new Map();
    for (const h of node.handles ?? []) if (h.id != null) byId.set(h.id, h);
    HANDLES.set(node, byId);
  }
  return byId;
}

/**
 * React Flow's bezier control offset at its default curvature, 0.25: `calculateControlOffset` and
 * `getControlWithCurvature` of @xyflow/system, which it does not export. `getBezierPath` gives only
 * the SVG path, and the culling needs the control points.
 */
function controlOffset(distance: number): number {
  return distance >= 0 ? 0.5 * distance : 0.25 * 25 * Math.sqrt(-distance);
}

/** The control point of a bezier leaving (x1, y1) on `side` towards (x2, y2), as React Flow places it, into `out[at], out[at+1]`. */
function control(out: Float64Array, at: number, side: Position, x1: number, y1: number, x2: number, y2: number): void {
  out[at] = side === Position.Left ? x1 - controlOffset(x1 - x2) : side === Position.Right ? x1 + controlOffset(x2 - x1) : x1;
  out[at + 1] = side === Position.Top ? y1 - controlOffset(y1 - y2) : side === Position.Bottom ? y1 + controlOffset(y2 - y1) : y1;
}

/** The links as the canvas draws them: what TraceLinkEdge draws plain, one per trace-link edge whose nodes are drawn. */
export function denseLinks(nodes: readonly AppNode[], edges: readonly AppEdge[]): DenseLinks {
  const work = new DenseLinkWork(nodes, edges);
  work.run(edges.length);
  return work.links;
}

/**
 * `denseLinks` worked out a slice of edges at a time, so a page can answer input between slices
 * (DenseLinkCanvas.tsx): at 2,000 traces the 65,144 pairs were 70 ms of geometry in one task.
 * `run(n)` takes the next `n` edges; `links` holds those taken so far, in edge order.
 */
export class DenseLinkWork {
  private readonly byId = new Map<string, AppNode>();
  private readonly points: Float64Array;
  private readonly box: Float64Array;
  private readonly width: Float32Array;
  private readonly broken: Uint8Array;
  private next = 0;
  private count = 0;

  constructor(
    nodes: readonly AppNode[],
    private readonly edges: readonly AppEdge[],
  ) {
    for (const n of nodes) this.byId.set(n.id, n);
    const n = edges.length;
    this.points = new Float64Array(8 * n);
    this.box = new Float64Array(4 * n);
    this.width = new Float32Array(n);
    this.broken = new Uint8Array(n);
  }

  /** True when every edge was taken. */
  get done(): boolean {
    return this.next >= this.edges.length;
  }

  get links(): DenseLinks {
    return { count: this.count, points: this.points, box: this.box, width: this.width, broken: this.broken };
  }

  /** Takes the next `n` edges (fewer at the end); returns `done`. */
  run(n: number): boolean {
    const { byId, points, box, width, broken, edges } = this;
    const end = Math.min(edges.length, this.next + n);
    let count = this.count;
    for (let k = this.next; k < end; k++) {
      const e = edges[k]!;
      if (!isTraceLink(e)) continue;
      const source = byId.get(e.source);
      const target = byId.get(e.target);
      // The side is the id's third character (`s-r`): charAt makes no string (V8 keeps one per code).
      const from = SIDE_POSITION[e.sourceHandle?.charAt(2) ?? ''];
      const to = SIDE_POSITION[e.targetHandle?.charAt(2) ?? ''];
      if (source === undefined || target === undefined || from === undefined || to === undefined) continue;
      if (!handlePoint(source, e.sourceHandle!, from)) continue;
      const sx = POINT.x;
      const sy = POINT.y;
      if (!handlePoint(target, e.targetHandle!, to)) continue;
      const tx = POINT.x;
      const ty = POINT.y;
      const p = 8 * count;
      points[p] = sx;
      points[p + 1] = sy;
      control(points, p + 2, from, sx, sy, tx, ty);
      control(points, p + 4, to, tx, ty, sx, sy);
      points[p + 6] = tx;
      points[p + 7] = ty;
      const b = 4 * count;
      box[b] = Math.min(sx, points[p + 2]!, points[p + 4]!, tx);
      box[b + 1] = Math.min(sy, points[p + 3]!, points[p + 5]!, ty);
      box[b + 2] = Math.max(sx, points[p + 2]!, points[p + 4]!, tx);
      box[b + 3] = Math.max(sy, points[p + 3]!, points[p + 5]!, ty);
      width[count] = traceLinkWidth(e.data?.count ?? 0);
      broken[count] = (e.data?.broken ?? 0) > 0 ? 1 : 0;
      count++;
    }
    this.count = count;
    this.next = end;
    return this.done;
  }
}

/**
 * The flow-space region the canvas covers for a view: what is on screen, and `margin` of its
 * size again on every side, so a pan that stays within it finds the links already drawn.
 */
export function regionAround(view: { x: number; y: number; zoom: number }, size: { width: number; height: number }, margin = 0.25): FlowRect {
  const width = size.width / view.zoom;
  const height = size.height / view.zoom;
  return { x: -view.x / view.zoom - width * margin, y: -view.y / view.zoom - height * margin, width: width * (1 + 2 * margin), height: height * (1 + 2 * margin) };
}

/** The indices of the links whose bounding box meets `region`. */
export function linksIn(links: DenseLinks, region: FlowRect): number[] {
  const right = region.x + region.width;
  const bottom = region.y + region.height;
  const box = links.box;
  const out: number[] = [];
  for (let i = 0; i < links.count; i++) {
    const b = 4 * i;
    if (box[b + 2]! >= region.x && box[b]! <= right && box[b + 3]! >= region.y && box[b + 1]! <= bottom) out.push(i);
  }
  return out;
}
