/**
 * Our own culling for graphs past the node budget: React Flow is handed only the nodes in a
 * region around the viewport (every trace box, the spans that meet the region, and the far ends
 * of the edges that touch it), so its store, not just its DOM, stays small: expanding a
 * 10,000-span trace hands it a few hundred nodes, not 10,000. The region is the viewport padded
 * by half its size on each side and snapped outwards to a grid, so it changes only when the
 * viewport crosses a grid line, not on every pan or zoom step. Boxes are always kept: they are
 * the parents React Flow needs, and they cover every span, so fitting the view still fits all.
 */
import type { ReactFlowState } from '@xyflow/react';
import type { GraphLayout } from '../../core';
import type { FlowElements } from './flow-parts';
import type { AppEdge, AppNode } from './flow-types';

/** A node's place, absolute. */
export interface Placed {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/**
 * What the canvas draws, asked for by region: the span level's index (to-flow.ts, nodes made on
 * demand) or the trace level's elements, all made (`eagerSource`).
 */
export interface FlowSource {
  readonly layout: GraphLayout;
  readonly nodeCount: number;
  readonly edgeCount: number;
  /** Whether a link edge is drawn (the zoom notice speaks of links only then). */
  readonly hasLinks: boolean;
  /**
   * What is drawn as nodes zoomed far out past the budget: the span level's trace boxes (`trace`
   * nodes). The trace level has none: there the links canvas draws every box (DenseLinkCanvas).
   */
  readonly boxes: readonly AppNode[];
  /** Every node and edge: the same object on every call. */
  all(): { readonly nodes: AppNode[]; readonly edges: AppEdge[] };
  /** As `inRegion` below; edges only `withEdges`. */
  inRegion(region: Region | null, withEdges: boolean): { nodes: AppNode[]; edges: AppEdge[] };
  locate(id: string): Placed | null;
}

export interface Region {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

const GRID = 1024;

/** The padded, snapped region around the viewport, as a string that changes only across grid lines. */
export function selectRegionKey(s: ReactFlowState): string {
  const [tx, ty, zoom] = s.transform;
  if (s.width === 0 || s.height === 0 || zoom <= 0) return '';
  const w = s.width / zoom;
  const h = s.height / zoom;
  const x = -tx / zoom;
  const y = -ty / zoom;
  const snap = (v: number, up: boolean) => (up ? Math.ceil(v / GRID) : Math.floor(v / GRID)) * GRID;
  return `${snap(x - w / 2, false)},${snap(y - h / 2, false)},${snap(x + w * 1.5, true)},${snap(y + h * 1.5, true)}`;
}

export function parseRegion(key: string): Region | null {
  if (key === '') return null;
  const [x0, y0, x1, y1] = key.split(',').map(Number) as [number, number, number, number];
  return { x0, y0, x1, y1 };
}

/**
 * The nodes and edges to hand React Flow for a region (null, the canvas not measured yet: the
 * boxes alone). Node order is kept (parents before children).
 */
export function inRegion(nodes: readonly AppNode[], edges: readonly AppEdge[], region: Region | null): { nodes: AppNode[]; edges: AppEdge[] } {
  if (region === null) return { nodes: nodes.filter((n) => n.type === 'trace'), edges: [] };
  const boxAt = new Map<string, { x: number; y: number }>();
  for (const n of nodes) if (n.type === 'trace') boxAt.set(n.id, n.position);
  const keep = new Set<string>();
  for (const n of nodes) {
    if (n.type === 'trace') continue;
    const origin = n.parentId === undefined ? undefined : boxAt.get(n.parentId);
    const x = (origin?.x ?? 0) + n.position.x;
    const y = (origin?.y ?? 0) + n.position.y;
    if (x + (n.width ?? 0) >= region.x0 && x <= region.x1 && y + (n.height ?? 0) >= region.y0 && y <= region.y1) keep.add(n.id);
  }
  const shownEdges: AppEdge[] = [];
  const partners: string[] = [];
  for (const e of edges) {
    const s = keep.has(e.source);
    const t = keep.has(e.target);
    if (!s && !t) continue;
    shownEdges.push(e);
    if (!s) partners.push(e.source);
    if (!t) partners.push(e.target);
  }
  for (const id of partners) keep.add(id);
  return { nodes: nodes.filter((n) => n.type === 'trace' || keep.has(n.id)), edges: shownEdges };
}

/**
 * A source over elements all made already: the trace level's (a few thousand nodes at most),
 * whose boxes zoomed far out are the links canvas's to draw, so `boxes` is empty.
 */
export function eagerSource(flow: FlowElements): FlowSource {
  const { nodes, edges, layout } = flow;
  return {
    layout,
    nodeCount: nodes.length,
    edgeCount: edges.length,
    hasLinks: edges.some((e) => e.type !== 'parent'),
    boxes: [],
    all: () => flow,
    inRegion: (region, withEdges) => inRegion(nodes, withEdges ? edges : [], region),
    locate(id) {
      const n = nodes.find((x) => x.id === id);
      if (!n) return null;
      const box = n.parentId === undefined ? undefined : nodes.find((x) => x.id === n.parentId);
      return { x: (box?.position.x ?? 0) + n.position.x, y: (box?.position.y ?? 0) + n.position.y, w: n.width ?? 0, h: n.height ?? 0 };
    },
  };
}
