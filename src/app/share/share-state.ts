/** What the store says a shared view is: notes, the view and redaction, as plain data. */
import type { Note, ShareState, SharedView } from '../../core';
import { selectCurrentView } from '../store/current-view';
import type { TraceState } from '../store/types';

export function shareStateOf(s: TraceState): ShareState {
  const view = selectCurrentView(s);
  const shared: SharedView = {
    level: view.level,
    ...(view.openTrace !== null ? { openTrace: view.openTrace } : {}),
    ...(s.selection.selected !== null ? { selected: s.selection.selected } : {}),
    causalPath: s.view.causalPath,
    onlyProblems: s.view.onlyProblems,
    search: s.view.search,
    theme: s.view.theme,
    ...(s.view.expandedTraces.size === 0 ? {} : { expanded: [...s.view.expandedTraces] }),
    ...(s.view.unstackedTraces.size === 0 ? {} : { unstacked: [...s.view.unstackedTraces] }),
  };
  const notes: Note[] = [...s.review.notes].map(([target, text]) => ({ target, text }));
  return { notes, view: shared, redaction: s.review.redaction };
}

/** A title for exported files and images: what is loaded, in a few words. */
export function exportTitle(s: TraceState): string {
  const sum = s.graph.analysis?.summary;
  if (!sum) return 'tracelinks';
  const broken = sum.brokenLinks === 1 ? '1 broken link' : `${sum.brokenLinks} broken links`;
  return `tracelinks: ${sum.traces} traces, ${sum.spans} spans, ${sum.links} links, ${broken}`;
}
