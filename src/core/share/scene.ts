/**
 * A drawing-neutral scene of the link graph: every box, node, edge and note with absolute
 * coordinates and the texts, kinds and marks a renderer needs, so the SVG and HTML exports (and
 * anything else that draws) agree with the app without knowing about the graph or the layout.
 *
 * Invariants: coordinates start at 0,0 (the smallest x and y of the boxes, nodes and notes are 0)
 * and `width`/`height` hold everything; every edge joins two nodes of `nodes`; every note sits
 * next to a box or node of the scene. Texts are raw (not escaped, not truncated): escaping and
 * fitting are the renderer's job.
 */
import { displayTraceId, formatDurationUs } from '../format';
import { isInvalidTarget } from '../graph/build-graph';
import { spansWithDroppedLinks } from '../graph/span-lookup';
import type { TraceEdge, TraceSummary } from '../graph/trace-graph';
import type { LinkGraph, LinkStatus } from '../graph/types';
import type { SpanKey, TraceId } from '../ids';
import { SPAN_NODE_HEIGHT, SPAN_NODE_WIDTH, type GraphLayout } from '../layout/types';
import { formatAttrValue, type Attribute } from '../model/span';
import { serviceColour } from './palette';
import { traceNoteTarget, type Note, type NoteTarget } from './types';

export interface ScenePoint {
  readonly x: number;
  readonly y: number;
}

/** The side of a node an edge leaves or enters by. */
export type SceneSide = 'l' | 'r' | 't' | 'b';

export interface SceneAnchor extends ScenePoint {
  readonly side: SceneSide;
}

export interface SceneRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A trace box (`trace`), or the box of a trace no span of which is loaded (`placeholder`). */
export type SceneBoxKind = 'trace' | 'placeholder';

export interface SceneBox extends SceneRect {
  readonly kind: SceneBoxKind;
  readonly traceId: TraceId;
  /** The root span's name; `missing trace` / `malformed link target` for a placeholder box. */
  readonly title: string;
  /** The root span's service ('' when none, and for a placeholder box). */
  readonly service: string;
  /** The trace id as the title bar shows it (8 characters, 64-bit ids without their padding). */
  readonly shortId: string;
  readonly spanCount: number;
  /** A placeholder box, or a box with a problem node. */
  readonly problem: boolean;
}

/** A loaded span, a missing link target, or a whole trace (the trace-level overview). */
export type SceneNodeKind = 'span' | 'placeholder' | 'trace';

export interface SceneNode extends SceneRect {
  /** The span key (span, placeholder) or `trace:<traceId>` (trace): equal to a NoteTarget. */
  readonly id: string;
  readonly kind: SceneNodeKind;
  readonly traceId: TraceId;
  /** Span name, placeholder reason (`missing span`, ...), or trace title. */
  readonly title: string;
  /** Service, `span <id>` for a placeholder, `service · N spans · K problems` for a trace. */
  readonly subtitle: string;
  readonly service: string;
  /** The service's colour (the palette of the app). */
  readonly colour: string;
  /** Duration as people read it (`12.3ms`), '' when unknown. */
  readonly duration: string;
  /** The span's status is error. */
  readonly error: boolean;
  /** Not loaded: a placeholder, or a placeholder trace in the overview. Drawn red and dashed. */
  readonly missing: boolean;
  /** Has a problem (a diagnostic, a broken link): drawn with a red mark. */
  readonly problem: boolean;
  readonly reason?: Exclude<LinkStatus, 'ok'>;
}

/** A solid parent edge, a dashed link edge, or a red dashed broken link edge. */
export type SceneEdgeKind = 'parent' | 'link' | 'broken';

export interface SceneEdge {
  readonly id: string;
  readonly kind: SceneEdgeKind;
  /** Node ids (`SceneNode.id`). For a link edge, `from` is the linked span (causal direction). */
  readonly from: string;
  readonly to: string;
  readonly source: SceneAnchor;
  readonly target: SceneAnchor;
  /** The link's attributes (`link.type: producer, retry.attempt: 2`), or `3 links · 1 broken`; '' for none. */
  readonly label: string;
  /** What a pill on the edge shows: the first attribute and `+N` for the others (as the app). */
  readonly shortLabel: string;
  /** For span-level link edges. */
  readonly status?: LinkStatus;
}

/** A note as a sticky label next to its target. */
export interface SceneNote extends SceneRect {
  readonly target: NoteTarget;
  readonly text: string;
  /** The text wrapped to the note's width (at most NOTE_MAX_LINES, the last cut with `…`). */
  readonly lines: readonly string[];
  /** The point of the target the note is pinned to. */
  readonly anchor: ScenePoint;
}

export interface Scene {
  readonly width: number;
  readonly height: number;
  readonly boxes: readonly SceneBox[];
  readonly nodes: readonly SceneNode[];
  readonly edges: readonly SceneEdge[];
  readonly notes: readonly SceneNote[];
}

/** One trace of the overview at its layout position: what the drawing reads of a `TraceSummary`. */
export type OverviewDrawingNode = Pick<TraceSummary, 'traceId' | 'title' | 'service' | 'spanCount' | 'problemCount' | 'placeholder' | 'stackSize'> & SceneRect;

/** The trace-level overview to draw: one placed node per trace, aggregated trace-to-trace links. */
export interface OverviewDrawing {
  readonly nodes: readonly OverviewDrawingNode[];
  /** `count` link records from trace `from` (linked) to trace `to` (holder); `broken` of them not ok. */
  readonly edges: readonly TraceEdge[];
}

export interface SceneOptions {
  /** Draw only these boxes (loaded or placeholder), at their layout positions shifted to 0,0. */
  readonly traces?: ReadonlySet<TraceId>;
  readonly notes?: readonly Note[];
  /**
   * Spans (and placeholders) marked as having a problem, e.g. those with a diagnostic of severity
   * error or warning. Default: the spans that hold a broken link or dropped links.
   */
  readonly problems?: ReadonlySet<SpanKey>;
}

export const NOTE_WIDTH = 180;
export const NOTE_LINE_HEIGHT = 16;
export const NOTE_PADDING = 8;
export const NOTE_MAX_LINES = 6;
/** Characters per note line (12px text in NOTE_WIDTH less the padding). */
const NOTE_LINE_CHARS = 22;
/** How far a note overlaps its target's corner, so it reads as pinned to it. */
const NOTE_OVERLAP = 10;
const NOTE_GAP = 6;

const REASON_LABEL: Record<Exclude<LinkStatus, 'ok'>, string> = {
  'invalid-context': 'invalid context',
  'missing-trace': 'missing trace',
  'missing-span': 'missing span',
};

export { displayTraceId, formatDurationUs } from '../format';

function linkLabels(attributes: readonly Attribute[]): { label: string; shortLabel: string } {
  const parts = attributes.map((a) => `${a.key}: ${formatAttrValue(a.value)}`);
  const first = parts[0] ?? '';
  return { label: parts.join(', '), shortLabel: parts.length > 1 ? `${first} +${parts.length - 1}` : first };
}

/** Counts as the app writes them, with thousands separators (`2,000 links`); one formatter for all. */
const COUNT = new Intl.NumberFormat('en-US');
const plural = (n: number, word: string) => `${COUNT.format(n)} ${word}${n === 1 ? '' : 's'}`;

/** `3 links` or `3 links · 1 broken`: the label of an aggregated trace-to-trace edge. */
export function overviewEdgeLabel(count: number, broken: number): string {
  return broken > 0 ? `${plural(count, 'link')} · ${COUNT.format(broken)} broken` : plural(count, 'link');
}

/** `N spans · K problems` for a loaded trace in the overview (`missing` for a placeholder). */
export function overviewNodeSubtitle(node: OverviewDrawingNode): string {
  if (node.placeholder) return `trace ${displayTraceId(node.traceId)}`;
  // A stack of alike traces says how many it stands for first.
  const parts = node.stackSize === undefined ? [] : [plural(node.stackSize, 'trace')];
  if (node.service !== '') parts.push(node.service);
  parts.push(plural(node.spanCount, 'span'), plural(node.problemCount, 'problem'));
  return parts.join(' \u00b7 ');
}

/**
 * Which sides an edge leaves and enters by: horizontally when the nodes are side by side,
 * vertically when they are stacked (as the app's `sidesFor`). A self link leaves by the right
 * and comes back in at the top, a loop over the node's corner.
 */
function anchors(a: SceneRect, b: SceneRect, self: boolean): { source: SceneAnchor; target: SceneAnchor } {
  if (self) return { source: sidePoint(a, 'r'), target: sidePoint(b, 't') };
  const dx = b.x + b.width / 2 - (a.x + a.width / 2);
  const dy = b.y + b.height / 2 - (a.y + a.height / 2);
  const wide = ((a.width + b.width) / 2) * 0.75;
  if (Math.abs(dx) >= wide) return dx > 0 ? { source: sidePoint(a, 'r'), target: sidePoint(b, 'l') } : { source: sidePoint(a, 'l'), target: sidePoint(b, 'r') };
  return dy >= 0 ? { source: sidePoint(a, 'b'), target: sidePoint(b, 't') } : { source: sidePoint(a, 't'), target: sidePoint(b, 'b') };
}

function sidePoint(r: SceneRect, side: SceneSide): SceneAnchor {
  switch (side) {
    case 'l':
      return { x: r.x, y: r.y + r.height / 2, side };
    case 'r':
      return { x: r.x + r.width, y: r.y + r.height / 2, side };
    case 't':
      return { x: r.x + r.width / 2, y: r.y, side };
    case 'b':
      return { x: r.x + r.width / 2, y: r.y + r.height, side };
  }
}

const OUTWARD: Record<SceneSide, ScenePoint> = { l: { x: -1, y: 0 }, r: { x: 1, y: 0 }, t: { x: 0, y: -1 }, b: { x: 0, y: 1 } };

/**
 * The cubic bezier of a link edge: each control point leaves its anchor straight out of the
 * node's side, by half the distance along that axis (at least 40), as React Flow's bezier does.
 */
export function edgeCurve(edge: Pick<SceneEdge, 'source' | 'target'>): { c1: ScenePoint; c2: ScenePoint; mid: ScenePoint } {
  const { source: s, target: t } = edge;
  const reach = (side: SceneSide) => Math.max(40, (side === 'l' || side === 'r' ? Math.abs(t.x - s.x) : Math.abs(t.y - s.y)) / 2);
  const o1 = OUTWARD[s.side];
  const o2 = OUTWARD[t.side];
  const c1 = { x: s.x + o1.x * reach(s.side), y: s.y + o1.y * reach(s.side) };
  const c2 = { x: t.x + o2.x * reach(t.side), y: t.y + o2.y * reach(t.side) };
  const mid = { x: (s.x + 3 * c1.x + 3 * c2.x + t.x) / 8, y: (s.y + 3 * c1.y + 3 * c2.y + t.y) / 8 };
  return { c1, c2, mid };
}

/** Wraps a note's text to lines of about `chars` characters (words kept whole when they fit). */
export function wrapNote(text: string, chars = NOTE_LINE_CHARS, maxLines = NOTE_MAX_LINES): string[] {
  const lines: string[] = [];
  // eslint-disable-next-line no-control-regex -- control characters are not text
  const paragraphs = text.replace(/[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f]/g, ' ').split(/\r\n|[\n\r\u2028\u2029]/);
  for (const paragraph of paragraphs) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter((w) => w !== '')) {
      let rest = [...word];
      // A word longer than a line is cut into line-long pieces.
      while (rest.length > chars) {
        if (line !== '') lines.push(line);
        lines.push(rest.slice(0, chars).join(''));
        rest = rest.slice(chars);
        line = '';
      }
      if (rest.length === 0) continue;
      const piece = rest.join('');
      if (line === '') line = piece;
      else if ([...line].length + 1 + rest.length <= chars) line = `${line} ${piece}`;
      else {
        lines.push(line);
        line = piece;
      }
    }
    lines.push(line);
  }
  while (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const last = [...kept[maxLines - 1]!];
  kept[maxLines - 1] = `${last.slice(0, Math.min(last.length, chars - 1)).join('')}\u2026`;
  return kept;
}

/**
 * Notes stacked above their target, overlapping its top edge a little so they read as pinned to
 * it: a span's note from its left part (its problem mark at the top-right corner stays visible;
 * the space above a parent span is mostly free, parents sit centred on their children), a box's
 * note at the right of its title bar, clear of the short id.
 */
function placeNotes(notes: readonly Note[], targets: ReadonlyMap<string, SceneRect & { readonly box?: boolean }>): SceneNote[] {
  const out: SceneNote[] = [];
  const stackTop = new Map<string, number>();
  for (const note of notes) {
    const rect = targets.get(note.target);
    if (rect === undefined) continue;
    const lines = wrapNote(note.text);
    const height = lines.length * NOTE_LINE_HEIGHT + 2 * NOTE_PADDING;
    const bottom = stackTop.get(note.target) ?? rect.y + NOTE_OVERLAP;
    const x = rect.box === true ? rect.x + rect.width - NOTE_WIDTH - 2 * NOTE_OVERLAP : rect.x + NOTE_OVERLAP;
    const y = bottom - height;
    stackTop.set(note.target, y - NOTE_GAP);
    out.push({ target: note.target, text: note.text, lines, x, y, width: NOTE_WIDTH, height, anchor: { x: x + NOTE_WIDTH / 2, y: rect.y } });
  }
  return out;
}

/** Moves everything so the smallest x and y are 0, and measures the whole. NOTE: mutates nothing. */
function normalise(boxes: SceneBox[], nodes: SceneNode[], edges: SceneEdge[], notes: SceneNote[]): Scene {
  const rects: SceneRect[] = [...boxes, ...nodes, ...notes];
  if (rects.length === 0) return { width: 0, height: 0, boxes, nodes, edges, notes };
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const r of rects) {
    minX = Math.min(minX, r.x);
    minY = Math.min(minY, r.y);
    maxX = Math.max(maxX, r.x + r.width);
    maxY = Math.max(maxY, r.y + r.height);
  }
  const move = <T extends ScenePoint>(p: T): T => ({ ...p, x: p.x - minX, y: p.y - minY });
  return {
    width: maxX - minX,
    height: maxY - minY,
    boxes: boxes.map(move),
    nodes: nodes.map(move),
    edges: edges.map((e) => ({ ...e, source: move(e.source), target: move(e.target) })),
    notes: notes.map((n) => ({ ...move(n), anchor: move(n.anchor) })),
  };
}

/** Spans that hold a broken link or lost links to the SDK's limit: the default problem marks. */
function defaultProblems(graph: LinkGraph): Set<SpanKey> {
  const out = new Set<SpanKey>();
  for (const e of graph.linkEdges) if (e.status !== 'ok') out.add(e.to);
  for (const key of spansWithDroppedLinks(graph)) out.add(key);
  return out;
}

/**
 * The span-level scene: a box per trace of the layout (only those of `opts.traces` when given,
 * shifted so the drawing starts at 0,0), its spans and placeholders as nodes, the parent and link
 * edges whose two ends are drawn, and the notes whose target is drawn.
 * @example renderSvg(sceneFromGraph(graph, layout, { notes }))
 */
export function sceneFromGraph(graph: LinkGraph, layout: GraphLayout, opts: SceneOptions = {}): Scene {
  const problems = opts.problems ?? defaultProblems(graph);
  const boxes: SceneBox[] = [];
  const nodes: SceneNode[] = [];
  const rects = new Map<string, SceneRect & { readonly box?: boolean }>();
  for (const box of layout.traces) {
    if (opts.traces !== undefined && !opts.traces.has(box.traceId)) continue;
    const trace = graph.traces.get(box.traceId);
    const placeholderBox = trace?.placeholder ?? false;
    const root = trace?.root === undefined ? undefined : graph.spans.get(trace.root);
    let problem = placeholderBox;
    for (const pos of box.nodes) {
      const rect = { x: box.x + pos.x, y: box.y + pos.y, width: SPAN_NODE_WIDTH, height: SPAN_NODE_HEIGHT };
      const span = graph.spans.get(pos.key);
      const placeholder = span === undefined ? graph.placeholders.get(pos.key) : undefined;
      if (span !== undefined) {
        const mark = problems.has(pos.key);
        problem ||= mark;
        nodes.push({
          ...rect,
          id: pos.key,
          kind: 'span',
          traceId: box.traceId,
          title: span.name || '(unnamed)',
          subtitle: span.service || '(no service)',
          service: span.service,
          colour: serviceColour(span.service),
          duration: formatDurationUs(span.durationUs),
          error: span.status === 'error',
          missing: false,
          problem: mark,
        });
      } else if (placeholder !== undefined) {
        problem = true;
        nodes.push({
          ...rect,
          id: pos.key,
          kind: 'placeholder',
          traceId: box.traceId,
          title: REASON_LABEL[placeholder.reason],
          subtitle: `span ${placeholder.spanId || '(empty)'}`,
          service: '',
          colour: serviceColour(''),
          duration: '',
          error: false,
          missing: true,
          problem: true,
          reason: placeholder.reason,
        });
      } else continue;
      rects.set(pos.key, rect);
    }
    const sceneBox: SceneBox = {
      kind: placeholderBox ? 'placeholder' : 'trace',
      traceId: box.traceId,
      x: box.x,
      y: box.y,
      width: box.width,
      height: box.height,
      title: placeholderBox ? (isInvalidTarget(box.traceId) ? 'malformed link target' : 'missing trace') : root === undefined ? '(no root span)' : root.name || '(unnamed)',
      service: placeholderBox ? '' : (root?.service ?? trace?.services[0] ?? ''),
      shortId: displayTraceId(box.traceId),
      spanCount: trace?.spans.length ?? 0,
      problem,
    };
    boxes.push(sceneBox);
    rects.set(traceNoteTarget(box.traceId), { ...sceneBox, box: true });
  }

  const edges: SceneEdge[] = [];
  for (const e of graph.parentEdges) {
    const a = rects.get(e.parent);
    const b = rects.get(e.child);
    if (a === undefined || b === undefined) continue;
    edges.push({ id: e.id, kind: 'parent', from: e.parent, to: e.child, ...anchors(a, b, false), label: '', shortLabel: '' });
  }
  for (const e of graph.linkEdges) {
    const a = rects.get(e.from);
    const b = rects.get(e.to);
    if (a === undefined || b === undefined) continue;
    edges.push({
      id: e.id,
      kind: e.status === 'ok' ? 'link' : 'broken',
      from: e.from,
      to: e.to,
      ...anchors(a, b, e.from === e.to),
      ...linkLabels(e.attributes),
      status: e.status,
    });
  }
  return normalise(boxes, nodes, edges, placeNotes(opts.notes ?? [], rects));
}

/** The trace of a note's target: `trace:<id>` or a span key `<traceId>/<spanId>`. */
function noteTrace(target: NoteTarget): string {
  if (target.startsWith('trace:')) return target.slice('trace:'.length);
  const slash = target.lastIndexOf('/');
  return slash < 0 ? target : target.slice(0, slash);
}

/**
 * The trace-level scene: one node per trace (title, `service · N spans · K problems`), one
 * dashed edge per linked pair of traces labelled with its count, red when any of its links is
 * broken. A note on a span is pinned to its trace's node.
 * @example renderSvg(sceneFromOverview(drawing, { notes }))
 */
export function sceneFromOverview(overview: OverviewDrawing, opts: { readonly notes?: readonly Note[] } = {}): Scene {
  const nodes: SceneNode[] = [];
  const rects = new Map<string, SceneRect>();
  for (const n of overview.nodes) {
    const id = traceNoteTarget(n.traceId);
    const rect = { x: n.x, y: n.y, width: n.width, height: n.height };
    nodes.push({
      ...rect,
      id,
      kind: 'trace',
      traceId: n.traceId,
      title: n.title || (n.placeholder ? 'missing trace' : '(no root span)'),
      subtitle: overviewNodeSubtitle(n),
      service: n.service,
      colour: serviceColour(n.service),
      duration: '',
      error: false,
      missing: n.placeholder,
      problem: n.placeholder || n.problemCount > 0,
    });
    rects.set(id, rect);
  }
  const edges: SceneEdge[] = [];
  for (const e of overview.edges) {
    const from = traceNoteTarget(e.from);
    const to = traceNoteTarget(e.to);
    const a = rects.get(from);
    const b = rects.get(to);
    if (a === undefined || b === undefined || e.count <= 0) continue;
    const label = overviewEdgeLabel(e.count, e.broken);
    edges.push({ id: `${from}->${to}`, kind: e.broken > 0 ? 'broken' : 'link', from, to, ...anchors(a, b, from === to), label, shortLabel: label });
  }
  const notes = (opts.notes ?? []).map((note) => ({ ...note, target: traceNoteTarget(noteTrace(note.target)) }));
  return normalise([], nodes, edges, placeNotes(notes, rects));
}
