/**
 * What the span level's and the trace level's React Flow elements share: node ids, the sides an
 * edge leaves and enters by, the handles of a node, link labels and widths.
 */
import type { GraphLayout, LinkStatus, TraceId } from '../../core';
import { SPAN_NODE_HEIGHT, SPAN_NODE_WIDTH } from '../../core';
import { Position, type NodeHandle } from '@xyflow/react';
import type { AppEdge, AppNode } from './flow-types';

export const traceNodeId = (traceId: TraceId) => `trace:${traceId}`;

export { displayTraceId } from '../../core/format';

/** Handle ids on span and placeholder nodes: `s-` sources and `t-` targets on each side. */
export type Side = 'l' | 'r' | 't' | 'b';

/** The side a handle id (`s-r`, `t-l`, …) is on, by its letter. */
export const SIDE_POSITION: Readonly<Record<string, Position>> = { l: Position.Left, r: Position.Right, t: Position.Top, b: Position.Bottom };

/** A trace link's stroke width, thicker for a pair with more links (the SVG edge and the links canvas). */
export function traceLinkWidth(count: number): number {
  return Math.min(1.8 + Math.log2(Math.max(count, 1)), 6);
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

/**
 * Which sides an edge leaves and enters by: horizontally when the nodes are side by side,
 * vertically when they are stacked, so edges never cut through their own nodes.
 */
export function sidesFor(from: Point, to: Point): { source: Side; target: Side } {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  if (Math.abs(dx) >= SPAN_NODE_WIDTH * 0.75) return dx > 0 ? { source: 'r', target: 'l' } : { source: 'l', target: 'r' };
  return dy >= 0 ? { source: 'b', target: 't' } : { source: 't', target: 'b' };
}

const REASON_LABEL: Record<Exclude<LinkStatus, 'ok'>, string> = {
  'invalid-context': 'invalid context',
  'missing-trace': 'missing trace',
  'missing-span': 'missing span',
};

export function linkStatusLabel(status: LinkStatus): string {
  return status === 'ok' ? 'ok' : REASON_LABEL[status];
}

/**
 * Handle geometry given up front (React Flow's `handles`, matching NodeHandles): with it and
 * `measured`, React Flow treats nodes as initialised and, with onlyRenderVisibleElements,
 * never mounts off-screen nodes just to measure them. Coordinates are the handle box's
 * top-left corner (1x1) relative to the node. Handles on the four sides of a node of this size,
 * ids as NodeHandles draws them.
 */
export function handlesFor(w: number, h: number): NodeHandle[] {
  const sides: readonly { side: Side; x: number; y: number }[] = [
    { side: 'l', x: 0, y: h / 2 - 0.5 },
    { side: 'r', x: w - 1, y: h / 2 - 0.5 },
    { side: 't', x: w / 2 - 0.5, y: 0 },
    { side: 'b', x: w / 2 - 0.5, y: h - 1 },
  ];
  return sides.flatMap(({ side, x, y }) => {
    const position = SIDE_POSITION[side]!;
    return [
      { id: `s-${side}`, type: 'source' as const, position, x, y, width: 1, height: 1 },
      { id: `t-${side}`, type: 'target' as const, position, x, y, width: 1, height: 1 },
    ];
  });
}
export const SPAN_HANDLES: readonly NodeHandle[] = handlesFor(SPAN_NODE_WIDTH, SPAN_NODE_HEIGHT);

/**
 * A layout box's place and size as a React Flow node takes them: `measured` too, so React Flow
 * never mounts the node to measure it.
 */
export function boxPlace(box: { readonly x: number; readonly y: number; readonly width: number; readonly height: number }) {
  return { position: { x: box.x, y: box.y }, width: box.width, height: box.height, measured: { width: box.width, height: box.height } };
}

export interface FlowElements {
  readonly nodes: AppNode[];
  readonly edges: AppEdge[];
  /** The layout drawn (compacted when only some traces are shown). */
  readonly layout: GraphLayout;
}
