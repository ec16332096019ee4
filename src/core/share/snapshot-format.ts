/**
 * The `.tracelinks.json` snapshot format: the document as stored, and its version. Written by
 * `buildSnapshot` / `snapshotText` (snapshot.ts), read back by `readSnapshotDocument`
 * (snapshot-read.ts); both import it from here, so neither imports the other.
 */
import type { Attribute, SpanKind, StatusCode } from '../model/span';
import type { InputProblem } from '../readers/types';
import type { Note, Redaction, SharedView } from './types';

/** The snapshot format version this tracelinks writes and reads. */
export const SNAPSHOT_VERSION = 1;

/** A link as stored: `valid` is not stored, it follows from the ids (see `readSnapshotDocument`). */
export interface SnapshotLink {
  readonly traceId: string;
  readonly spanId: string;
  readonly traceState?: string;
  /** Omitted when empty. */
  readonly attributes?: readonly Attribute[];
}

export interface SnapshotEvent {
  readonly name: string;
  readonly timeUs?: number;
  readonly attributes?: readonly Attribute[];
}

/** A span as stored. Empty lists, a zero `droppedLinksCount` and status `unset` are omitted. */
export interface SnapshotSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly service: string;
  readonly kind: SpanKind;
  readonly startUs?: number;
  readonly durationUs?: number;
  readonly status?: StatusCode;
  readonly statusMessage?: string;
  readonly attributes?: readonly Attribute[];
  /** Index into `SnapshotDoc.resources`. */
  readonly resource?: number;
  readonly scope?: string;
  readonly events?: readonly SnapshotEvent[];
  readonly links?: readonly SnapshotLink[];
  readonly droppedLinksCount?: number;
  /** Index into `SnapshotDoc.files`: the file the span was first read from (`Span.source`). */
  readonly file: number;
}

/** The whole document, as `snapshotText` writes it. */
export interface SnapshotDoc {
  readonly tracelinks: 'snapshot';
  readonly version: typeof SNAPSHOT_VERSION;
  /** The source file names the spans name by index. */
  readonly files: readonly string[];
  /** Resource attribute lists, shared by the spans of one resource. */
  readonly resources: readonly (readonly Attribute[])[];
  /** The kept spans in load order, then the second span of each duplicate id. */
  readonly spans: readonly SnapshotSpan[];
  /** The input problems of the files read, as they were (their `input.*` diagnostics). */
  readonly problems: readonly InputProblem[];
  readonly notes: readonly Note[];
  readonly view: SharedView;
  readonly redaction: Redaction;
}
