import { isInvalidTarget, rawTraceId } from '../graph/build-graph';
import { briefOf } from '../graph/span-lookup';
import type { LinkEdge, LinkGraph, Placeholder, TraceNode } from '../graph/types';
import type { SpanKey, TraceId } from '../ids';
import { formatAttrValue, type Attribute } from '../model/span';
import { overviewEdgeLabel, overviewNodeSubtitle, type OverviewDrawing, type OverviewDrawingNode } from './scene';
import { traceNoteTarget, type Note } from './types';

export interface MermaidOptions {
  /**
   * Draw only these loaded traces, plus the placeholders their links point at. Links between a
   * drawn span and a span of a trace left out are left out too. Default: every trace.
   */
  readonly traces?: Iterable<TraceId>;
  /**
   * Notes, each drawn as a yellow node of its own joined to its span (or trace subgraph) by a
   * line without arrow. A note whose target is not drawn is left out.
   */
  readonly notes?: readonly Note[];
}

/** Longest label text kept (Mermaid renders long labels badly, and a name can be anything). */
const MAX_LABEL = 80;
const MISSING_STYLE = 'fill:#fff5f5,stroke:#d33,stroke-width:2px,stroke-dasharray:5 5,color:#a00';
const BROKEN_EDGE_STYLE = 'stroke:#d33,stroke-width:2px,color:#a00';
const NOTE_STYLE = 'fill:#fff3b0,stroke:#e2c044,color:#4a3b00';
const NOTE_EDGE_STYLE = 'stroke:#e2c044,stroke-width:1.5px';

/**
 * Characters that could end a label or start markup, as Mermaid entity codes. One pass, so the
 * `#` of an emitted code is never escaped again. `%` is here because `%%` opens a directive.
 */
const ENTITIES: Readonly<Record<string, string>> = {
  '#': '#35;',
  '"': '#quot;',
  '&': '#amp;',
  '<': '#lt;',
  '>': '#gt;',
  '[': '#91;',
  ']': '#93;',
  '(': '#40;',
  ')': '#41;',
  '{': '#123;',
  '}': '#125;',
  '|': '#124;',
  '`': '#96;',
  '%': '#37;',
};

/** Lone surrogates and U+FFFE/U+FFFF: not text (a file cannot encode them), so they are removed. */
const NOT_TEXT = /[\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text made safe inside a quoted Mermaid label: newlines and control characters become spaces,
 * markup characters become entity codes, and long text is cut (before escaping, so no code is
 * cut in half).
 * @example escapeMermaid('<img src=x>') === '#lt;img src=x#gt;'
 */
export function escapeMermaid(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  let flat = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(NOT_TEXT, '');
  if (flat.length > MAX_LABEL) flat = `${flat.slice(0, MAX_LABEL - 1)}\u2026`;
  return flat.replace(/[#"&<>[\](){}|`%]/g, (c) => ENTITIES[c]!);
}

/** An id for titles: the first 8 characters, skipping the zero padding of 64-bit ids. */
function brief(id: string): string {
  if (id.length <= 8) return id;
  const rest = id.startsWith('00000000') ? id.replace(/^0+/, '') : id;
  return rest.slice(0, 8) || '0';
}

function linkLabel(attributes: readonly Attribute[]): string {
  return attributes.map((a) => `${a.key}: ${formatAttrValue(a.value)}`).join(', ');
}

function traceTitle(graph: LinkGraph, trace: TraceNode): string {
  if (isInvalidTarget(trace.traceId)) return `malformed link targets: trace ${rawTraceId(trace.traceId)}`;
  if (trace.placeholder) return `missing trace ${brief(trace.traceId)}`;
  const root = trace.root === undefined ? undefined : briefOf(graph, trace.root);
  const parts = [root?.name || '(unnamed)'];
  if (root !== undefined && root.service !== '') parts.push(root.service);
  parts.push(brief(trace.traceId));
  return parts.join(' \u00b7 ');
}

function placeholderLabel(p: Placeholder): string {
  if (p.reason === 'invalid-context') return `malformed target: span ${p.spanId}`;
  return `${p.reason === 'missing-span' ? 'missing span' : 'not loaded: span'} ${brief(p.spanId)}`;
}

/**
 * The graph as a Mermaid `flowchart LR`, like the seed article's diagrams: a subgraph per trace
 * (titled root name, service, short trace id), `-->` parent edges, `-.->` link edges labelled
 * with the link's attributes, missing targets as red dashed nodes (in a red dashed subgraph when
 * their whole trace is missing) and broken link edges in red. Node ids are `n0`, `n1`, ... and
 * subgraph ids `t0`, ...: never raw ids, which may hold anything.
 * @example toMermaid(graph, { traces: [traceId] })
 */
export function toMermaid(graph: LinkGraph, opts: MermaidOptions = {}): string {
  const chosen = opts.traces === undefined ? undefined : new Set(opts.traces);
  const isChosen = (t: TraceNode): boolean => !t.placeholder && (chosen === undefined || chosen.has(t.traceId));

  const drawnSpans = new Set<SpanKey>();
  for (const t of graph.traces.values()) if (isChosen(t)) for (const k of t.spans) drawnSpans.add(k);
  const linkEdges: LinkEdge[] = [];
  const drawnPlaceholders = new Set<SpanKey>();
  for (const e of graph.linkEdges) {
    if (!drawnSpans.has(e.to)) continue;
    if (graph.placeholders.has(e.from)) drawnPlaceholders.add(e.from);
    else if (!drawnSpans.has(e.from)) continue;
    linkEdges.push(e);
  }

  const ids = new Map<SpanKey, string>();
  const nodeId = (key: SpanKey): string => {
    let id = ids.get(key);
    if (id === undefined) {
      id = `n${ids.size}`;
      ids.set(key, id);
    }
    return id;
  };

  const lines = ['flowchart LR', `  classDef missing ${MISSING_STYLE}`];
  const childrenOf = new Map<SpanKey, SpanKey[]>();
  for (const e of graph.parentEdges) {
    if (!drawnSpans.has(e.child)) continue;
    const list = childrenOf.get(e.parent);
    if (list === undefined) childrenOf.set(e.parent, [e.child]);
    else list.push(e.child);
  }

  let edgeCount = 0;
  let traceCount = 0;
  const boxIds = new Map<TraceId, string>();
  for (const trace of graph.traces.values()) {
    const spans = isChosen(trace) ? trace.spans : [];
    const holes = trace.placeholders.filter((k) => drawnPlaceholders.has(k));
    if (spans.length === 0 && holes.length === 0) continue;
    const box = `t${traceCount++}`;
    boxIds.set(trace.traceId, box);
    lines.push(`  subgraph ${box}["${escapeMermaid(traceTitle(graph, trace))}"]`);
    for (const key of spans) {
      const span = briefOf(graph, key)!;
      const service = span.service === '' ? '' : `<br/>${escapeMermaid(span.service)}`;
      lines.push(`    ${nodeId(key)}["${escapeMermaid(span.name || '(unnamed)')}${service}"]`);
    }
    for (const key of holes) {
      lines.push(`    ${nodeId(key)}["${escapeMermaid(placeholderLabel(graph.placeholders.get(key)!))}"]:::missing`);
    }
    for (const parent of spans) {
      for (const child of childrenOf.get(parent) ?? []) {
        lines.push(`    ${nodeId(parent)} --> ${nodeId(child)}`);
        edgeCount++;
      }
    }
    lines.push('  end');
    if (trace.placeholder) lines.push(`  style ${box} ${MISSING_STYLE}`);
  }

  const broken: number[] = [];
  for (const e of linkEdges) {
    const label = linkLabel(e.attributes);
    const arrow = label === '' ? '-.->' : `-.->|"${escapeMermaid(label)}"|`;
    lines.push(`  ${nodeId(e.from)} ${arrow} ${nodeId(e.to)}`);
    if (e.status !== 'ok') broken.push(edgeCount);
    edgeCount++;
  }
  if (broken.length > 0) lines.push(`  linkStyle ${broken.join(',')} ${BROKEN_EDGE_STYLE}`);
  const noteTargets = new Map<string, string>();
  for (const [key, id] of ids) noteTargets.set(key, id);
  for (const [traceId, box] of boxIds) noteTargets.set(traceNoteTarget(traceId), box);
  lines.push(...noteLines(opts.notes ?? [], noteTargets, edgeCount));
  return `${lines.join('\n')}\n`;
}

/**
 * Note nodes (`note0>"📝 text"]:::note`) and their `-.-` lines to the drawn node ids of their
 * targets, numbered from `firstEdge` for their linkStyle. Targets not drawn are skipped.
 */
function noteLines(notes: readonly Note[], targets: ReadonlyMap<string, string>, firstEdge: number): string[] {
  const nodes: string[] = [];
  const edges: string[] = [];
  for (const note of notes) {
    const target = targets.get(note.target);
    if (target === undefined) continue;
    const id = `note${nodes.length}`;
    nodes.push(`  ${id}>"\u{1f4dd} ${escapeMermaid(note.text)}"]:::note`);
    edges.push(`  ${id} -.- ${target}`);
  }
  if (nodes.length === 0) return [];
  const numbers = edges.map((_, i) => firstEdge + i);
  return [`  classDef note ${NOTE_STYLE}`, ...nodes, ...edges, `  linkStyle ${numbers.join(',')} ${NOTE_EDGE_STYLE}`];
}

/** `root name · service · N spans · K problems` (a placeholder trace: its title and short id). */
function overviewLabel(node: OverviewDrawingNode): string {
  return `${node.title || (node.placeholder ? 'missing trace' : '(no root span)')} \u00b7 ${overviewNodeSubtitle(node)}`;
}

/**
 * The trace-level overview as a Mermaid `flowchart LR`: one node per trace (`t0`, `t1`, ...),
 * placeholder traces red and dashed, one `-.->|"3 links"|` edge per linked pair of traces (red
 * when any of its links is broken, its label saying how many), and notes as in `toMermaid` (a
 * note on a span joined to its trace's node).
 * @example toTraceMermaid({ nodes, edges }, notes)
 */
export function toTraceMermaid(overview: OverviewDrawing, notes: readonly Note[] = []): string {
  const lines = ['flowchart LR', `  classDef missing ${MISSING_STYLE}`];
  const ids = new Map<string, string>();
  for (const node of overview.nodes) {
    if (ids.has(node.traceId)) continue;
    const id = `t${ids.size}`;
    ids.set(node.traceId, id);
    lines.push(`  ${id}["${escapeMermaid(overviewLabel(node))}"]${node.placeholder ? ':::missing' : ''}`);
  }
  let edgeCount = 0;
  const broken: number[] = [];
  for (const e of overview.edges) {
    const from = ids.get(e.from);
    const to = ids.get(e.to);
    if (from === undefined || to === undefined || e.count <= 0) continue;
    lines.push(`  ${from} -.->|"${escapeMermaid(overviewEdgeLabel(e.count, e.broken))}"| ${to}`);
    if (e.broken > 0) broken.push(edgeCount);
    edgeCount++;
  }
  if (broken.length > 0) lines.push(`  linkStyle ${broken.join(',')} ${BROKEN_EDGE_STYLE}`);
  const targets = new Map<string, string>();
  for (const [traceId, id] of ids) targets.set(traceNoteTarget(traceId), id);
  const onTraces = notes.map((note) => {
    if (note.target.startsWith('trace:')) return note;
    const slash = note.target.lastIndexOf('/');
    return { ...note, target: traceNoteTarget(slash < 0 ? note.target : note.target.slice(0, slash)) };
  });
  lines.push(...noteLines(onTraces, targets, edgeCount));
  return `${lines.join('\n')}\n`;
}
