/**
 * The trace-level view as React Flow nodes and edges: one node per trace (root span, service,
 * span and problem counts) or per stack of alike traces, one edge per pair with the number of
 * links between them. Takes the overview as drawn (core/layout/stacked-overview.ts).
 */
import type { TraceId } from '../../core';
import { isInvalidTarget } from '../../core';
import type { DrawnOverview } from '../../core/layout/stacked-overview';
import { serviceColour } from '../styles/palette';
import type { AppEdge, AppNode } from './flow-types';
import { boxPlace, displayTraceId, handlesFor, sidesFor, type FlowElements, type Side } from './flow-parts';

export const overviewNodeId = (traceId: TraceId) => `overview:${traceId}`;

/** Handle ids by side (NodeHandles' `s-<side>` and `t-<side>`), made once. */
const SOURCE_HANDLE: Readonly<Record<Side, string>> = { l: 's-l', r: 's-r', t: 's-t', b: 's-b' };
const TARGET_HANDLE: Readonly<Record<Side, string>> = { l: 't-l', r: 't-r', t: 't-t', b: 't-b' };

export function overviewToFlow({ graph, layout }: Pick<DrawnOverview, 'graph' | 'layout'>): FlowElements {
  const summaries = new Map(graph.nodes.map((n) => [n.traceId, n]));
  const centres = new Map<TraceId, { x: number; y: number }>();
  for (const box of layout.traces) {
    if (summaries.has(box.traceId)) centres.set(box.traceId, { x: box.x + box.width / 2, y: box.y + box.height / 2 });
  }
  // The handles each trace's edges use: a node renders only those (8 per node were 1,600 DOM
  // elements at 200 traces, each measured by React Flow).
  const used = new Map<TraceId, Set<string>>();
  // One id string per trace, shared by its node and all its edges (65,144 pairs at 2,000 traces:
  // made per edge, they were two new strings each, hashed again where the links canvas looks
  // the nodes up by id).
  const ids = new Map<TraceId, string>();
  const idOf = (traceId: TraceId): string => {
    let id = ids.get(traceId);
    if (id === undefined) ids.set(traceId, (id = overviewNodeId(traceId)));
    return id;
  };
  const note = (traceId: TraceId, handle: string) => {
    let set = used.get(traceId);
    if (set === undefined) used.set(traceId, (set = new Set()));
    set.add(handle);
  };
  const edges: AppEdge[] = [];
  for (const e of graph.edges) {
    const from = centres.get(e.from);
    const to = centres.get(e.to);
    if (!from || !to) continue;
    const sides = sidesFor(from, to);
    const sourceHandle = SOURCE_HANDLE[sides.source];
    const targetHandle = TARGET_HANDLE[sides.target];
    note(e.from, sourceHandle);
    note(e.to, targetHandle);
    edges.push({
      id: `overview:${e.from}>${e.to}`,
      type: 'traceLink',
      source: idOf(e.from),
      target: idOf(e.to),
      sourceHandle,
      targetHandle,
      selectable: false,
      zIndex: 1000,
      data: { count: e.count, broken: e.broken },
    });
  }
  const nodes: AppNode[] = [];
  for (const box of layout.traces) {
    const n = summaries.get(box.traceId);
    if (n === undefined) continue;
    nodes.push({
      id: idOf(box.traceId),
      type: 'traceSummary',
      ...boxPlace(box),
      handles: handlesFor(box.width, box.height),
      draggable: false,
      data: {
        traceId: box.traceId,
        title: n.placeholder && isInvalidTarget(box.traceId) ? 'malformed link target' : n.title,
        service: n.service,
        shortId: displayTraceId(box.traceId),
        placeholder: n.placeholder,
        spanCount: n.spanCount,
        problemCount: n.problemCount,
        ...(n.stackSize === undefined ? {} : { stackSize: n.stackSize }),
        colour: serviceColour(n.service),
        handleIds: handleIdsOf(used.get(box.traceId)),
      },
    });
  }
  return { nodes, edges, layout };
}

const NO_HANDLES: readonly string[] = Object.freeze([]);

/** A node's used handles as a list (one shared empty list for a trace without edges). */
function handleIdsOf(used: ReadonlySet<string> | undefined): readonly string[] {
  return used === undefined ? NO_HANDLES : [...used];
}
