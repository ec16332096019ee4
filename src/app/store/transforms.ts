/**
 * Pure `(state, arg) -> state` transforms behind every store action (jaeger-ui habit): the
 * store's actions are one-line `set` calls over these, and these are tested without React.
 */
import { NO_REDACTION, type NoteTarget, type Redaction, type SharedView, type SpanKey, type Theme, type TraceId, type ViewLevel } from '../../core';
import type { AnalysisPayload, LoadError, Progress, ViewSlice } from '../worker/protocol';
import { currentView, DEFAULT_SPAN_LIMIT, selectLevel, viewShows } from './current-view';
import { overviewTraces, traceOfKey } from './derived';
import type { TraceState, ViewState } from './types';

export const initialState: TraceState = {
  files: { files: [], loadErrors: [], pending: 0, slicing: 0, cancelling: false, notice: null, progress: null, loads: 0, pasted: 0 },
  graph: { analysis: null },
  selection: { selected: null, trail: [], hovered: null, focus: null },
  view: { search: '', onlyProblems: false, fitSeq: 0, level: null, openTrace: null, causalPath: false, theme: 'light', presenting: false, spanLimit: DEFAULT_SPAN_LIMIT, expandedTraces: new Set(), unstackedTraces: new Set() },
  review: { notes: new Map(), redaction: NO_REDACTION },
};

/** A load was sent: it is pending, and a new load replaces an old notice. */
export function requestSent(s: TraceState): TraceState {
  return { ...s, files: { ...s.files, pending: s.files.pending + 1, notice: null } };
}

/** What the files slice is once a load is answered (or stopped). */
function settled(s: TraceState): TraceState['files'] {
  const pending = Math.max(0, s.files.pending - 1);
  return { ...s.files, pending, progress: pending === 0 ? null : s.files.progress, cancelling: pending === 0 ? false : s.files.cancelling };
}

export function progressed(s: TraceState, progress: Progress): TraceState {
  return { ...s, files: { ...s.files, progress } };
}

/** True when `key` is a span or placeholder of the slice held (the spans on the main thread). */
export function hasNode(analysis: AnalysisPayload | null, key: SpanKey): boolean {
  return analysis !== null && (analysis.graph.spans.has(key) || analysis.graph.placeholders.has(key));
}

/** True when the slice holds `key`'s trace but not `key`: it is not in the analysis. */
function slicedOut(analysis: AnalysisPayload | null, key: SpanKey): boolean {
  if (analysis === null || hasNode(analysis, key)) return false;
  const trace = traceOfKey(analysis, key);
  return trace !== undefined && analysis.graph.traces.has(trace);
}

/** True when `key` may exist in the analysis: held in the slice, or in one of its traces. */
export function mayHaveNode(analysis: AnalysisPayload | null, key: SpanKey): boolean {
  return analysis !== null && (hasNode(analysis, key) || traceOfKey(analysis, key) !== undefined);
}

/**
 * A worker answer. New load errors are added; the analysis is replaced (the worker always
 * answers with everything loaded). A selection or trail entry whose trace no longer exists is
 * dropped (one whose trace is sliced and lacks it is dropped when the slice comes).
 */
export function resultReceived(
  s: TraceState,
  analysis: AnalysisPayload | null,
  errors: readonly LoadError[],
): TraceState {
  const keep = (key: SpanKey | null) => (key !== null && mayHaveNode(analysis, key) && !slicedOut(analysis, key) ? key : null);
  const selected = keep(s.selection.selected);
  const openTrace = s.view.openTrace !== null && analysis !== null && overviewTraces(analysis).has(s.view.openTrace) ? s.view.openTrace : null;
  return {
    ...s,
    view: openTrace === s.view.openTrace ? s.view : { ...s.view, openTrace },
    files: {
      ...settled(s),
      files: analysis?.files ?? [],
      loadErrors: [...s.files.loadErrors, ...errors],
      loads: s.files.loads + 1,
    },
    graph: { analysis },
    selection: {
      selected,
      trail: selected === null ? [] : s.selection.trail.filter((k) => mayHaveNode(analysis, k)),
      hovered: keep(s.selection.hovered),
      focus: s.selection.focus,
    },
  };
}

/** The worker itself failed (a bug, not a bad file): report it like a load error. */
export function requestFailed(s: TraceState, message: string): TraceState {
  return {
    ...s,
    files: {
      ...settled(s),
      loadErrors: [...s.files.loadErrors, { file: '(analysis)', message }],
      loads: s.files.loads + 1,
    },
  };
}

export function requestSettled(s: TraceState): TraceState {
  return { ...s, files: settled(s) };
}

export function sliceRequested(s: TraceState): TraceState {
  return { ...s, files: { ...s.files, slicing: s.files.slicing + 1 } };
}

/** The analyses made with each slice: one object per analysis and slice (see withSlice). */
const sliced = new WeakMap<ViewSlice, { readonly base: AnalysisPayload; readonly analysis: AnalysisPayload }>();

/**
 * `a` holding `slice`'s spans: the same object each time for the same two, so what is cached on
 * the analysis (derived.ts, drawn-view.ts) and worked out before the slice reaches the store
 * (the worker client's preparation) is found again when it does.
 */
function withSlice(a: AnalysisPayload, slice: ViewSlice): AnalysisPayload {
  const hit = sliced.get(slice);
  if (hit !== undefined && hit.base === a) return hit.analysis;
  const analysis: AnalysisPayload = { ...a, graph: slice.graph, layout: slice.layout, slice: slice.key };
  sliced.set(slice, { base: a, analysis });
  return analysis;
}

/**
 * A slice arrived. It replaces the spans held when it belongs to the analysis shown (a slice of
 * an older version is dropped) and differs from the one held. A selected span whose trace the
 * slice holds but that is not in it no longer exists: the selection is cleared.
 */
export function sliceReceived(s: TraceState, version: number, slice: ViewSlice | null): TraceState {
  const files = { ...s.files, slicing: Math.max(0, s.files.slicing - 1) };
  const a = s.graph.analysis;
  if (slice === null || a === null || a.version !== version || a.slice === slice.key) return { ...s, files };
  const analysis = withSlice(a, slice);
  const sel = s.selection.selected;
  const gone = sel !== null && slicedOut(analysis, sel);
  return {
    ...s,
    files,
    graph: { analysis },
    selection: gone ? { ...s.selection, selected: null, trail: [] } : s.selection,
  };
}

export function cancelRequested(s: TraceState): TraceState {
  return s.files.pending === 0 ? s : { ...s, files: { ...s.files, cancelling: true } };
}

/**
 * A load stopped before it changed anything: what was loaded stays, the user is told, and a
 * redaction asked for by the cancelled load goes back to the one shown.
 */
export function loadCancelled(s: TraceState): TraceState {
  const shown = s.graph.analysis?.redaction;
  return {
    ...s,
    files: {
      ...settled(s),
      loads: s.files.loads + 1,
      notice: 'Loading was cancelled: what was loaded before is still shown.',
    },
    review: shown === undefined ? s.review : { ...s.review, redaction: shown },
  };
}

export function dismissNotice(s: TraceState): TraceState {
  return { ...s, files: { ...s.files, notice: null } };
}

export function loadFailed(s: TraceState, error: LoadError): TraceState {
  return { ...s, files: { ...s.files, loadErrors: [...s.files.loadErrors, error] } };
}

export function dismissLoadError(s: TraceState, index: number): TraceState {
  return { ...s, files: { ...s.files, loadErrors: s.files.loadErrors.filter((_, i) => i !== index) } };
}

export function pasted(s: TraceState): TraceState {
  return { ...s, files: { ...s.files, pasted: s.files.pasted + 1 } };
}

/**
 * The view that draws `key` at span level: the current one when it does, else its trace opened
 * (the spans of a view come from the worker, so a span out of view has to be brought in).
 */
function reveal(s: TraceState, key: SpanKey): ViewState {
  const a = s.graph.analysis;
  if (a === null) return s.view;
  const view = currentView(a, selectLevel(s), s.view.openTrace, s.view.onlyProblems, s.view.spanLimit);
  if (viewShows(a, view, key)) return s.view;
  const trace = traceOfKey(a, key);
  return trace === undefined ? s.view : { ...s.view, level: 'spans', openTrace: trace };
}

/**
 * Selects a span (or clears with null). A plain selection starts a new trail. With focus the
 * span is centred, and when the view does not draw it, its trace is opened.
 */
export function select(s: TraceState, key: SpanKey | null, focus = false): TraceState {
  return {
    ...s,
    view: focus && key !== null ? reveal(s, key) : s.view,
    selection: {
      selected: key,
      trail: [],
      hovered: null,
      focus: focus && key !== null ? { key, seq: (s.selection.focus?.seq ?? 0) + 1 } : s.selection.focus,
    },
  };
}

/** Follows a link from the selected span: the current span joins the trail, the target is centred. */
export function followLink(s: TraceState, target: SpanKey): TraceState {
  const current = s.selection.selected;
  if (current === target) return s;
  const trail = current === null ? s.selection.trail : [...s.selection.trail, current];
  return {
    ...s,
    view: reveal(s, target),
    selection: {
      selected: target,
      trail,
      hovered: null,
      focus: { key: target, seq: (s.selection.focus?.seq ?? 0) + 1 },
    },
  };
}

/** Goes back to the trail entry at `index`; the entries after it are dropped. */
export function backTo(s: TraceState, index: number): TraceState {
  const key = s.selection.trail[index];
  if (key === undefined) return s;
  return {
    ...s,
    view: reveal(s, key),
    selection: {
      selected: key,
      trail: s.selection.trail.slice(0, index),
      hovered: null,
      focus: { key, seq: (s.selection.focus?.seq ?? 0) + 1 },
    },
  };
}

export function hover(s: TraceState, key: SpanKey | null): TraceState {
  if (s.selection.hovered === key) return s;
  return { ...s, selection: { ...s.selection, hovered: key } };
}

export function setSearch(s: TraceState, search: string): TraceState {
  return { ...s, view: { ...s.view, search } };
}

export function setOnlyProblems(s: TraceState, onlyProblems: boolean): TraceState {
  return { ...s, view: { ...s.view, onlyProblems, fitSeq: s.view.fitSeq + 1 } };
}

export function fitView(s: TraceState): TraceState {
  return { ...s, view: { ...s.view, fitSeq: s.view.fitSeq + 1 } };
}

export function setLevel(s: TraceState, level: ViewLevel): TraceState {
  // No fit request: the canvas fits each new view's first view itself (a fit of everything would
  // mount every node of a large graph while it animates).
  return { ...s, view: { ...s.view, level, openTrace: null } };
}

/** Opens a trace from the trace-level view (its spans, with its linked neighbours), or goes back with null. */
export function openTrace(s: TraceState, traceId: TraceId | null): TraceState {
  return { ...s, view: { ...s.view, level: traceId === null ? 'traces' : 'spans', openTrace: traceId } };
}

export function setCausalPath(s: TraceState, causalPath: boolean): TraceState {
  return { ...s, view: { ...s.view, causalPath } };
}

export function setTheme(s: TraceState, theme: Theme): TraceState {
  return { ...s, view: { ...s.view, theme } };
}

export function setPresenting(s: TraceState, presenting: boolean): TraceState {
  return { ...s, view: { ...s.view, presenting, fitSeq: s.view.fitSeq + 1 } };
}

/** Sets or (with blank text) removes a note. Notes are kept as typed, at most 2,000 characters. */
export function setNote(s: TraceState, target: NoteTarget, text: string): TraceState {
  const notes = new Map(s.review.notes);
  const trimmed = text.trim();
  if (trimmed === '') notes.delete(target);
  else notes.set(target, trimmed.slice(0, 2000));
  return { ...s, review: { ...s.review, notes } };
}

export function setRedaction(s: TraceState, redaction: Redaction): TraceState {
  return { ...s, review: { ...s.review, redaction } };
}

/**
 * Restores a shared view: level, opened trace, selection (centred), filters and the notes. The
 * theme stays the viewer's own choice.
 */
export function applyShared(s: TraceState, view: SharedView, notes: ReadonlyMap<NoteTarget, string>): TraceState {
  const selected = view.selected ?? null;
  return {
    ...s,
    view: {
      ...s.view,
      level: view.level,
      openTrace: view.openTrace ?? null,
      causalPath: view.causalPath,
      onlyProblems: view.onlyProblems,
      search: view.search,
      expandedTraces: new Set(view.expanded ?? []),
      unstackedTraces: new Set(view.unstacked ?? []),
    },
    selection: {
      selected,
      trail: [],
      hovered: null,
      focus: selected === null ? s.selection.focus : { key: selected, seq: (s.selection.focus?.seq ?? 0) + 1 },
    },
    review: { ...s.review, notes: new Map(notes) },
  };
}

/** A ceiling on what span level draws: a whole number of at least 1 (anything else keeps the old one). */
export function setSpanLimit(s: TraceState, spanLimit: number): TraceState {
  if (!Number.isSafeInteger(spanLimit) || spanLimit < 1) return s;
  return { ...s, view: { ...s.view, spanLimit } };
}

/** `set` with `id` in it or not: the same set when that is already so (so the state stays unchanged). */
function withMember(set: ReadonlySet<TraceId>, id: TraceId, member: boolean): ReadonlySet<TraceId> {
  if (set.has(id) === member) return set;
  const next = new Set(set);
  if (member) next.add(id);
  else next.delete(id);
  return next;
}

/** Expands a trace (drawn whole) or lets it collapse again; unchanged state when nothing changes. */
export function setTraceExpanded(s: TraceState, traceId: TraceId, expanded: boolean): TraceState {
  const expandedTraces = withMember(s.view.expandedTraces, traceId, expanded);
  return expandedTraces === s.view.expandedTraces ? s : { ...s, view: { ...s.view, expandedTraces } };
}

/**
 * Opens a stack of alike traces (drawn one by one) or stacks it again; `null` with `open` false
 * stacks every opened stack again. Unchanged state when nothing changes.
 */
export function setStackOpen(s: TraceState, traceId: TraceId | null, open: boolean): TraceState {
  const was = s.view.unstackedTraces;
  const unstackedTraces = traceId !== null ? withMember(was, traceId, open) : open || was.size === 0 ? was : new Set<TraceId>();
  return unstackedTraces === was ? s : { ...s, view: { ...s.view, unstackedTraces } };
}

/**
 * "Go to span" in one step: the span selected and centred, its trace opened when the view does
 * not draw it, and that view's slice applied, so the canvas changes once, straight to the span.
 */
export function goToSpan(s: TraceState, key: SpanKey, version: number, slice: ViewSlice | null): TraceState {
  return sliceReceived(select(s, key, true), version, slice);
}

export function openTraceWith(s: TraceState, traceId: TraceId | null, version: number, slice: ViewSlice | null): TraceState {
  return sliceReceived(openTrace(s, traceId), version, slice);
}
