/**
 * The trace-level view as drawn, and as exported: the overview of the traces shown, alike traces
 * stacked (graph/trace-stacks.ts), and its layout with the boxes of stacked-away traces taken out
 * and the bands they leave closed. The canvas and the worker's exports both draw this, so an
 * image or a Mermaid diagram of the current view shows what the screen shows.
 */
import type { TraceId } from '../ids';
import type { TraceGraph } from '../graph/trace-graph';
import { stackAlikeTraces, type StackedOverview } from '../graph/trace-stacks';
import { compactLayout } from './compact-layout';
import type { GraphLayout } from './types';

export interface DrawnOverview extends StackedOverview {
  /** One box per node of `graph`, compacted when traces were left out or stacked. */
  readonly layout: GraphLayout;
}

/**
 * @param traces the traces shown (all when undefined)
 * @param unstacked stacks (by their first trace) the user opened: their traces are drawn one by one
 */
export function drawnOverview(
  overview: TraceGraph,
  layout: GraphLayout,
  traces?: ReadonlySet<TraceId>,
  unstacked?: ReadonlySet<TraceId>,
): DrawnOverview {
  const shown: TraceGraph =
    traces === undefined
      ? overview
      : { nodes: overview.nodes.filter((n) => traces.has(n.traceId)), edges: overview.edges.filter((e) => traces.has(e.from) && traces.has(e.to)) };
  const stacked = stackAlikeTraces(shown, unstacked === undefined ? {} : { unstacked });
  if (traces === undefined && stacked.stacks.size === 0) return { ...stacked, layout };
  return { ...stacked, layout: compactLayout(layout, new Set(stacked.graph.nodes.map((n) => n.traceId))) };
}
