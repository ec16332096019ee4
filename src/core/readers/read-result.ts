import type { Span } from '../model/span';
import type { SpanRows } from '../model/span-rows';
import type { FormatId, InputProblem, ReadResult } from './types';

/**
 * The columns behind a result made by `rowsResult`. Held apart, not as a field of the result, on
 * purpose: a copy with other spans (`{ ...result, spans: redacted }`, the worker's redaction) must
 * be merged from those spans, so it must not carry the columns along.
 */
const rowsOfResult = new WeakMap<ReadResult, SpanRows>();

/**
 * A read result whose spans a reader kept as columns. `spans` is still the list of spans as
 * read: made on first use (then kept), so a caller that merges (`addRead`) or counts
 * (`spanCount`) never makes them.
 */
export function rowsResult(file: string, format: FormatId, rows: SpanRows, problems: InputProblem[]): ReadResult {
  let spans: Span[] | undefined;
  const result: ReadResult = {
    file,
    format,
    get spans(): Span[] {
      if (spans === undefined) {
        spans = new Array<Span>(rows.count);
        for (let i = 0; i < rows.count; i++) spans[i] = rows.span(i);
      }
      return spans;
    },
    problems,
  };
  rowsOfResult.set(result, rows);
  return result;
}

/** The columns of a result made by `rowsResult`, if it is one. */
export function spanRowsOf(result: ReadResult): SpanRows | undefined {
  return rowsOfResult.get(result);
}

/** How many spans the file held (before the merge), without making them. */
export function spanCount(result: ReadResult): number {
  return rowsOfResult.get(result)?.count ?? result.spans.length;
}
