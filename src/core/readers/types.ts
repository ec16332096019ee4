import type { Span } from '../model/span';
import type { SpanRows } from '../model/span-rows';
import type { ShareState } from '../share/types';
import type { TreeSpans } from './tree-spans';

/** Every format a reader understands. */
export type FormatId =
  | 'otlp-json'
  | 'otlp-jsonl'
  | 'tempo'
  | 'jaeger'
  | 'zipkin'
  | 'otel-python-console'
  | 'tracelinks-snapshot';

/** A problem with the input itself: becomes an `input.*` diagnostic. */
export interface InputProblem {
  /** e.g. `input.not-json`, `input.unknown-format`, `input.bad-span`, `input.gzip`. */
  readonly code: `input.${string}`;
  readonly file: string;
  /** Where: `line 3, column 17`, or a JSON path such as `resourceSpans[0].scopeSpans[1].spans[4]`. */
  readonly where?: string;
  readonly message: string;
}

export interface ReadResult {
  readonly file: string;
  /** The detected format, or undefined when nothing could be read. */
  readonly format?: FormatId;
  /**
   * The spans as read. For a file a reader kept as columns (read-result.ts `rowsResult`) this
   * list is made on first use, and the merge reads the columns: changing it changes nothing loaded.
   */
  readonly spans: Span[];
  /**
   * Problems met. When `spans` is empty and there is a problem, the file failed as a whole;
   * otherwise the problems concern parts of it (one bad span), and the rest loaded.
   */
  readonly problems: InputProblem[];
  /** A tracelinks snapshot's notes, view and redaction (format `tracelinks-snapshot` only). */
  readonly share?: ShareState;
}

/**
 * What a format reader gets: the file name (for messages and `Span.source`), and where to put
 * what it reads. Readers never throw for bad data: they add a problem and go on.
 */
export interface ReaderContext {
  readonly file: string;
  readonly spans: Span[];
  readonly problems: InputProblem[];
  /**
   * The documents were parsed for this read alone (readTraceFile, the stream reader): a reader
   * may turn parts of them into the model in place instead of copying (see otlp-values keyValues).
   * Unset, documents given by a caller are only read.
   */
  readonly ownsInput?: boolean;
  /**
   * When set, the OTLP reader notes its spans here as columns instead of pushing them onto
   * `spans` (stream.ts, for a file it can read again: the whole span is made again from there).
   * Other readers still push onto `spans`.
   */
  readonly rows?: SpanRows;
  /**
   * For a document parsed whole (readTraceFile), with `rows` its `rows`: the OTLP reader notes
   * here what each span holds besides its row, and its whole span is made again from both
   * (tree-spans.ts).
   */
  readonly keep?: TreeSpans;
}

/** A reader for one parsed JSON document (value) of a known format. `path` prefixes JSON paths. */
export type DocumentReader = (doc: unknown, ctx: ReaderContext, path: string) => void;
