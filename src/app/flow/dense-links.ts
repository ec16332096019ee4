/**
 * The dense trace level's links as drawn on one canvas (DenseLinkCanvas.tsx) instead of one SVG
 * path each. At 2,000 traces with 65,144 linked pairs, the ~600 long plain paths that cross the
 * view cost a frame of software raster on every pan step (hidden, the same DOM panned at 16.7 ms
 * a frame). A canvas is one bitmap that moves with the view; it is drawn again when the view
 * settles. Pure: geometry and culling, no DOM.
 */
import { getBezierPath, Position } from '@xyflow/react';
import type { AppEdge, AppNode, TraceLinkFlowEdge } from './flow-types';

/** A link as the canvas draws it: the same bezier as React Flow's, its width and colour kind. */
export interface DenseLink {
  readonly path: string;
  readonly width: number;
  readonly broken: boolean;
  /** The end points' bounding box, for culling (a bezier between them stays inside it). */
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

export interface FlowRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

const POSITION: Record<string, Position> = { l: Position.Left, r: Position.Right, t: Position.Top, b: Position.Bottom };

/** The trace-link edges among `edges`. */
export function isTraceLink(edge: AppEdge): edge is TraceLinkFlowEdge {
  return edge.type === 'traceLink';
}

/** Where a node's handle `id` (`s-r`, `t-l`, …) sits in flow coordinates, and which side it faces. */
function handleAt(node: AppNode, id: string | null | undefined): { x: number; y: number; position: Position } | undefined {
  const handle = node.handles?.find((h) => h.id === id);
  if (handle === undefined || id == null) return undefined;
  return { x: node.position.x + handle.x + (handle.width ?? 0) / 2, y: node.position.y + handle.y + (handle.height ?? 0) / 2, position: POSITION[id.slice(2)] ?? Position.Right };
}

/** The links as the canvas draws them: what TraceLinkEdge draws plain, one entry per edge. */
export function denseLinks(nodes: readonly AppNode[], edges: readonly TraceLinkFlowEdge[]): DenseLink[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const out: DenseLink[] = [];
  for (const e of edges) {
    const source = byId.get(e.source);
    const target = byId.get(e.target);
    const s = source === undefined ? undefined : handleAt(source, e.sourceHandle);
    const t = target === undefined ? undefined : handleAt(target, e.targetHandle);
    if (s === undefined || t === undefined) continue;
    const [path] = getBezierPath({ sourceX: s.x, sourceY: s.y, sourcePosition: s.position, targetX: t.x, targetY: t.y, targetPosition: t.position });
    const count = e.data?.count ?? 0;
    out.push({
      path,
      width: Math.min(1.8 + Math.log2(Math.max(count, 1)), 6),
      broken: (e.data?.broken ?? 0) > 0,
      // A bezier's control points lie at most half the distance beyond its ends, along their sides.
      minX: Math.min(s.x, t.x) - Math.abs(t.x - s.x) / 2,
      minY: Math.min(s.y, t.y) - Math.abs(t.y - s.y) / 2,
      maxX: Math.max(s.x, t.x) + Math.abs(t.x - s.x) / 2,
      maxY: Math.max(s.y, t.y) + Math.abs(t.y - s.y) / 2,
    });
  }
  return out;
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

/** The links whose bounding box meets `region`. */
export function linksIn(links: readonly DenseLink[], region: FlowRect): DenseLink[] {
  const right = region.x + region.width;
  const bottom = region.y + region.height;
  return links.filter((l) => l.maxX >= region.x && l.minX <= right && l.maxY >= region.y && l.minY <= bottom);
}
