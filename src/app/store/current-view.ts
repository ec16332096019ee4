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

/**
 * The most spans + links drawn at span level (the tab's DOM and memory stay bounded). Past it the
 * trace level is drawn and the user is told; `?spanLimit=N` in the URL sets another ceiling.
 */
export const DEFAULT_SPAN_LIMIT = 20_000;

export interface CurrentView {
  readonly level: ViewLevel;
  readonly traces: ReadonlySet<TraceId> | undefined;
  /** The trace opened from the overview, when one is. */
  readonly openTrace: TraceId | null;
  /** True when span level was asked for but is over the ceiling, so the trace level is drawn. */
  readonly limited: boolean;
}

/** Spans and link records in these traces (all when undefined): what span level would draw. */
export function spanLevelSize(a: AnalysisPayload, traces: ReadonlySet<TraceId> | undefined): number {
  if (traces === undefined) return a.summary.spans + a.summary.links;
  let n = 0;
  for (const t of a.overview.graph.nodes) if (traces.has(t.traceId)) n += t.spanCount + t.internalLinks;
  for (const e of a.overview.graph.edges) if (traces.has(e.to)) n += e.count;
  return n;
}

export function defaultLevel(a: AnalysisPayload | null): ViewLevel {
  return a !== null && a.summary.traces > OVERVIEW_DEFAULT_TRACES ? 'traces' : 'spans';
}

export const selectLevel = (s: TraceState): ViewLevel => s.view.level ?? defaultLevel(s.graph.analysis);

/** Pure: the view for an analysis and the view settings. */
export function currentView(
  a: AnalysisPayload | null,
  level: ViewLevel,
  openTrace: TraceId | null,
  onlyProblems: boolean,
  spanLimit = DEFAULT_SPAN_LIMIT,
): CurrentView {
  if (a === null) return { level, traces: undefined, openTrace: null, limited: false };
  const open = level === 'spans' && openTrace !== null && a.graph.traces.has(openTrace) ? openTrace : null;
  let spans: CurrentView;
  if (open !== null) {
    const around = traceNeighbourhood(a, open);
    // A trace with too many neighbours opens alone.
    const traces = spanLevelSize(a, around) <= spanLimit ? around : new Set([open]);
    spans = { level, traces, openTrace: open, limited: false };
  } else {
    spans = { level, traces: onlyProblems ? problemTraces(a) : undefined, openTrace: null, limited: false };
  }
  if (level === 'spans' && spanLevelSize(a, spans.traces) > spanLimit) {
    return { level: 'traces', traces: onlyProblems ? problemTraces(a) : undefined, openTrace: null, limited: true };
  }
  return level === 'traces' ? { ...spans, openTrace: null } : spans;
}

let last: { a: AnalysisPayload | null; level: ViewLevel; open: TraceId | null; only: boolean; limit: number; view: CurrentView } | null = null;

/** Memoised on its inputs: the same object while none changes. */
export const selectCurrentView = (s: TraceState): CurrentView => {
  const a = s.graph.analysis;
  const level = selectLevel(s);
  const open = s.view.openTrace;
  const only = s.view.onlyProblems;
  const limit = s.view.spanLimit;
  if (last === null || last.a !== a || last.level !== level || last.open !== open || last.only !== only || last.limit !== limit) {
    last = { a, level, open, only, limit, view: currentView(a, level, open, only, limit) };
  }
  return last.view;
};
