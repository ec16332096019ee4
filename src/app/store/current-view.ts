/**
 * What the canvas draws right now, and so what "the current view" exports: the level (one node
 * per trace, or every span) and the traces shown (undefined: all of them).
 */
import type { TraceId, ViewLevel } from '../../core';
import type { AnalysisPayload } from '../worker/protocol';
import { problemTraces, traceNeighbourhood } from './derived';
import type { TraceState } from './types';

/** Past this many loaded traces the trace-level view is the default. */
export const OVERVIEW_DEFAULT_TRACES = 50;

export interface CurrentView {
  readonly level: ViewLevel;
  readonly traces: ReadonlySet<TraceId> | undefined;
  /** The trace opened from the overview, when one is. */
  readonly openTrace: TraceId | null;
}

export function defaultLevel(a: AnalysisPayload | null): ViewLevel {
  return a !== null && a.summary.traces > OVERVIEW_DEFAULT_TRACES ? 'traces' : 'spans';
}

export const selectLevel = (s: TraceState): ViewLevel => s.view.level ?? defaultLevel(s.graph.analysis);

/** Pure: the view for an analysis and the view settings. */
export function currentView(a: AnalysisPayload | null, level: ViewLevel, openTrace: TraceId | null, onlyProblems: boolean): CurrentView {
  if (a === null) return { level, traces: undefined, openTrace: null };
  const open = level === 'spans' && openTrace !== null && a.graph.traces.has(openTrace) ? openTrace : null;
  if (open !== null) return { level, traces: traceNeighbourhood(a, open), openTrace: open };
  return { level, traces: onlyProblems ? problemTraces(a) : undefined, openTrace: null };
}

let last: { a: AnalysisPayload | null; level: ViewLevel; open: TraceId | null; only: boolean; view: CurrentView } | null = null;

/** Memoised on its inputs: the same object while none changes. */
export const selectCurrentView = (s: TraceState): CurrentView => {
  const a = s.graph.analysis;
  const level = selectLevel(s);
  const open = s.view.openTrace;
  const only = s.view.onlyProblems;
  if (last === null || last.a !== a || last.level !== level || last.open !== open || last.only !== only) {
    last = { a, level, open, only, view: currentView(a, level, open, only) };
  }
  return last.view;
};
