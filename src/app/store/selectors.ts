/** Selectors at module scope, so components subscribe to exactly what they read. */
import type { SpanKey } from '../../core';
import { searchMatches } from './derived';
import type { TraceState } from './types';
import type { AnalysisPayload } from '../worker/protocol';

export const selectAnalysis = (s: TraceState) => s.graph.analysis;
export const selectSummary = (s: TraceState) => s.graph.analysis?.summary ?? null;
export const selectFiles = (s: TraceState) => s.files.files;
export const selectLoadErrors = (s: TraceState) => s.files.loadErrors;
export const selectProgress = (s: TraceState) => s.files.progress;
/** A load is running (reading, analysing, laying out): the progress indicator and Cancel show. */
export const selectBusy = (s: TraceState) => s.files.pending > 0;
/** Nothing is on its way from the worker: no load, and no slice for the view (tests wait on it). */
export const selectSettled = (s: TraceState) => s.files.pending === 0 && s.files.slicing === 0;
export const selectCancelling = (s: TraceState) => s.files.cancelling;
export const selectNotice = (s: TraceState) => s.files.notice;
export const selectLoads = (s: TraceState) => s.files.loads;
export const selectSelected = (s: TraceState) => s.selection.selected;
export const selectTrail = (s: TraceState) => s.selection.trail;
export const selectHovered = (s: TraceState) => s.selection.hovered;
export const selectFocus = (s: TraceState) => s.selection.focus;
export const selectSearch = (s: TraceState) => s.view.search;
export const selectOnlyProblems = (s: TraceState) => s.view.onlyProblems;
export const selectFitSeq = (s: TraceState) => s.view.fitSeq;
export const selectOpenTrace = (s: TraceState) => s.view.openTrace;
export const selectCausalPathOn = (s: TraceState) => s.view.causalPath;
export const selectTheme = (s: TraceState) => s.view.theme;
export const selectPresenting = (s: TraceState) => s.view.presenting;
export const selectNotes = (s: TraceState) => s.review.notes;
export const selectRedaction = (s: TraceState) => s.review.redaction;

/** Memoised on (analysis, search): the same Set object while neither changes. */
let lastMatches: { a: AnalysisPayload | null; q: string; set: ReadonlySet<SpanKey> } | null = null;
export const selectMatches = (s: TraceState): ReadonlySet<SpanKey> => {
  const a = s.graph.analysis;
  const q = s.view.search;
  if (lastMatches === null || lastMatches.a !== a || lastMatches.q !== q) {
    lastMatches = { a, q, set: searchMatches(a, q) };
  }
  return lastMatches.set;
};

/** Whether the span is in the breadcrumb trail (marked as where the user came from). */
export const selectInTrail = (key: SpanKey) => (s: TraceState) => s.selection.trail.includes(key);
