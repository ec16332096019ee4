/** The store's data and its actions, typed apart (xyflow habit). */
import type { NoteTarget, Redaction, SharedView, SpanKey, Theme, TraceId, ViewLevel } from '../../core';
import type { AnalysisPayload, LoadedFile, LoadError, Progress, ViewSlice } from '../worker/protocol';

export interface FilesState {
  readonly files: readonly LoadedFile[];
  readonly loadErrors: readonly LoadError[];
  /** Loads (add, remove, clear, redact, share link, demo fetch) sent and not answered yet. */
  readonly pending: number;
  /** Slice requests in flight (the view changed; its spans are on the way). */
  readonly slicing: number;
  /** Cancel was pressed: the running loads stop at their next phase. */
  readonly cancelling: boolean;
  /** A message about the last load that is not an error (a cancelled load). */
  readonly notice: string | null;
  readonly progress: Progress | null;
  /** Answers received so far; tests wait for it to move. */
  readonly loads: number;
  /** Pasted texts so far, to name the next one `pasted-N.json`. */
  readonly pasted: number;
}

export interface GraphState {
  /**
   * Null when nothing is loaded. Its graph and layout hold only the spans of the traces in the
   * current view (the worker keeps the whole model): a view change asks for its slice.
   */
  readonly analysis: AnalysisPayload | null;
}

/** A request for the canvas to centre on a node; `seq` makes a repeated request count. */
export interface FocusRequest {
  readonly key: SpanKey;
  readonly seq: number;
}

export interface SelectionState {
  readonly selected: SpanKey | null;
  /** Spans left by following links, oldest first: the breadcrumb trail back. */
  readonly trail: readonly SpanKey[];
  /** A span highlighted because the pointer is over a link to it. */
  readonly hovered: SpanKey | null;
  readonly focus: FocusRequest | null;
}

export interface ViewState {
  readonly search: string;
  readonly onlyProblems: boolean;
  /** Bumped to ask the canvas to fit the view. */
  readonly fitSeq: number;
  /** The level the user chose; null follows the default (traces past OVERVIEW_DEFAULT_TRACES). */
  readonly level: ViewLevel | null;
  /** A trace opened from the trace-level view: its spans and its linked neighbours are drawn. */
  readonly openTrace: TraceId | null;
  /** Light up the selected span's causal path (upstream causes, downstream effects), dim the rest. */
  readonly causalPath: boolean;
  readonly theme: Theme;
  /** Presentation mode: panels hidden, legend shown. */
  readonly presenting: boolean;
  /** The most spans + links drawn at span level (DEFAULT_SPAN_LIMIT, or `?spanLimit=N`). */
  readonly spanLimit: number;
  /** Large traces the user expanded: drawn whole even when the view collapses large traces. */
  readonly expandedTraces: ReadonlySet<TraceId>;
  /** Stacks of alike traces (by their first trace) the user opened: drawn one node per trace. */
  readonly unstackedTraces: ReadonlySet<TraceId>;
}

/** What a reviewer adds before sharing: notes, and redaction of what is shown and shared. */
export interface ReviewState {
  readonly notes: ReadonlyMap<NoteTarget, string>;
  readonly redaction: Redaction;
}

export interface TraceState {
  readonly files: FilesState;
  readonly graph: GraphState;
  readonly selection: SelectionState;
  readonly view: ViewState;
  readonly review: ReviewState;
}

export interface TraceActions {
  requestSent(): void;
  progressed(progress: Progress): void;
  resultReceived(analysis: AnalysisPayload | null, errors: readonly LoadError[]): void;
  sliceRequested(): void;
  /** A slice of the analysis `version`: it replaces the spans held when that version is shown. */
  sliceReceived(version: number, slice: ViewSlice | null): void;
  /** Goes to a span with the slice its view needs (asked for before the view changes). */
  goToSpan(key: SpanKey, version: number, slice: ViewSlice | null): void;
  /** Opens a trace (or goes back to all) with the slice its view needs (asked for first). */
  openTraceWith(traceId: TraceId | null, version: number, slice: ViewSlice | null): void;
  cancelRequested(): void;
  /** A load stopped before changing anything (cancelled, or a demo fetch abandoned). */
  loadCancelled(): void;
  dismissNotice(): void;
  requestFailed(message: string): void;
  /** A request finished without a worker answer (e.g. the demo fetch, handed on to the worker). */
  requestSettled(): void;
  /** A load failed before reaching the worker. */
  loadFailed(error: LoadError): void;
  dismissLoadError(index: number): void;
  nextPasteName(): string;
  /** Selects a span; with focus it is centred, its trace opened first when the view does not draw it. */
  select(key: SpanKey | null, focus?: boolean): void;
  followLink(target: SpanKey): void;
  backTo(index: number): void;
  hover(key: SpanKey | null): void;
  setSearch(search: string): void;
  setOnlyProblems(on: boolean): void;
  fitView(): void;
  setLevel(level: ViewLevel): void;
  /** Opens a trace of the trace-level view to its spans (null goes back to all traces). */
  openTrace(traceId: TraceId | null): void;
  setCausalPath(on: boolean): void;
  setTheme(theme: Theme): void;
  setPresenting(on: boolean): void;
  setSpanLimit(limit: number): void;
  /** Expands a collapsed trace to all its spans, or lets it collapse again. */
  setTraceExpanded(traceId: TraceId, expanded: boolean): void;
  /** Draws a stack of alike traces (by its first trace) one node per trace, or stacks it again (null: every stack). */
  setStackOpen(traceId: TraceId | null, open: boolean): void;
  /** Sets a note (an empty text removes it). */
  setNote(target: NoteTarget, text: string): void;
  setRedaction(redaction: Redaction): void;
  /** Restores the notes and view of a shared link or snapshot. */
  applyShared(view: SharedView, notes: ReadonlyMap<NoteTarget, string>): void;
}

export type TraceStore = TraceState & TraceActions;
