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
  Summary,
  Theme,
  TraceGraph,
  TraceId,
  ViewLevel,
} from '../../core';

/** The name a share link's content is loaded under (it is a snapshot). */
export const SHARED_LINK_FILE = 'shared-link.tracelinks.json';

/** A file handed to the worker: raw bytes (gzip is detected by the core) or pasted text. */
export interface InputFile {
  readonly name: string;
  readonly data: Uint8Array | string;
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

/** Everything the view needs after a load, remove or clear. */
export interface AnalysisPayload {
  readonly files: readonly LoadedFile[];
  readonly summary: Summary;
  readonly diagnostics: readonly Diagnostic[];
  readonly graph: LinkGraph;
  readonly layout: GraphLayout;
  /** The trace-level view: one node per trace, links aggregated per trace pair, and its layout. */
  readonly overview: { readonly graph: TraceGraph; readonly layout: GraphLayout };
  /** The redaction the spans above were shown with. */
  readonly redaction: Redaction;
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
  readonly theme: Theme;
  readonly title: string;
}

export type ExportAnswer =
  | { readonly ok: true; readonly text: string; readonly note?: string }
  | { readonly ok: false; readonly message: string; readonly tooLarge?: boolean };

export type WorkerRequest =
  | { readonly type: 'add'; readonly id: number; readonly files: readonly InputFile[] }
  | { readonly type: 'remove'; readonly id: number; readonly file: string }
  | { readonly type: 'clear'; readonly id: number }
  | { readonly type: 'redact'; readonly id: number; readonly redaction: Redaction }
  /** A share link's fragment: decoded and read in the worker (inflating can be large). */
  | { readonly type: 'open-share'; readonly id: number; readonly fragment: string }
  | { readonly type: 'export'; readonly id: number; readonly request: ExportRequest };

export type LoadPhase = 'reading' | 'analysing' | 'layout';

export interface Progress {
  readonly phase: LoadPhase;
  /** Files read so far (reading), or 0/1 for the later phases. */
  readonly done: number;
  readonly total: number;
  readonly file?: string;
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
  | { readonly type: 'failure'; readonly id: number; readonly message: string };
