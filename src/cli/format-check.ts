import type { Diagnostic, Severity } from '../core/diagnostics/types';
import type { Summary } from '../core/graph/types';
import { type Paint, severityStyle } from './colour';
import { terminalText } from './terminal-text';

/** What `check` prints from: the merged analysis, reduced to what the lines need. */
export interface CheckView {
  readonly diagnostics: readonly Diagnostic[];
  readonly summary: Summary;
}

/**
 * One problem on one line, like a linter:
 * `error link.missing-span  checkout "process-order" (trace 4bf92f35, span 00f067aa): link 0 points to … hint: <hint>`.
 * The core's messages are self-contained by contract (they name the span by service, name and
 * ids, the link target, or the file and place), so the line adds only severity, code and hint.
 */
export function formatDiagnosticLine(d: Diagnostic, paint: Paint): string {
  const head = `${severityStyle(paint, d.severity)(d.severity)} ${paint.bold(d.code)}`;
  const hint = d.hint === '' ? '' : `  ${paint.dim(`hint: ${d.hint}`)}`;
  // Messages are one line by contract; a stray newline in data must not split a record, and
  // control characters in data (escape sequences in a span name) must not reach the terminal.
  return `${head}  ${terminalText(d.message)}${hint}`.replace(/[\r\n]+/g, ' ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The final line: problems by severity, then links and broken links. */
export function formatCountLine(view: CheckView, paint: Paint): string {
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const d of view.diagnostics) bySeverity[d.severity]++;
  const { links, brokenLinks } = view.summary;
  const linkPart =
    brokenLinks === 0
      ? `${plural(links, 'link')}, none broken`
      : paint.error(`${plural(links, 'link')}, ${brokenLinks} broken`);
  if (view.diagnostics.length === 0) return `no problems; ${linkPart}`;
  const severities = `${plural(bySeverity.error, 'error')}, ${plural(bySeverity.warning, 'warning')}, ${bySeverity.info} info`;
  return `${plural(view.diagnostics.length, 'problem')} (${severities}); ${linkPart}`;
}

/** The whole human report of `check`, ending with a newline. */
export function formatCheckReport(view: CheckView, paint: Paint): string {
  const lines = view.diagnostics.map((d) => formatDiagnosticLine(d, paint));
  lines.push(formatCountLine(view, paint));
  return `${lines.join('\n')}\n`;
}
