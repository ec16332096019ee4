/**
 * A scene as a standalone SVG 1.1 document, for slides and incident reviews: trace boxes with
 * title bars, span nodes with a bar in their service's colour, placeholders red and dashed,
 * solid parent edges, dashed link edges (red when broken) with their label on a pill, notes as
 * yellow stickies, and a legend. Colours are the app's (app.css), in a light or a dark theme.
 *
 * Safe to open anywhere: no script, no event attribute, no external reference (fonts are the
 * system's, the only `url(#…)` are the document's own markers). Every text from the data goes
 * through `escapeXml`, so a span named `<img onerror=…>` or `]]><script>` is only text.
 */
import { edgeCurve, type Scene, type SceneBox, type SceneEdge, type SceneNode, type SceneNote } from './scene';
import { NOTE_LINE_HEIGHT, NOTE_PADDING } from './scene';
import type { Theme } from './types';

export interface SvgOptions {
  readonly theme?: Theme;
  /** Shown above the drawing and as the document's `<title>`. */
  readonly title?: string;
}

/** The app's colours (app.css), and their dark counterparts. */
export interface SvgPalette {
  readonly bg: string;
  readonly panel: string;
  readonly border: string;
  readonly borderStrong: string;
  readonly text: string;
  readonly muted: string;
  readonly danger: string;
  readonly dangerSoft: string;
  readonly dangerText: string;
  readonly link: string;
  readonly parentEdge: string;
  readonly boxFill: string;
  readonly boxProblem: string;
  readonly placeholderBoxFill: string;
  readonly idPill: string;
  readonly errorFill: string;
  readonly labelFill: string;
  readonly labelStroke: string;
  readonly labelText: string;
  readonly brokenLabelStroke: string;
  readonly noteFill: string;
  readonly noteStroke: string;
  readonly noteText: string;
}

export const SVG_THEMES: Readonly<Record<Theme, SvgPalette>> = {
  light: {
    bg: '#f6f7f9',
    panel: '#ffffff',
    border: '#dde1e7',
    borderStrong: '#c5ccd6',
    text: '#1d2430',
    muted: '#667085',
    danger: '#d92d20',
    dangerSoft: '#fdecea',
    dangerText: '#b42318',
    link: '#4a5bd4',
    parentEdge: '#98a2b3',
    boxFill: '#fcfcfd',
    boxProblem: '#f3b3ad',
    placeholderBoxFill: '#fef5f4',
    idPill: '#eef0f3',
    errorFill: '#fffbfa',
    labelFill: '#ffffff',
    labelStroke: '#c9cff5',
    labelText: '#3440a8',
    brokenLabelStroke: '#f5c2bd',
    noteFill: '#fff3b0',
    noteStroke: '#e2c044',
    noteText: '#4a3b00',
  },
  dark: {
    bg: '#0f1419',
    panel: '#1a2029',
    border: '#2c3440',
    borderStrong: '#3d4754',
    text: '#e4e7ec',
    muted: '#98a2b3',
    danger: '#f97066',
    dangerSoft: '#3a1b18',
    dangerText: '#fda29b',
    link: '#8d9bff',
    parentEdge: '#667085',
    boxFill: '#151b23',
    boxProblem: '#7a2e27',
    placeholderBoxFill: '#261714',
    idPill: '#262e39',
    errorFill: '#2a1816',
    labelFill: '#1a2029',
    labelStroke: '#3f4a9e',
    labelText: '#c3c9ff',
    brokenLabelStroke: '#7a2e27',
    noteFill: '#f5d76e',
    noteStroke: '#c9a227',
    noteText: '#2b2100',
  },
};

const SANS = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
const MONO = "ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace";
const PAD = 24;
const TITLE_HEIGHT = 36;
const LEGEND_HEIGHT = 30;
const LEGEND_WIDTH = 520;
const LABEL_MAX_WIDTH = 260;

/**
 * Characters XML 1.0 does not allow (C0 controls but tab and newlines, lone surrogates, U+FFFE
 * and U+FFFF), plus C1 controls and the U+FDD0–U+FDEF non-characters, which it discourages.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufdd0-\ufdef\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const LINE_BREAKS = /[\t\n\r\u2028\u2029]+/g;
const XML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text on one line with every character XML cannot hold removed (tabs and newlines become spaces). */
export function cleanText(text: string): string {
  return text.replace(LINE_BREAKS, ' ').replace(INVALID_XML, '');
}

/**
 * Text safe in XML and HTML content and in quoted attribute values: cleaned (`cleanText`), then
 * `& < > " '` as entities.
 * @example escapeXml('<img src=x onerror="a">') === '&lt;img src=x onerror=&quot;a&quot;&gt;'
 */
export function escapeXml(text: string): string {
  return cleanText(text).replace(/[&<>"']/g, (c) => XML_ENTITIES[c]!);
}

/** Estimated width of one character, in ems: wide for CJK and emoji, narrow otherwise. */
function charEm(ch: string, mono: boolean): number {
  if (ch.codePointAt(0)! >= 0x1100) return 1.05;
  return mono ? 0.61 : 0.6;
}

/** The text cut with `…` to fit `width` px at `size` px (an estimate: no font is measured). */
export function fitText(text: string, width: number, size: number, mono = false): string {
  const chars = [...cleanText(text)];
  if (textWidth(chars, size, mono) <= width) return chars.join('');
  const room = width - 0.8 * size;
  let used = 0;
  let keep = 0;
  while (keep < chars.length && used + charEm(chars[keep]!, mono) * size <= room) used += charEm(chars[keep++]!, mono) * size;
  return `${chars.slice(0, keep).join('').trimEnd()}\u2026`;
}

function textWidth(text: string | readonly string[], size: number, mono = false): number {
  let w = 0;
  for (const ch of text) w += charEm(ch, mono) * size;
  return w;
}

/** A number for an attribute: at most one decimal. */
const n = (v: number): string => String(Math.round(v * 10) / 10);

function text(x: number, y: number, content: string, attrs: string): string {
  return `<text x="${n(x)}" y="${n(y)}" ${attrs}>${escapeXml(content)}</text>`;
}

function drawBox(b: SceneBox, c: SvgPalette): string {
  const missing = b.kind === 'placeholder';
  const stroke = missing ? c.danger : b.problem ? c.boxProblem : c.borderStrong;
  const out: string[] = [];
  out.push(
    `<rect x="${n(b.x)}" y="${n(b.y)}" width="${n(b.width)}" height="${n(b.height)}" rx="10" fill="${missing ? c.placeholderBoxFill : c.boxFill}" stroke="${stroke}" stroke-width="${missing ? 1.5 : 1}"${missing ? ' stroke-dasharray="6 4"' : ''}/>`,
  );
  const barY = b.y + 36;
  out.push(`<line x1="${n(b.x)}" y1="${n(barY)}" x2="${n(b.x + b.width)}" y2="${n(barY)}" stroke="${missing ? c.boxProblem : c.border}"${missing ? ' stroke-dasharray="6 4"' : ''}/>`);
  const id = fitText(b.shortId, 90, 11, true);
  const idWidth = textWidth(id, 11, true) + 10;
  const idX = b.x + b.width - 12 - idWidth;
  out.push(`<rect x="${n(idX)}" y="${n(b.y + 10)}" width="${n(idWidth)}" height="16" rx="3" fill="${c.idPill}"/>`);
  out.push(text(idX + 5, b.y + 22, id, `font-family="${MONO}" font-size="11" fill="${c.muted}"`));
  // Name, then the service after it in the same line; the name gets at least 60% of the room.
  const room = idX - 8 - (b.x + 12);
  const service = b.service === '' ? '' : fitText(b.service, room * 0.4, 12);
  const serviceWidth = service === '' ? 0 : textWidth(service, 12) + 8;
  const name = fitText(b.title, room - serviceWidth, 12 * 1.04);
  const nameFill = missing ? c.dangerText : c.text;
  const serviceSpan = service === '' ? '' : `<tspan dx="8" font-weight="400" fill="${c.muted}">${escapeXml(service)}</tspan>`;
  out.push(
    `<text x="${n(b.x + 12)}" y="${n(b.y + 22.5)}" font-size="12" font-weight="650" fill="${nameFill}">${escapeXml(name)}${serviceSpan}</text>`,
  );
  return `<g class="trace-box" data-kind="${b.kind}">${out.join('')}</g>`;
}

function drawNode(node: SceneNode, c: SvgPalette): string {
  const { x, y, width: w, height: h } = node;
  const tip = `<title>${escapeXml(node.subtitle === '' ? node.title : `${node.title} \u00b7 ${node.subtitle}`)}</title>`;
  if (node.missing) {
    const parts = [
      `<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" rx="7" fill="${c.dangerSoft}" stroke="${c.danger}" stroke-width="1.5" stroke-dasharray="5 4"/>`,
      text(x + 12, y + h / 2 - 3, fitText(node.title, w - 24, 13 * 1.04), `font-size="13" font-weight="650" fill="${c.dangerText}"`),
      text(x + 12, y + h / 2 + 13, fitText(node.subtitle, w - 24, 11, true), `font-family="${MONO}" font-size="11" fill="${c.dangerText}"`),
    ];
    return `<g class="node" data-kind="${node.kind}" data-missing="true">${tip}${parts.join('')}</g>`;
  }
  const stroke = node.error ? c.danger : c.borderStrong;
  const parts = [
    `<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" rx="7" fill="${node.error ? c.errorFill : c.panel}" stroke="${stroke}"/>`,
    `<rect x="${n(x + 1.5)}" y="${n(y + 2)}" width="4" height="${n(h - 4)}" rx="2" fill="${node.colour}"/>`,
  ];
  const left = x + 14;
  const right = x + w - 10;
  parts.push(text(left, y + h / 2 - 4, fitText(node.title, right - left, 13 * 1.04), `font-size="13" font-weight="600" fill="${node.error ? c.dangerText : c.text}"`));
  let metaRight = right;
  if (node.duration !== '') {
    parts.push(text(right, y + h / 2 + 13, node.duration, `font-size="11" text-anchor="end" fill="${c.muted}"`));
    metaRight -= textWidth(node.duration, 11) + 6;
  }
  if (node.error) {
    const badgeX = metaRight - 34;
    parts.push(`<rect x="${n(badgeX)}" y="${n(y + h / 2 + 3)}" width="34" height="14" rx="7" fill="${c.dangerSoft}"/>`);
    parts.push(`<text x="${n(badgeX + 17)}" y="${n(y + h / 2 + 13.5)}" font-size="10" font-weight="600" text-anchor="middle" fill="${c.danger}">error</text>`);
    metaRight = badgeX - 6;
  }
  parts.push(text(left, y + h / 2 + 13, fitText(node.subtitle, metaRight - left, 11), `font-size="11" fill="${c.muted}"`));
  if (node.problem) {
    parts.push(`<circle cx="${n(x + w - 2)}" cy="${n(y + 2)}" r="6" fill="${c.danger}" stroke="${c.panel}" stroke-width="1.5"/>`);
    parts.push(`<text x="${n(x + w - 2)}" y="${n(y + 5.5)}" font-size="10" font-weight="700" text-anchor="middle" fill="#ffffff">!</text>`);
  }
  const data = `data-kind="${node.kind}"${node.error ? ' data-error="true"' : ''}${node.problem ? ' data-problem="true"' : ''}`;
  return `<g class="node" ${data}>${tip}${parts.join('')}</g>`;
}

/** A parent edge: straight when aligned, else an orthogonal path with one bend in the middle. */
function parentPath(e: SceneEdge): string {
  const { source: s, target: t } = e;
  const horizontal = s.side === 'l' || s.side === 'r';
  if ((horizontal && Math.abs(s.y - t.y) < 0.5) || (!horizontal && Math.abs(s.x - t.x) < 0.5)) return `M${n(s.x)} ${n(s.y)}L${n(t.x)} ${n(t.y)}`;
  if (horizontal) {
    const mid = (s.x + t.x) / 2;
    return `M${n(s.x)} ${n(s.y)}H${n(mid)}V${n(t.y)}H${n(t.x)}`;
  }
  const mid = (s.y + t.y) / 2;
  return `M${n(s.x)} ${n(s.y)}V${n(mid)}H${n(t.x)}V${n(t.y)}`;
}

function drawEdge(e: SceneEdge, c: SvgPalette): { path: string; label: string } {
  if (e.kind === 'parent') {
    return { path: `<path class="edge-parent" d="${parentPath(e)}" fill="none" stroke="${c.parentEdge}" stroke-width="1.4" marker-end="url(#tl-arrow-parent)"/>`, label: '' };
  }
  const broken = e.kind === 'broken';
  const { c1, c2, mid } = edgeCurve(e);
  const d = `M${n(e.source.x)} ${n(e.source.y)}C${n(c1.x)} ${n(c1.y)} ${n(c2.x)} ${n(c2.y)} ${n(e.target.x)} ${n(e.target.y)}`;
  const path = `<path class="${broken ? 'edge-link edge-broken' : 'edge-link'}" d="${d}" fill="none" stroke="${broken ? c.danger : c.link}" stroke-width="1.8" stroke-dasharray="6 4" marker-end="url(#tl-arrow-${broken ? 'broken' : 'link'})"/>`;
  if (e.shortLabel === '') return { path, label: '' };
  const label = fitText(e.shortLabel, LABEL_MAX_WIDTH - 12, 10.5, true);
  const w = textWidth(label, 10.5, true) + 12;
  const pill = `<rect x="${n(mid.x - w / 2)}" y="${n(mid.y - 8)}" width="${n(w)}" height="16" rx="4" fill="${c.labelFill}" stroke="${broken ? c.brokenLabelStroke : c.labelStroke}"/>`;
  const words = text(mid.x, mid.y + 3.5, label, `font-family="${MONO}" font-size="10.5" text-anchor="middle" fill="${broken ? c.dangerText : c.labelText}"`);
  return { path, label: `<g class="edge-label"><title>${escapeXml(e.label)}</title>${pill}${words}</g>` };
}

function drawNote(note: SceneNote, c: SvgPalette): string {
  const parts = [
    `<line x1="${n(note.x + 6)}" y1="${n(note.y + note.height)}" x2="${n(note.anchor.x)}" y2="${n(note.anchor.y)}" stroke="${c.noteStroke}" stroke-width="1.5"/>`,
    `<circle cx="${n(note.anchor.x)}" cy="${n(note.anchor.y)}" r="3" fill="${c.noteStroke}"/>`,
    `<rect x="${n(note.x)}" y="${n(note.y)}" width="${n(note.width)}" height="${n(note.height)}" rx="3" fill="${c.noteFill}" stroke="${c.noteStroke}"/>`,
  ];
  note.lines.forEach((line, i) => {
    const fitted = fitText(line, note.width - 2 * NOTE_PADDING, 12);
    parts.push(text(note.x + NOTE_PADDING, note.y + NOTE_PADDING + (i + 1) * NOTE_LINE_HEIGHT - 4, fitted, `font-size="12" fill="${c.noteText}"`));
  });
  return `<g class="note"><title>${escapeXml(note.text)}</title>${parts.join('')}</g>`;
}

function marker(id: string, colour: string): string {
  return `<marker id="${id}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto"><path d="M0 0L10 5L0 10z" fill="${colour}"/></marker>`;
}

function drawLegend(x: number, y: number, c: SvgPalette): string {
  const cy = y + LEGEND_HEIGHT / 2;
  const label = (lx: number, words: string) => text(lx, cy + 4, words, `font-size="11" fill="${c.muted}"`);
  const items = [
    `<path d="M${n(x + 12)} ${n(cy)}H${n(x + 44)}" stroke="${c.parentEdge}" stroke-width="1.4" marker-end="url(#tl-arrow-parent)"/>`,
    label(x + 50, 'parent edge'),
    `<path d="M${n(x + 132)} ${n(cy)}H${n(x + 164)}" stroke="${c.link}" stroke-width="1.8" stroke-dasharray="6 4" marker-end="url(#tl-arrow-link)"/>`,
    label(x + 170, 'link edge'),
    `<path d="M${n(x + 242)} ${n(cy)}H${n(x + 274)}" stroke="${c.danger}" stroke-width="1.8" stroke-dasharray="6 4" marker-end="url(#tl-arrow-broken)"/>`,
    label(x + 280, 'broken link'),
    `<rect x="${n(x + 362)}" y="${n(cy - 7)}" width="30" height="14" rx="3" fill="${c.dangerSoft}" stroke="${c.danger}" stroke-width="1.5" stroke-dasharray="4 3"/>`,
    label(x + 398, 'missing target'),
  ];
  const frame = `<rect x="${n(x)}" y="${n(y)}" width="${LEGEND_WIDTH}" height="${LEGEND_HEIGHT}" rx="6" fill="${c.panel}" stroke="${c.border}"/>`;
  return `<g class="legend">${frame}${items.join('')}</g>`;
}

/**
 * The scene as an SVG 1.1 document (with its XML declaration), sized to the drawing plus a
 * margin, a title line when `opts.title` is given, and a legend below the drawing.
 * @example writeFileSync('links.svg', renderSvg(sceneFromGraph(graph, layout), { theme: 'dark' }))
 */
export function renderSvg(scene: Scene, opts: SvgOptions = {}): string {
  const c = SVG_THEMES[opts.theme ?? 'light'];
  const title = opts.title === undefined ? '' : cleanText(opts.title).trim();
  const top = PAD + (title === '' ? 0 : TITLE_HEIGHT);
  const width = Math.ceil(Math.max(scene.width, LEGEND_WIDTH) + 2 * PAD);
  const legendY = top + scene.height + (scene.height > 0 ? PAD : 0);
  const height = Math.ceil(legendY + LEGEND_HEIGHT + PAD);

  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${SANS}" data-theme="${opts.theme ?? 'light'}">`,
  ];
  if (title !== '') out.push(`<title>${escapeXml(title)}</title>`);
  out.push(`<defs>${marker('tl-arrow-parent', c.parentEdge)}${marker('tl-arrow-link', c.link)}${marker('tl-arrow-broken', c.danger)}</defs>`);
  out.push(`<rect class="background" x="0" y="0" width="${width}" height="${height}" fill="${c.bg}"/>`);
  if (title !== '') out.push(text(PAD, PAD + 20, fitText(title, width - 2 * PAD, 18 * 1.04), `font-size="18" font-weight="650" fill="${c.text}"`));

  out.push(`<g transform="translate(${PAD} ${top})">`);
  out.push(`<g class="boxes">${scene.boxes.map((b) => drawBox(b, c)).join('')}</g>`);
  const parents = scene.edges.filter((e) => e.kind === 'parent').map((e) => drawEdge(e, c).path);
  out.push(`<g class="parent-edges">${parents.join('')}</g>`);
  out.push(`<g class="nodes">${scene.nodes.map((node) => drawNode(node, c)).join('')}</g>`);
  // Links cross trace boxes: above every box and node, as in the app; their labels above them.
  const links = scene.edges.filter((e) => e.kind !== 'parent').map((e) => drawEdge(e, c));
  out.push(`<g class="link-edges">${links.map((l) => l.path).join('')}</g>`);
  out.push(`<g class="edge-labels">${links.map((l) => l.label).join('')}</g>`);
  out.push(`<g class="notes">${scene.notes.map((note) => drawNote(note, c)).join('')}</g>`);
  out.push('</g>');
  out.push(drawLegend(PAD, legendY, c));
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
