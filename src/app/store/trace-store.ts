/** The one app store: typed slices (files, graph, selection, view), one-line actions over pure transforms. */
import { create } from 'zustand';
import * as t from './transforms';
import type { TraceStore } from './types';

export const useTraceStore = create<TraceStore>()((set, get) => ({
  ...t.initialState,
  requestSent: () => set((s) => t.requestSent(s)),
  progressed: (progress) => set((s) => t.progressed(s, progress)),
  resultReceived: (analysis, errors) => set((s) => t.resultReceived(s, analysis, errors)),
  sliceRequested: () => set((s) => t.sliceRequested(s)),
  sliceReceived: (version, slice) => set((s) => t.sliceReceived(s, version, slice)),
  goToSpan: (key, version, slice) => set((s) => t.goToSpan(s, key, version, slice)),
  openTraceWith: (traceId, version, slice) => set((s) => t.openTraceWith(s, traceId, version, slice)),
  cancelRequested: () => set((s) => t.cancelRequested(s)),
  loadCancelled: () => set((s) => t.loadCancelled(s)),
  dismissNotice: () => set((s) => t.dismissNotice(s)),
  requestFailed: (message) => set((s) => t.requestFailed(s, message)),
  requestSettled: () => set((s) => t.requestSettled(s)),
  loadFailed: (error) => set((s) => t.loadFailed(s, error)),
  dismissLoadError: (index) => set((s) => t.dismissLoadError(s, index)),
  nextPasteName: () => {
    set((s) => t.pasted(s));
    return `pasted-${get().files.pasted}.json`;
  },
  select: (key, focus) => set((s) => t.select(s, key, focus)),
  followLink: (target) => set((s) => t.followLink(s, target)),
  backTo: (index) => set((s) => t.backTo(s, index)),
  hover: (key) => set((s) => t.hover(s, key)),
  setSearch: (search) => set((s) => t.setSearch(s, search)),
  setOnlyProblems: (on) => set((s) => t.setOnlyProblems(s, on)),
  fitView: () => set((s) => t.fitView(s)),
  setLevel: (level) => set((s) => t.setLevel(s, level)),
  openTrace: (traceId) => set((s) => t.openTrace(s, traceId)),
  setCausalPath: (on) => set((s) => t.setCausalPath(s, on)),
  setTheme: (theme) => set((s) => t.setTheme(s, theme)),
  setPresenting: (on) => set((s) => t.setPresenting(s, on)),
  setSpanLimit: (limit) => set((s) => t.setSpanLimit(s, limit)),
  setTraceExpanded: (traceId, expanded) => set((s) => t.setTraceExpanded(s, traceId, expanded)),
  setStackOpen: (traceId, open) => set((s) => t.setStackOpen(s, traceId, open)),
  setNote: (target, text) => set((s) => t.setNote(s, target, text)),
  setRedaction: (redaction) => set((s) => t.setRedaction(s, redaction)),
  applyShared: (view, notes) => set((s) => t.applyShared(s, view, notes)),
}));
