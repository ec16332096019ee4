import { briefId } from '../core/diagnostics/codes';
import type { Diagnostic, Severity } from '../core/diagnostics/types';
import type { Summary } from '../core/graph/types';
import { spanKey, type SpanKey } from '../core/ids';
import type { Span } from '../core/model/span';
import { type Paint, severityStyle } from './colour';

/** What `check` prints from: the merged analysis, reduced to what the lines need. */
export interface CheckView {
  readonly diagnostics: readonly Diagnostic[];
  readonly spans: ReadonlyMap<SpanKey, Span>;
  readonly summary: Summary;
}

/**
 * `service/name traceId/spanId`, or only the ids when the span is not loaded. Ids are brief as
 * in the core's messages (`briefId`), so a line and its message show the same ids.
 */
function describeSpan(d: Diagnostic, spans: ReadonlyMap<SpanKey, Span>): string | undefined {
  if (d.traceId === undefined || d.spanId === undefined) return undefined;
  const ids = `${briefId(d.traceId)}/${briefId(d.spanId)}`;
  const span = spans.get(spanKey(d.traceId, d.spanId));
  if (span === undefined) return ids;
  return `${span.service || '(no service)'}/${span.name || '(no name)'} ${ids}`;
}

/** The subject of a diagnostic: the span (and link target), or the file and place. */
function describeSubject(d: Diagnostic, spans: ReadonlyMap<SpanKey, Span>): string {
  const parts: string[] = [];
  const span = describeSpan(d, spans);
  if (span !== undefined) parts.push(span);
  // input.* messages from analyse already start with the file and place; do not say them twice.
  else if (d.file !== undefined && !d.message.includes(d.file)) {
    parts.push(d.where === undefined ? d.file : `${d.file} (${d.where})`);
  }
  if (d.target !== undefined) {
    parts.push(`-> target ${briefId(d.target.traceId)}/${briefId(d.target.spanId)}`);
  }
  return parts.join(' ');
}

/**
 * One problem on one line, like a linter:
 * `error link.missing-span  checkout/process-order 4bf92f35/00f067aa -> target 4bf92f35/53995c3f: <message>  hint: <hint>`
 */
export function formatDiagnosticLine(d: Diagnostic, spans: ReadonlyMap<SpanKey, Span>, paint: Paint): string {
  const subject = describeSubject(d, spans);
  const head = `${severityStyle(paint, d.severity)(d.severity)} ${paint.bold(d.code)}`;
  const body = subject === '' ? d.message : `${subject}: ${d.message}`;
  const hint = d.hint === '' ? '' : `  ${paint.dim(`hint: ${d.hint}`)}`;
  // Messages are one line by contract; a stray newline in data must not split a record.
  return `${head}  ${body}${hint}`.replace(/[\r\n]+/g, ' ');
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
  const lines = view.diagnostics.map((d) => formatDiagnosticLine(d, view.spans, paint));
  lines.push(formatCountLine(view, paint));
  return `${lines.join('\n')}\n`;
}
