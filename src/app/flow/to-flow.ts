/**
 * Converts the core's graph and layout into React Flow nodes and edges. Pure and run once per
 * analysis (and per filter change): selection, hover and search marks are not baked in here,
 * each node reads them from the store, so selecting does not rebuild thousands of objects.
 */
import type { Attribute, GraphLayout, LinkGraph, LinkStatus, SpanKey, TraceId } from '../../core';
import { formatAttrValue, isInvalidTarget, SPAN_NODE_HEIGHT, SPAN_NODE_WIDTH } from '../../core';
import { displayTraceId } from '../../core/format';
import { serviceColour } from '../styles/palette';
import { Position, type NodeHandle } from '@xyflow/react';
import { compactLayout } from '../../core/layout/compact-layout';
import type { CollapsedLayout } from '../../core/layout/collapse';
import type { AppEdge, AppNode, HiddenSpansNode, LinkEdgeData, PlaceholderFlowNode, SpanFlowNode } from './flow-types';

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

interface Point {
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
 * top-left corner (1x1) relative to the node.
 */
/** Handles on the four sides of a node of this size (ids as NodeHandles draws them). */
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
const W = SPAN_NODE_WIDTH;
const H = SPAN_NODE_HEIGHT;
export const SPAN_HANDLES: readonly NodeHandle[] = handlesFor(W, H);
const SPAN_MEASURED = { width: W, height: H };

function linkLabels(status: LinkStatus, attributes: readonly Attribute[]): LinkEdgeData {
  const parts = attributes.map((a) => `${a.key}: ${formatAttrValue(a.value)}`);
  const first = parts[0] ?? '';
  const short = parts.length > 1 ? `${first} +${parts.length - 1}` : first;
  return { status, label: parts.join(', '), short };
}

export interface FlowElements {
  readonly nodes: AppNode[];
  readonly edges: AppEdge[];
  /** The layout drawn (compacted when only some traces are shown). */
  readonly layout: GraphLayout;
}

export interface FlowOptions {
  /** When set, only these traces are drawn, packed together (compactLayout). */
  readonly visibleTraces?: ReadonlySet<TraceId>;
  /** Traces marked as having problems (their box gets a red accent). */
  readonly problemTraces?: ReadonlySet<TraceId>;
  /** Large traces the user expanded (their box offers to collapse them again). */
  readonly expandedLarge?: ReadonlySet<TraceId>;
}

/** A span-sized node at (x, y) in trace box `parentId`: a span, a placeholder, or "N hidden spans". */
function inBox<N extends SpanFlowNode | PlaceholderFlowNode | HiddenSpansNode>(id: string, type: N['type'], data: N['data'], parentId: string, x: number, y: number): N {
  return {
    id,
    type,
    parentId,
    position: { x, y },
    width: SPAN_NODE_WIDTH,
    height: SPAN_NODE_HEIGHT,
    measured: SPAN_MEASURED,
    handles: SPAN_HANDLES as NodeHandle[],
    draggable: false,
    data,
  } as N;
}

/**
 * @param fullLayout the layout to draw; a collapsed one (drawn-view.ts) also draws each
 *   collapsed box's "N hidden spans" nodes, tied to their parent span by a parent edge
 */
export function toFlow(graph: LinkGraph, fullLayout: CollapsedLayout | GraphLayout, options: FlowOptions = {}): FlowElements {
  const layout: CollapsedLayout = options.visibleTraces ? compactLayout(fullLayout, options.visibleTraces) : fullLayout;
  const hiddenEdges: AppEdge[] = [];
  const nodes: AppNode[] = [];
  const centres = new Map<SpanKey, Point>();
  for (const box of layout.traces) {
    const trace = graph.traces.get(box.traceId);
    const root = trace?.root === undefined ? undefined : graph.spans.get(trace.root);
    const placeholderBox = trace?.placeholder ?? false;
    const boxId = traceNodeId(box.traceId);
    nodes.push({
      id: boxId,
      type: 'trace',
      position: { x: box.x, y: box.y },
      width: box.width,
      height: box.height,
      measured: { width: box.width, height: box.height },
      handles: [],
      selectable: false,
      draggable: false,
      data: {
        traceId: box.traceId,
        title: placeholderBox
          ? isInvalidTarget(box.traceId)
            ? 'malformed link target'
            : 'missing trace'
          : (root?.name ?? '(no root span)'),
        service: placeholderBox ? '' : (root?.service ?? trace?.services[0] ?? ''),
        shortId: displayTraceId(box.traceId),
        placeholder: placeholderBox,
        spanCount: trace?.spans.length ?? 0,
        problem: options.problemTraces?.has(box.traceId) ?? false,
        collapse: box.collapse ? { level: box.collapse.level, shown: box.collapse.shown, total: box.collapse.total } : null,
        expanded: options.expandedLarge?.has(box.traceId) ?? false,
      },
    });
    for (const pos of box.nodes) {
      centres.set(pos.key, { x: box.x + pos.x + SPAN_NODE_WIDTH / 2, y: box.y + pos.y + SPAN_NODE_HEIGHT / 2 });
      const span = graph.spans.get(pos.key);
      if (span) {
        // The duration is written by the node when it is drawn (only what is in view is).
        const data = { key: pos.key, name: span.name, service: span.service, colour: serviceColour(span.service), durationUs: span.durationUs, status: span.status, kind: span.kind };
        nodes.push(inBox<SpanFlowNode>(pos.key, 'span', data, boxId, pos.x, pos.y));
        continue;
      }
      const placeholder = graph.placeholders.get(pos.key);
      if (placeholder) nodes.push(inBox<PlaceholderFlowNode>(pos.key, 'placeholder', { key: pos.key, spanId: placeholder.spanId, reason: placeholder.reason }, boxId, pos.x, pos.y));
    }
    for (const h of box.hidden ?? []) {
      nodes.push(inBox<HiddenSpansNode>(h.id, 'hidden', { traceId: h.traceId, count: h.count }, boxId, h.x, h.y));
      const from = h.parent === null ? undefined : centres.get(h.parent);
      if (h.parent === null || !from) continue;
      const sides = sidesFor(from, { x: box.x + h.x + SPAN_NODE_WIDTH / 2, y: box.y + h.y + SPAN_NODE_HEIGHT / 2 });
      hiddenEdges.push({
        id: `${h.id}:edge`,
        type: 'parent',
        source: h.parent,
        target: h.id,
        sourceHandle: `s-${sides.source}`,
        targetHandle: `t-${sides.target}`,
        className: 'edge-parent edge-hidden',
        selectable: false,
        data: {},
      });
    }
  }

  const edges: AppEdge[] = hiddenEdges;
  for (const e of graph.parentEdges) {
    const from = centres.get(e.parent);
    const to = centres.get(e.child);
    if (!from || !to) continue;
    const sides = sidesFor(from, to);
    edges.push({
      id: e.id,
      type: 'parent',
      source: e.parent,
      target: e.child,
      sourceHandle: `s-${sides.source}`,
      targetHandle: `t-${sides.target}`,
      className: 'edge-parent',
      selectable: false,
      data: {},
    });
  }
  for (const e of graph.linkEdges) {
    const from = centres.get(e.from);
    const to = centres.get(e.to);
    if (!from || !to) continue;
    const sides = sidesFor(from, to);
    edges.push({
      id: e.id,
      type: 'link',
      source: e.from,
      target: e.to,
      sourceHandle: `s-${sides.source}`,
      targetHandle: `t-${sides.target}`,
      className: e.status === 'ok' ? 'edge-link' : 'edge-link edge-broken',
      selectable: false,
      // Links cross trace boxes: keep them above every box and node.
      zIndex: 1000,
      data: linkLabels(e.status, e.attributes),
    });
  }
  return { nodes, edges, layout };
}
