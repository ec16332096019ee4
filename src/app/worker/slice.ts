/**
 * What crosses to the main thread from the worker's whole model: the bounded parts of an
 * analysis and the spans of the traces in the current view only, never every span object.
 * Pure over its inputs; tested without a Worker.
 */
import type { Diagnostic, Severity, TraceId } from '../../core';
import { subgraph, sublayout } from '../../core/graph/subgraph';
import { packParents, withForests } from './wire-graph';
import { currentViewOf, sliceKey, wantedSlice } from '../store/current-view';
import { MAX_DIAGNOSTICS_SENT, type AnalysisPayload, type ViewSlice, type ViewSpec } from './protocol';

/** No spans: the trace level needs none. */
export const EMPTY_SLICE: ViewSlice = {
  key: '',
  graph: { spans: new Map(), traces: new Map(), parentEdges: [], linkEdges: [], placeholders: new Map() },
  layout: { traces: [], width: 0, height: 0 },
};

/** The spans, edges and boxes of these traces of the whole model (null: every trace), as plain data. */
export function sliceOf(full: AnalysisPayload, traces: readonly TraceId[] | null): ViewSlice {
  const set = new Set<TraceId>(traces ?? full.graph.traces.keys());
  if (set.size === 0) return EMPTY_SLICE;
  // Parent edges packed for the way across (wire-graph.ts), the large traces' forests with them; the client unpacks them.
  const graph = withForests(packParents(subgraph(full.graph, set)), full.graph);
  return { key: traces === null ? '*' : sliceKey(set), graph, layout: sublayout(full.layout, set) };
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** At most `max` diagnostics, the most severe first (in order within a severity); all when they fit. */
export function capDiagnostics(diagnostics: readonly Diagnostic[], max = MAX_DIAGNOSTICS_SENT): readonly Diagnostic[] {
  if (diagnostics.length <= max) return diagnostics;
  const order = diagnostics.map((_, i) => i).sort((x, y) => RANK[diagnostics[x]!.severity] - RANK[diagnostics[y]!.severity] || x - y);
  return order.slice(0, max).map((i) => diagnostics[i]!);
}

/**
 * The result a load sends: files, summary, overview and problem traces as they are, the
 * diagnostics capped, and the slice the view in `spec` draws (at trace level: none, or the
 * selected span's trace, so its details stay available).
 */
export function resultPayload(full: AnalysisPayload, spec: ViewSpec): AnalysisPayload {
  const want = wantedSlice(full, currentViewOf(full, spec), spec.selected);
  const slice = want === null ? EMPTY_SLICE : sliceOf(full, want.traces);
  return {
    ...full,
    diagnostics: capDiagnostics(full.diagnostics),
    graph: slice.graph,
    layout: slice.layout,
    slice: slice.key,
  };
}
