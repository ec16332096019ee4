/**
 * What the graph canvas is made of besides its nodes and edges: the arrowhead markers, the
 * minimap colours and React Flow's fixed settings. The canvas and the benchmark's React Flow
 * baseline (bench/rf-baseline) both use these, so the baseline draws exactly what the app draws.
 */
import { MARKER_BROKEN, MARKER_OK, MARKER_PARENT } from './edges';
import type { AppNode } from './flow-types';

/** React Flow settings that never change: a read-only graph. */
export const FIXED_FLOW_PROPS = {
  nodesDraggable: false,
  nodesConnectable: false,
  elementsSelectable: false,
  minZoom: 0.05,
  maxZoom: 2.5,
  proOptions: { hideAttribution: false },
} as const;

export function minimapColour(node: AppNode): string {
  if (node.type === 'trace') return node.data.placeholder ? '#fde2e2' : '#e8edf4';
  if (node.type === 'placeholder') return '#e5484d';
  if (node.type === 'traceSummary') return node.data.placeholder ? '#e5484d' : node.data.colour;
  if (node.type === 'hidden') return '#c9d1dc';
  return node.data.colour;
}

/**
 * In user space, not stroke widths: a trace-level edge is drawn thicker the more links it carries
 * (up to 6 px), and an arrowhead scaled with it covered the node it points at.
 */
function marker(id: string, fill: string, size: number) {
  return (
    <marker id={id} viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth={size} markerHeight={size} orient="auto-start-reverse">
      <path d="M0,0 L10,5 L0,10 z" fill={fill} />
    </marker>
  );
}

/** Arrowheads for link, broken-link and parent edges, defined once per canvas. */
export function Markers() {
  return (
    <svg className="flow-markers" aria-hidden="true">
      <defs>
        {marker(MARKER_OK, 'var(--link)', 12)}
        {marker(MARKER_BROKEN, 'var(--danger)', 12)}
        {marker(MARKER_PARENT, 'var(--parent-edge)', 7)}
      </defs>
    </svg>
  );
}
