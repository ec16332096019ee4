/**
 * A read-only HTML snapshot of an analysis for an incident review: one self-contained page with
 * the summary counts, the graph as inline SVG, the diagnostics and the notes. It has no script
 * at all, and its Content Security Policy (the first element of <head>) forbids every fetch and
 * every script, so the page stays inert even if some text slipped through unescaped. It opens
 * offline, from a file:// URL, in any browser.
 */
import type { Diagnostic, Severity } from '../diagnostics/types';
import type { LinkGraph, Summary } from '../graph/types';
import { spanKey, type SpanKey, type TraceId } from '../ids';
import type { GraphLayout } from '../layout/types';
import { displayTraceId, sceneFromGraph } from './scene';
import { escapeXml, renderSvg, SVG_THEMES } from './svg';
import type { Note, Theme } from './types';

export interface HtmlSnapshotInput {
  readonly graph: LinkGraph;
  readonly layout: GraphLayout;
  readonly summary: Summary;
  readonly diagnostics: readonly Diagnostic[];
  readonly notes: readonly Note[];
  /** The page's heading and <title>. Default `tracelinks snapshot`. */
  readonly title?: string;
  readonly theme?: Theme;
  /** Draw only these trace boxes (the summary and the lists are shown as given). */
  readonly traces?: ReadonlySet<TraceId>;
  /** Shown as is under the heading (e.g. an ISO date); nothing when absent, so output is reproducible. */
  readonly generatedAt?: string;
}

/** The page's policy: nothing may be fetched, no script may run; inline styles and data: images only. */
export const SNAPSHOT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** The summary bar's stats, in its order and with its labels (SummaryBar.tsx). */
const STATS: readonly { key: keyof Summary; label: string; tone?: 'danger' | 'warn' }[] = [
  { key: 'traces', label: 'traces' },
  { key: 'spans', label: 'spans' },
  { key: 'links', label: 'links' },
  { key: 'brokenLinks', label: 'broken links', tone: 'danger' },
  { key: 'missingTrace', label: 'missing trace', tone: 'warn' },
  { key: 'missingSpan', label: 'missing span', tone: 'danger' },
  { key: 'invalidContext', label: 'invalid context', tone: 'danger' },
  { key: 'missingParent', label: 'missing parents' },
  { key: 'droppedLinks', label: 'dropped links', tone: 'warn' },
];

const SEVERITIES: readonly { severity: Severity; heading: string }[] = [
  { severity: 'error', heading: 'Errors' },
  { severity: 'warning', heading: 'Warnings' },
  { severity: 'info', heading: 'Info' },
];

/** Text with its line breaks kept as <br>, every line escaped. */
function multiline(text: string): string {
  return text
    .split(/\r\n|[\n\r\u2028\u2029]/)
    .map(escapeXml)
    .join('<br>');
}

const count = (value: number) => value.toLocaleString('en-US');

function summaryHtml(summary: Summary): string {
  const stats = STATS.map(({ key, label, tone }) => {
    const cls = tone !== undefined && summary[key] > 0 ? ` stat--${tone}` : '';
    return `<span class="stat${cls}" data-key="${key}"><span class="stat__value">${count(summary[key])}</span> <span class="stat__label">${label}</span></span>`;
  });
  return `<section class="summary" aria-label="Summary">${stats.join('')}</section>`;
}

function where(d: Diagnostic): string {
  if (d.file !== undefined) return d.where === undefined ? d.file : `${d.file} (${d.where})`;
  if (d.traceId === undefined) return '';
  return d.spanId === undefined ? `trace ${d.traceId}` : `trace ${d.traceId} · span ${d.spanId}`;
}

function diagnosticsHtml(diagnostics: readonly Diagnostic[]): string {
  if (diagnostics.length === 0) return '<p class="muted">No problems found.</p>';
  const out: string[] = [];
  for (const { severity, heading } of SEVERITIES) {
    const ofSeverity = diagnostics.filter((d) => d.severity === severity);
    if (ofSeverity.length === 0) continue;
    out.push(`<h3 class="sev-heading sev-heading--${severity}">${heading} <span class="count">${count(ofSeverity.length)}</span></h3>`);
    const byCode = new Map<string, Diagnostic[]>();
    for (const d of ofSeverity) {
      const list = byCode.get(d.code);
      if (list === undefined) byCode.set(d.code, [d]);
      else list.push(d);
    }
    // Codes in name order (input.*, link.*, span.*); the diagnostics of a code in the order given.
    for (const [code, list] of [...byCode].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
      const items = list.map((d) => {
        const at = where(d);
        const place = at === '' ? '' : `<div class="diag__where">${escapeXml(at)}</div>`;
        return `<li class="diag"><div class="diag__message">${escapeXml(d.message)}</div><div class="diag__hint">${escapeXml(d.hint)}</div>${place}</li>`;
      });
      out.push(
        `<details class="diag-group" open data-code="${escapeXml(code)}"><summary><span class="sev-dot sev-dot--${severity}"></span><code>${escapeXml(code)}</code> <span class="count">${count(list.length)}</span></summary><ul class="diag-list">${items.join('')}</ul></details>`,
      );
    }
  }
  return out.join('\n');
}

function noteTargetText(note: Note, graph: LinkGraph): string {
  if (note.target.startsWith('trace:')) {
    const traceId = note.target.slice('trace:'.length) as TraceId;
    const trace = graph.traces.get(traceId);
    const root = trace?.root === undefined ? undefined : graph.spans.get(trace.root);
    const name = trace === undefined ? '' : trace.placeholder ? 'missing trace' : root?.name || '(no root span)';
    return `trace ${displayTraceId(traceId)}${name === '' ? '' : ` \u00b7 ${name}`}`;
  }
  const span = graph.spans.get(note.target as SpanKey);
  if (span !== undefined) {
    return `${span.service || '(no service)'} "${span.name || '(unnamed)'}" (trace ${displayTraceId(span.traceId)}, span ${span.spanId})`;
  }
  const placeholder = graph.placeholders.get(note.target as SpanKey);
  if (placeholder !== undefined) return `not loaded: span ${placeholder.spanId} of trace ${displayTraceId(placeholder.traceId)}`;
  return note.target;
}

function notesHtml(notes: readonly Note[], graph: LinkGraph): string {
  if (notes.length === 0) return '<p class="muted">No notes.</p>';
  const items = notes.map(
    (note) => `<li class="note"><div class="note__target">${escapeXml(noteTargetText(note, graph))}</div><div class="note__text">${multiline(note.text)}</div></li>`,
  );
  return `<ol class="notes">${items.join('')}</ol>`;
}

function styles(theme: Theme): string {
  const c = SVG_THEMES[theme];
  return `
:root { color-scheme: ${theme}; }
* { box-sizing: border-box; }
body { margin: 0; padding: 20px 24px 40px; background: ${c.bg}; color: ${c.text}; font: 13px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif; }
h1 { margin: 0 0 4px; font-size: 20px; font-weight: 650; }
h2 { margin: 0 0 10px; font-size: 12px; font-weight: 650; text-transform: uppercase; letter-spacing: 0.05em; color: ${c.muted}; }
code, .diag__where { font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace; font-size: 12px; }
.muted, .meta { color: ${c.muted}; }
.meta { margin: 0 0 14px; font-size: 12px; }
.summary { display: flex; flex-wrap: wrap; gap: 16px; padding: 8px 14px; margin-bottom: 16px; background: ${c.panel}; border: 1px solid ${c.border}; border-radius: 6px; font-size: 12px; }
.stat { color: ${c.muted}; white-space: nowrap; }
.stat__value { font-weight: 650; color: ${c.text}; font-variant-numeric: tabular-nums; }
.stat--danger, .stat--danger .stat__value { color: ${c.danger}; }
.stat--warn, .stat--warn .stat__value { color: ${theme === 'dark' ? '#fdb022' : '#b54708'}; }
section.panel { margin-bottom: 16px; padding: 12px 14px; background: ${c.panel}; border: 1px solid ${c.border}; border-radius: 6px; }
.graph { overflow: auto; max-height: 80vh; border: 1px solid ${c.border}; border-radius: 6px; background: ${c.bg}; }
.graph svg { display: block; }
.columns { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 16px; align-items: start; }
@media (max-width: 900px) { .columns { grid-template-columns: minmax(0, 1fr); } }
.sev-heading { margin: 12px 0 6px; font-size: 13px; font-weight: 650; }
.sev-heading--error { color: ${c.danger}; }
.sev-heading--warning { color: ${theme === 'dark' ? '#fdb022' : '#b54708'}; }
.sev-heading--info { color: ${c.muted}; }
.count { display: inline-block; min-width: 18px; padding: 0 5px; border-radius: 9px; background: ${c.idPill}; color: ${c.muted}; font-size: 11px; text-align: center; font-weight: 600; }
.diag-group { margin-bottom: 6px; border: 1px solid ${c.border}; border-radius: 6px; overflow: hidden; }
.diag-group > summary { display: flex; align-items: center; gap: 6px; padding: 5px 8px; cursor: pointer; background: ${c.boxFill}; }
.sev-dot { width: 8px; height: 8px; border-radius: 50%; flex: none; }
.sev-dot--error { background: ${c.danger}; }
.sev-dot--warning { background: #f79009; }
.sev-dot--info { background: #98a2b3; }
.diag-list, .notes { list-style: none; margin: 0; padding: 0; }
.diag { padding: 6px 10px; border-top: 1px solid ${c.border}; word-break: break-word; }
.diag__hint { color: ${c.muted}; font-size: 12px; }
.diag__where { color: ${c.muted}; font-size: 11px; }
.note { margin-bottom: 6px; padding: 8px 10px; border-radius: 4px; background: ${c.noteFill}; border: 1px solid ${c.noteStroke}; color: ${c.noteText}; word-break: break-word; }
.note__target { font-size: 11px; font-weight: 600; margin-bottom: 2px; }
footer { margin-top: 20px; font-size: 11px; color: ${c.muted}; }
`;
}

/**
 * The snapshot page. Every text from the data is escaped; the graph is `renderSvg` of
 * `sceneFromGraph` (spans with a diagnostic of severity error or warning are marked).
 * @example writeFileSync('review.html', renderHtmlSnapshot({ ...analysis, layout, notes: [] }))
 */
export function renderHtmlSnapshot(input: HtmlSnapshotInput): string {
  const theme = input.theme ?? 'light';
  const title = input.title === undefined || input.title.trim() === '' ? 'tracelinks snapshot' : input.title;
  const problems = new Set<SpanKey>();
  for (const d of input.diagnostics) {
    if (d.severity !== 'info' && d.traceId !== undefined && d.spanId !== undefined) problems.add(spanKey(d.traceId, d.spanId));
  }
  const scene = sceneFromGraph(input.graph, input.layout, {
    ...(input.traces === undefined ? {} : { traces: input.traces }),
    notes: input.notes,
    problems,
  });
  const svg = renderSvg(scene, { theme });
  const inline = svg.slice(svg.indexOf('<svg'));
  const shown = input.traces === undefined ? '' : ` · showing ${count(scene.boxes.length)} of ${count(input.layout.traces.length)} trace boxes`;
  const generated = input.generatedAt === undefined ? '' : ` · generated ${escapeXml(input.generatedAt)}`;
  return `<!DOCTYPE html>
<html lang="en" data-theme="${theme}">
<head>
<meta http-equiv="Content-Security-Policy" content="${SNAPSHOT_CSP}">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="${theme}">
<meta name="generator" content="tracelinks">
<title>${escapeXml(title)}</title>
<style>${styles(theme)}</style>
</head>
<body>
<header>
<h1>${escapeXml(title)}</h1>
<p class="meta">Read-only snapshot made with tracelinks${shown}${generated}</p>
</header>
${summaryHtml(input.summary)}
<section class="panel" aria-label="Graph">
<h2>Graph</h2>
<div class="graph">${inline}</div>
</section>
<div class="columns">
<section class="panel diagnostics" aria-label="Diagnostics">
<h2>Diagnostics <span class="count">${count(input.diagnostics.length)}</span></h2>
${diagnosticsHtml(input.diagnostics)}
</section>
<section class="panel" aria-label="Notes">
<h2>Notes <span class="count">${count(input.notes.length)}</span></h2>
${notesHtml(input.notes, input.graph)}
</section>
</div>
<footer>Parent edges are solid, link edges dashed, broken links red; missing link targets are red with a dashed outline.</footer>
</body>
</html>
`;
}
