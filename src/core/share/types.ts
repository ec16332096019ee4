/**
 * The state an incident review shares besides the spans: notes, the view, redaction. It travels
 * in the snapshot file, the share URL and every export, so it is plain JSON-safe data.
 */
import type { SpanKey, TraceId } from '../ids';

/** A note's target: a span (or placeholder) key, or a whole trace as `trace:<traceId>`. */
export type NoteTarget = SpanKey | `trace:${string}`;

/** The note key of a whole trace. */
export function traceNoteTarget(traceId: TraceId | string): NoteTarget {
  return `trace:${traceId}`;
}

/** One pinned note. */
export interface Note {
  readonly target: NoteTarget;
  readonly text: string;
}

/** Which level the graph is drawn at: one node per trace, or every span. */
export type ViewLevel = 'traces' | 'spans';

export type Theme = 'light' | 'dark';

/** The part of the view a shared link restores. */
export interface SharedView {
  readonly level: ViewLevel;
  /** A trace opened from the trace-level view (its spans and its neighbours' are drawn). */
  readonly openTrace?: TraceId;
  readonly selected?: SpanKey;
  /** Highlight the selected span's causal path (everything linked, transitively), dim the rest. */
  readonly causalPath: boolean;
  readonly onlyProblems: boolean;
  readonly search: string;
  readonly theme?: Theme;
  /** Large traces drawn whole ("Show all") instead of collapsed. Absent: none. */
  readonly expanded?: readonly TraceId[];
  /** Stacks of alike traces (by their first trace) drawn one node per trace at trace level. Absent: none. */
  readonly unstacked?: readonly TraceId[];
}

/** Redaction applied to the spans before they are shown or shared (the structure stays). */
export interface Redaction {
  /** Attribute values dropped, keys kept (a few protocol enumerations excepted). */
  readonly values: boolean;
  /** Service and span names replaced by stable placeholders (`service-1`, `span-1`, ...). */
  readonly names: boolean;
}

export const NO_REDACTION: Redaction = { values: false, names: false };

/** Notes, view and redaction: what a snapshot carries beside its spans. */
export interface ShareState {
  readonly notes: readonly Note[];
  readonly view: SharedView;
  readonly redaction: Redaction;
}

export const DEFAULT_VIEW: SharedView = { level: 'spans', causalPath: false, onlyProblems: false, search: '' };
