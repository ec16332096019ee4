/**
 * Pure `(state, arg) -> state` transforms behind every store action (jaeger-ui habit): the
 * store's actions are one-line `set` calls over these, and these are tested without React.
 */
import { NO_REDACTION, type NoteTarget, type Redaction, type SharedView, type SpanKey, type Theme, type TraceId, type ViewLevel } from '../../core';
import type { AnalysisPayload, LoadError, Progress } from '../worker/protocol';
import { DEFAULT_SPAN_LIMIT } from './current-view';
import type { TraceState } from './types';

export const initialState: TraceState = {
  files: { files: [], loadErrors: [], pending: 0, progress: null, loads: 0, pasted: 0 },
  graph: { analysis: null },
  selection: { selected: null, trail: [], hovered: null, focus: null },
  view: { search: '', onlyProblems: false, fitSeq: 0, level: null, openTrace: null, causalPath: false, theme: 'light', presenting: false, spanLimit: DEFAULT_SPAN_LIMIT, expandedTraces: new Set() },
  review: { notes: new Map(), redaction: NO_REDACTION },
};

export function requestSent(s: TraceState): TraceState {
  return { ...s, files: { ...s.files, pending: s.files.pending + 1 } };
}

export function progressed(s: TraceState, progress: Progress): TraceState {
  return { ...s, files: { ...s.files, progress } };
}

/** True when `key` is a span or placeholder of the analysis. */
export function hasNode(analysis: AnalysisPayload | null, key: SpanKey): boolean {
  return analysis !== null && (analysis.graph.spans.has(key) || analysis.graph.placeholders.has(key));
}

/**
 * A worker answer. New load errors are added; the analysis is replaced (the worker always
 * answers with everything loaded). A selection or trail entry that no longer exists is dropped.
 */
export function resultReceived(
  s: TraceState,
  analysis: AnalysisPayload | null,
  errors: readonly LoadError[],
): TraceState {
  const pending = Math.max(0, s.files.pending - 1);
  const keep = (key: SpanKey | null) => (key !== null && hasNode(analysis, key) ? key : null);
  const selected = keep(s.selection.selected);
  const openTrace = s.view.openTrace !== null && analysis?.graph.traces.has(s.view.openTrace) ? s.view.openTrace : null;
  return {
    ...s,
    view: openTrace === s.view.openTrace ? s.view : { ...s.view, openTrace },
    files: {
      ...s.files,
      files: analysis?.files ?? [],
      loadErrors: [...s.files.loadErrors, ...errors],
      pending,
      progress: pending === 0 ? null : s.files.progress,
      loads: s.files.loads + 1,
    },
    graph: { analysis },
    selection: {
      selected,
      trail: selected === null ? [] : s.selection.trail.filter((k) => hasNode(analysis, k)),
      hovered: keep(s.selection.hovered),
      focus: s.selection.focus,
    },
  };
}

/** The worker itself failed (a bug, not a bad file): report it like a load error. */
export function requestFailed(s: TraceState, message: string): TraceState {
  const pending = Math.max(0, s.files.pending - 1);
  return {
    ...s,
    files: {
      ...s.files,
      pending,
      progress: pending === 0 ? null : s.files.progress,
      loadErrors: [...s.files.loadErrors, { file: '(analysis)', message }],
      loads: s.files.loads + 1,
    },
  };
}

export function requestSettled(s: TraceState): TraceState {
  const pending = Math.max(0, s.files.pending - 1);
  return { ...s, files: { ...s.files, pending, progress: pending === 0 ? null : s.files.progress } };
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

/** Selects a span (or clears with null). A plain selection starts a new trail. */
export function select(s: TraceState, key: SpanKey | null, focus = false): TraceState {
  return {
    ...s,
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

/** Expands a trace (drawn whole) or lets it collapse again; unchanged state when nothing changes. */
export function setTraceExpanded(s: TraceState, traceId: TraceId, expanded: boolean): TraceState {
  if (s.view.expandedTraces.has(traceId) === expanded) return s;
  const expandedTraces = new Set(s.view.expandedTraces);
  if (expanded) expandedTraces.add(traceId);
  else expandedTraces.delete(traceId);
  return { ...s, view: { ...s.view, expandedTraces } };
}
