import type { Diagnostic, Severity } from '../core/diagnostics/types';
import { SUMMARY_KEYS, type Summary } from '../core/graph/types';
import type { Paint } from './colour';

/** One loaded file, as the summary lists it. */
export interface FileLine {
  readonly file: string;
  readonly format?: string;
  readonly spans: number;
  readonly problems: number;
}

/** The three counts that make up `brokenLinks` are indented under it. */
const PARTS_OF_BROKEN = new Set<keyof Summary>(['invalidContext', 'missingTrace', 'missingSpan']);
const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

function table(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`);
}

/**
 * The human summary: the files read, the counts under the same names as `--json`, then the
 * diagnostics grouped by code (errors first).
 */
export function formatSummaryText(
  files: readonly FileLine[],
  summary: Summary,
  diagnostics: readonly Diagnostic[],
  paint: Paint,
): string {
  const out: string[] = [];
  out.push(paint.bold('files'));
  for (const f of files) {
    const what = f.format === undefined ? 'not read' : `${f.format}, ${f.spans} span${f.spans === 1 ? '' : 's'}`;
    const problems = f.problems === 0 ? '' : `, ${f.problems} problem${f.problems === 1 ? '' : 's'}`;
    out.push(`  ${f.file}  ${paint.dim(`(${what}${problems})`)}`);
  }

  out.push('', paint.bold('summary'));
  const rows = SUMMARY_KEYS.map((key) => [`${PARTS_OF_BROKEN.has(key) ? '    ' : '  '}${key}`, String(summary[key])] as const);
  out.push(...table(rows).map((line, i) => (SUMMARY_KEYS[i] === 'brokenLinks' && summary.brokenLinks > 0 ? paint.error(line) : line)));

  const byCode = new Map<string, { severity: Severity; count: number }>();
  for (const d of diagnostics) {
    const entry = byCode.get(d.code);
    if (entry) entry.count++;
    else byCode.set(d.code, { severity: d.severity, count: 1 });
  }
  out.push('', paint.bold('diagnostics'));
  if (byCode.size === 0) out.push('  none');
  const codes = [...byCode].sort(
    ([ca, a], [cb, b]) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || ca.localeCompare(cb),
  );
  const codeRows = codes.map(([code, { severity, count }]) => [`  ${paint[severity](severity.padEnd(7))} ${code}`, String(count)] as const);
  out.push(...table(codeRows));
  return `${out.join('\n')}\n`;
}
