/**
 * Messages between the main thread and core.worker.ts. Everything here crosses postMessage,
 * so it is structured-cloneable data only (plain objects, arrays, Maps, typed arrays).
 */
import type {
  Diagnostic,
  FormatId,
  GraphLayout,
  InputProblem,
  LinkGraph,
  Redaction,
  ShareState,
  Span,
  Summary,
  Theme,
  TraceGraph,
  SpanKey,
  TraceId,
  ViewLevel,
} from '../../core';

/** The name a share link's content is loaded under (it is a snapshot). */
export const SHARED_LINK_FILE = 'shared-link.tracelinks.json';

/**
 * A file handed to the worker: raw bytes (gzip is detected by the core), pasted text, or a
 * browser File/Blob, which the worker reads itself (the main thread never holds its bytes).
 */
export interface InputFile {
  readonly name: string;
  readonly data: Uint8Array | string | Blob;
}

/** One loaded file, as the file list shows it (same shape as the core's FileInfo). */
export interface LoadedFile {
  readonly file: string;
  readonly format?: FormatId;
  readonly spans: number;
  readonly problems: readonly InputProblem[];
}

/** A file that could not be read at all: it was not added, and what was loaded stays. */
export interface LoadError {
  readonly file: string;
  readonly message: string;
}

/**
 * Which traces' spans a slice holds: `'*'` every trace, `''` none, else the trace ids sorted,
 * as JSON (`sliceKey` builds it). Two slices of one analysis version with one key are equal.
 */
export type SliceKey = string;

/** Span-level data for some traces: what the canvas and the details panel read. */
export interface ViewSlice {
  readonly key: SliceKey;
  /** The traces' spans, edges and placeholders, and the far ends of their links (core subgraph). */
  readonly graph: LinkGraph;
  /** Those traces' boxes, at their positions in the full layout. */
  readonly layout: GraphLayout;
}

/**
 * What the main thread holds of an analysis. The worker keeps the whole model; this carries the
 * bounded parts (files, summary, the trace-level overview, diagnostics up to a cap) and, in
 * `graph` / `layout`, only the slice of the traces in the current view (`slice`).
 */
export interface AnalysisPayload {
  /** The worker's analysis this belongs to: a slice applies only to its own version. */
  readonly version: number;
  readonly files: readonly LoadedFile[];
  readonly summary: Summary;
  /** Errors first, then warnings, then notes, at most MAX_DIAGNOSTICS_SENT of them. */
  readonly diagnostics: readonly Diagnostic[];
  /** How many diagnostics the analysis has (more than `diagnostics.length` when capped). */
  readonly diagnosticsTotal: number;
  /** The slice's graph: the spans of the traces in `slice` only. */
  readonly graph: LinkGraph;
  /** The slice's layout: those traces' boxes only. */
  readonly layout: GraphLayout;
  readonly slice: SliceKey;
  /** The trace-level view: one node per trace, links aggregated per trace pair, and its layout. */
  readonly overview: { readonly graph: TraceGraph; readonly layout: GraphLayout };
  /** Traces with a problem (store/derived.ts problemTracesOf, over the whole graph). */
  readonly problemTraces: readonly TraceId[];
  /** The redaction the spans above were shown with. */
  readonly redaction: Redaction;
}

/** The most diagnostics a result carries (the panel pages them; the rest are counted). */
export const MAX_DIAGNOSTICS_SENT = 5000;

/** The view settings the worker needs to cut the first slice of a new analysis. */
export interface ViewSpec {
  /** The level chosen (null: the default for the analysis). */
  readonly level: ViewLevel | null;
  readonly openTrace: TraceId | null;
  readonly onlyProblems: boolean;
  readonly spanLimit: number;
  /** The selected span: at trace level its trace is sliced, so its details stay available. */
  readonly selected: SpanKey | null;
}

/** One search hit, enough to list it and to open its trace. */
export interface SearchHit {
  readonly key: SpanKey;
  readonly traceId: TraceId;
  readonly service: string;
  readonly name: string;
  readonly placeholder: boolean;
}

export interface SearchAnswer {
  readonly query: string;
  /** Every match in the whole model. */
  readonly total: number;
  /** The first `limit` matches, in load order (spans, then placeholders). */
  readonly hits: readonly SearchHit[];
}

/** What can be exported; the worker builds it from what it holds. */
export type ExportKind = 'snapshot' | 'share' | 'svg' | 'html' | 'mermaid';

export interface ExportRequest {
  readonly kind: ExportKind;
  /** Notes, view and redaction as the store has them. */
  readonly state: ShareState;
  /** The level drawn, and the traces in the current view (all when undefined). */
  readonly level: ViewLevel;
  readonly traces?: readonly TraceId[];
  /** Stacks of alike traces the user opened (by their first trace): drawn one node per trace at trace level. */
  readonly unstacked?: readonly TraceId[];
  readonly theme: Theme;
  readonly title: string;
}

export type ExportAnswer =
  | { readonly ok: true; readonly text: string; readonly note?: string }
  | { readonly ok: false; readonly message: string; readonly tooLarge?: boolean };

/** Requests that change what is loaded: answered by `result` (or `cancelled`), in order. */
export type LoadRequest =
  | { readonly type: 'add'; readonly id: number; readonly files: readonly InputFile[]; readonly view: ViewSpec }
  | { readonly type: 'remove'; readonly id: number; readonly file: string; readonly view: ViewSpec }
  | { readonly type: 'clear'; readonly id: number }
  | { readonly type: 'redact'; readonly id: number; readonly redaction: Redaction; readonly view: ViewSpec }
  /** A share link's fragment: decoded and read in the worker (inflating can be large). */
  | { readonly type: 'open-share'; readonly id: number; readonly fragment: string; readonly view: ViewSpec };

export type WorkerRequest =
  | LoadRequest
  | { readonly type: 'export'; readonly id: number; readonly request: ExportRequest }
  /**
   * The spans of these traces (null: every trace) from the analysis loaded now. Answered at once
   * from the last finished analysis, even while a load runs (between its phases).
   */
  | { readonly type: 'slice'; readonly id: number; readonly traces: readonly TraceId[] | null }
  /**
   * One span whole (attributes, events, resource, links) from the analysis loaded now: a large
   * slice's spans come without them (wire-spans.ts); answered like `slice`.
   */
  | { readonly type: 'details'; readonly id: number; readonly key: SpanKey }
  /** Spans and placeholders matching a query in the whole model; answered like `slice`. */
  | { readonly type: 'search'; readonly id: number; readonly query: string; readonly limit: number }
  /**
   * Stops these loads: one not started is dropped, a running one stops at its next phase or file
   * and leaves what was loaded before as it was. Each answers `cancelled`, unless it finished.
   */
  | { readonly type: 'cancel'; readonly ids: readonly number[] };

export type LoadPhase = 'reading' | 'analysing' | 'layout';

export interface Progress {
  readonly phase: LoadPhase;
  /** Files read so far (reading), or 0/1 for the later phases. */
  readonly done: number;
  readonly total: number;
  readonly file?: string;
  /** Reading a large file in chunks: how many of its bytes were read, of how many. */
  readonly bytes?: { readonly read: number; readonly total: number };
}

export type WorkerResponse =
  | ({ readonly type: 'progress'; readonly id: number } & Progress)
  | {
      readonly type: 'result';
      readonly id: number;
      /** Null when nothing is loaded (after clear, or when every file failed on an empty app). */
      readonly analysis: AnalysisPayload | null;
      readonly errors: readonly LoadError[];
      /** Notes and view carried by a snapshot or share link read in this request. */
      readonly share?: ShareState;
    }
  | { readonly type: 'exported'; readonly id: number; readonly answer: ExportAnswer }
  | { readonly type: 'slice'; readonly id: number; readonly version: number; readonly slice: ViewSlice }
  | { readonly type: 'found'; readonly id: number; readonly answer: SearchAnswer }
  /** The span asked for by `details` (null: the analysis has no such span). */
  | { readonly type: 'details'; readonly id: number; readonly version: number; readonly span: Span | null }
  /** The load stopped before it changed anything: what was loaded before stays. */
  | { readonly type: 'cancelled'; readonly id: number }
  | { readonly type: 'failure'; readonly id: number; readonly message: string };
