import type { Diagnostic } from '../core/diagnostics/types';
import { SUMMARY_KEYS, type Summary } from '../core/graph/types';

/** A diagnostic as `--json` prints it: the six keys always (ids `null` when none), then the optional places. */
export interface JsonDiagnostic {
  readonly code: string;
  readonly severity: string;
  readonly message: string;
  readonly hint: string;
  readonly traceId: string | null;
  readonly spanId: string | null;
  /** link.*: the target as written. */
  readonly target?: { readonly traceId: string; readonly spanId: string };
  /** input.*: the file and the place in it. */
  readonly file?: string;
  readonly where?: string;
}

export function toJsonDiagnostic(d: Diagnostic): JsonDiagnostic {
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    hint: d.hint,
    traceId: d.traceId ?? null,
    spanId: d.spanId ?? null,
    ...(d.target === undefined ? {} : { target: { traceId: d.target.traceId, spanId: d.target.spanId } }),
    ...(d.file === undefined ? {} : { file: d.file }),
    ...(d.where === undefined ? {} : { where: d.where }),
  };
}

/** The summary with exactly SUMMARY_KEYS, in that order (whatever else a Summary object carries). */
export function pickSummary(summary: Summary): Record<keyof Summary, number> {
  const out = {} as Record<keyof Summary, number>;
  for (const key of SUMMARY_KEYS) out[key] = summary[key];
  return out;
}

/** `summary --json`: one object, the summary keys plus `diagnostics`. */
export function formatSummaryJson(summary: Summary, diagnostics: readonly Diagnostic[]): string {
  return `${JSON.stringify({ ...pickSummary(summary), diagnostics: diagnostics.map(toJsonDiagnostic) }, null, 2)}\n`;
}

/** `check --json`: `ok` (true exactly when the exit code is 0), the summary, the diagnostics. */
export function formatCheckJson(ok: boolean, summary: Summary, diagnostics: readonly Diagnostic[]): string {
  const body = { ok, summary: pickSummary(summary), diagnostics: diagnostics.map(toJsonDiagnostic) };
  return `${JSON.stringify(body, null, 2)}\n`;
}
