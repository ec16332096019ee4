/**
 * Test helpers for the share round trips (no Node built-ins: this file is part of src/core's
 * build, like the other `.testutil.ts` files). A round trip is: the analysis of what was read ->
 * snapshot (or share fragment) -> read back as one file -> the analysis again.
 */
import { analyse, type Analysis } from '../analyse';
import type { Diagnostic } from '../diagnostics/types';
import type { Span } from '../model/span';
import { readTraceFile } from '../readers/index';
import type { InputProblem, ReadResult } from '../readers/types';
import { buildSnapshot, snapshotText, type SnapshotDoc, type SnapshotOptions } from './snapshot';
import { DEFAULT_VIEW, NO_REDACTION, type ShareState } from './types';
import { decodeShareFragment, encodeShareFragment } from './url-codec';

export const STATE: ShareState = { notes: [], view: DEFAULT_VIEW, redaction: NO_REDACTION };

/** Everything a snapshot is built from, out of an analysis and the results it was made of. */
export function snapshotOf(results: readonly ReadResult[], state: ShareState = STATE, opts: SnapshotOptions = {}): { analysis: Analysis; doc: SnapshotDoc } {
  const analysis = analyse(results);
  const problems: InputProblem[] = results.flatMap((r) => r.problems);
  const doc = buildSnapshot(
    { spans: [...analysis.set.spans.values()], duplicates: analysis.set.duplicates.map((d) => d.second), problems, state },
    opts,
  );
  return { analysis, doc };
}

/** The snapshot file read back. */
export function viaFile(doc: SnapshotDoc, name = 'x.tracelinks.json'): ReadResult {
  return readTraceFile(name, snapshotText(doc));
}

/** The snapshot sent through a share fragment and read back. */
export function viaFragment(doc: SnapshotDoc, name = 'shared.tracelinks.json'): ReadResult {
  const decoded = decodeShareFragment(`#${encodeShareFragment(doc)}`);
  if (!decoded.ok) throw new Error(decoded.message);
  return readTraceFile(name, decoded.text);
}

/** What the diagnostics panel and the CLI show of a diagnostic. */
export function shown(d: Diagnostic): Record<string, unknown> {
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    hint: d.hint,
    traceId: d.traceId,
    spanId: d.spanId,
    linkIndex: d.linkIndex,
    target: d.target,
    file: d.file,
    where: d.where,
  };
}

/** The parts of a diagnostic that redaction must not change (its message names spans). */
export function structural(d: Diagnostic): Record<string, unknown> {
  return { code: d.code, severity: d.severity, traceId: d.traceId, spanId: d.spanId, linkIndex: d.linkIndex, target: d.target, file: d.file, where: d.where };
}

/** The kept spans then the duplicates, as a snapshot lists them. */
export function spansOf(a: Analysis): Span[] {
  return [...a.set.spans.values(), ...a.set.duplicates.map((d) => d.second)];
}
