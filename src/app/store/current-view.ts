/**
 * What the canvas draws right now, and so what "the current view" exports: the level (one node
 * per trace, or every span) and the traces shown (undefined: all of them).
 */
import type { SpanKey, TraceId, ViewLevel } from '../../core';
import type { AnalysisPayload, SliceKey, ViewSpec } from '../worker/protocol';
import { overviewTraces, problemTraces, traceAlone, traceNeighbourhood, traceOfKey } from './derived';
import type { TraceState } from './types';

/** Past this many loaded traces the trace-level view is the default. */
export const OVERVIEW_DEFAULT_TRACES = 50;

/**
 * The most spans + links drawn at span level across traces (the tab's DOM and memory stay
 * bounded). Past it the trace level is drawn and the user is told; one trace opened is drawn
 * whatever its size. `?spanLimit=N` in the URL sets another ceiling.
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
  const open = level === 'spans' && openTrace !== null && overviewTraces(a).has(openTrace) ? openTrace : null;
  let spans: CurrentView;
  if (open !== null) {
    const around = traceNeighbourhood(a, open);
    // A trace with too many neighbours opens alone.
    const traces = spanLevelSize(a, around) <= spanLimit ? around : traceAlone(a, open);
    spans = { level, traces, openTrace: open, limited: false };
  } else {
    spans = { level, traces: onlyProblems ? problemTraces(a) : undefined, openTrace: null, limited: false };
  }
  // A trace opened is drawn whatever its size: alone, and collapsed past the node budget
  // (layout/collapse.ts), so a batch job's 50,000-span trace opens too; the ceiling bounds the
  // views that draw many traces at once.
  if (level === 'spans' && spans.openTrace === null && spanLevelSize(a, spans.traces) > spanLimit) {
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

/** The view settings of a state, as a load request carries them to the worker. */
export function viewSpecOf(s: TraceState): ViewSpec {
  return { level: s.view.level, openTrace: s.view.openTrace, onlyProblems: s.view.onlyProblems, spanLimit: s.view.spanLimit, selected: s.selection.selected };
}

/** The view a spec gives for an analysis (what the main thread's selectCurrentView gives). */
export function currentViewOf(a: AnalysisPayload, spec: ViewSpec): CurrentView {
  return currentView(a, spec.level ?? defaultLevel(a), spec.openTrace, spec.onlyProblems, spec.spanLimit);
}

/** The key of a slice of these traces (undefined: all of them). */
export function sliceKey(traces: ReadonlySet<TraceId> | readonly TraceId[] | undefined): SliceKey {
  if (traces === undefined) return '*';
  const list = [...traces].sort();
  return list.length === 0 ? '' : JSON.stringify(list);
}

export interface WantedSlice {
  readonly key: SliceKey;
  /** Null: every trace. */
  readonly traces: readonly TraceId[] | null;
}

/**
 * The spans a view needs on the main thread: at span level the traces drawn; at trace level
 * nothing, except the selected span's trace, so its details stay available (null: nothing is
 * needed, whatever slice is held may stay).
 */
export function wantedSlice(a: AnalysisPayload, view: CurrentView, selected: SpanKey | null): WantedSlice | null {
  if (view.level === 'spans') return view.traces === undefined ? { key: '*', traces: null } : { key: sliceKey(view.traces), traces: [...view.traces] };
  if (selected === null) return null;
  const trace = traceOfKey(a, selected);
  return trace === undefined ? null : { key: sliceKey([trace]), traces: [trace] };
}

/** Whether the view draws this span or placeholder's trace at span level (so it can be centred). */
export function viewShows(a: AnalysisPayload, view: CurrentView, key: SpanKey): boolean {
  if (view.level !== 'spans') return false;
  const trace = traceOfKey(a, key);
  return trace !== undefined && (view.traces === undefined || view.traces.has(trace));
}

/** Whether a slice held (by its key) already has every span a wanted slice would bring. */
export function sliceCovers(held: SliceKey, want: WantedSlice): boolean {
  if (held === want.key || held === '*') return true;
  if (want.traces === null) return false;
  if (want.traces.length === 0) return true;
  if (held === '') return false;
  const has = new Set(JSON.parse(held) as TraceId[]);
  return want.traces.every((t) => has.has(t));
}

let lastWant: { a: AnalysisPayload; view: CurrentView; selected: SpanKey | null; want: WantedSlice | null } | null = null;

/**
 * The slice the state's view needs and does not hold (null: none), memoised on its inputs. A
 * slice held that has every trace of the view is kept (the canvas draws the view's traces of it):
 * going from all spans to one trace, or back to a trace of the last neighbourhood, asks nothing.
 */
export function missingSlice(s: TraceState): WantedSlice | null {
  const a = s.graph.analysis;
  if (a === null) return null;
  const view = selectCurrentView(s);
  const selected = s.selection.selected;
  if (lastWant === null || lastWant.a !== a || lastWant.view !== view || lastWant.selected !== selected) {
    let want = wantedSlice(a, view, selected);
    // At trace level the selected span's trace is wanted for its details: none needed when held.
    if (want !== null && view.level === 'traces' && selected !== null && (a.graph.spans.has(selected) || a.graph.placeholders.has(selected))) want = null;
    if (want !== null && sliceCovers(a.slice, want)) want = null;
    lastWant = { a, view, selected, want };
  }
  return lastWant.want;
}
