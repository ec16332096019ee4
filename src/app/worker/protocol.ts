/**
 * Messages between the main thread and core.worker.ts. Everything here crosses postMessage,
 * so it is structured-cloneable data only (plain objects, arrays, Maps, typed arrays).
 */
import type { Diagnostic, FormatId, GraphLayout, InputProblem, LinkGraph, Summary } from '../../core';

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
}

export type WorkerRequest =
  | { readonly type: 'add'; readonly id: number; readonly files: readonly InputFile[] }
  | { readonly type: 'remove'; readonly id: number; readonly file: string }
  | { readonly type: 'clear'; readonly id: number };

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
    }
  | { readonly type: 'failure'; readonly id: number; readonly message: string };
