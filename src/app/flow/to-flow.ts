/**
 * Converts the core's graph and layout into React Flow nodes and edges. Pure: selection, hover and
 * search marks are not baked in here, each node reads them from the store, so selecting does not
 * rebuild thousands of objects.
 *
 * Made on demand (`FlowIndex`): the index notes, in typed arrays, where each node is and which
 * two nodes each edge joins; a node or edge object is made the first time the canvas asks for it
 * and kept, so it is the same object the next time. Past the node budget the canvas asks only for
 * the region around the viewport (viewport-region.ts): showing all 50,070 spans of a large trace
 * made 50k nodes and 100k edges up front, one main-thread task of 245-350 ms, where the region
 * needs a few hundred of each.
 */
import type { Attribute, GraphLayout, LinkGraph, LinkStatus, SpanKey, TraceId } from '../../core';
import { formatAttrValue, isInvalidTarget, SPAN_NODE_HEIGHT, SPAN_NODE_WIDTH } from '../../core';
import { displayTraceId } from '../../core/format';
import { serviceColour } from '../styles/palette';
import type { NodeHandle } from '@xyflow/react';
import { compactLayout } from '../../core/layout/compact-layout';
import type { CollapsedBox, CollapsedLayout, HiddenGroup } from '../../core/layout/collapse';
import { boxPlace, sidesFor, SPAN_HANDLES, traceNodeId, type FlowElements } from './flow-parts';
import type { AppEdge, AppNode, HiddenSpansNode, LinkEdgeData, PlaceholderFlowNode, SpanFlowNode, TraceBoxNode } from './flow-types';
import type { FlowSource, Placed, Region } from './viewport-region';

const W = SPAN_NODE_WIDTH;
const H = SPAN_NODE_HEIGHT;
const SPAN_MEASURED = { width: W, height: H };

export interface FlowOptions {
  /** When set, only these traces are drawn, packed together (compactLayout). */
  readonly visibleTraces?: ReadonlySet<TraceId>;
  /** Traces marked as having problems (their box gets a red accent). */
  readonly problemTraces?: ReadonlySet<TraceId>;
  /** Large traces the user expanded (their box offers to collapse them again). */
  readonly expandedLarge?: ReadonlySet<TraceId>;
}

/** What a span-sized node is. */
const SPAN = 0;
const PLACEHOLDER = 1;
const HIDDEN = 2;
/** What an edge is: a hidden-span node's tie to its parent, a parent edge, a link. */
const TO_HIDDEN = 0;
const PARENT = 1;
const LINK = 2;

function linkLabels(status: LinkStatus, attributes: readonly Attribute[]): LinkEdgeData {
  const parts = attributes.map((a) => `${a.key}: ${formatAttrValue(a.value)}`);
  const first = parts[0] ?? '';
  const short = parts.length > 1 ? `${first} +${parts.length - 1}` : first;
  return { status, label: parts.join(', '), short };
}

/** A span-sized node at (x, y) in trace box `parentId`: a span, a placeholder, or "N hidden spans". */
function inBox<N extends SpanFlowNode | PlaceholderFlowNode | HiddenSpansNode>(id: string, type: N['type'], data: N['data'], parentId: string, x: number, y: number): N {
  return {
    id,
    type,
    parentId,
    position: { x, y },
    width: W,
    height: H,
    measured: SPAN_MEASURED,
    handles: SPAN_HANDLES as NodeHandle[],
    draggable: false,
    data,
  } as N;
}

function boxNode(box: CollapsedBox, graph: LinkGraph, options: FlowOptions): TraceBoxNode {
  const trace = graph.traces.get(box.traceId);
  const root = trace?.root === undefined ? undefined : graph.spans.get(trace.root);
  const placeholderBox = trace?.placeholder ?? false;
  return {
    id: traceNodeId(box.traceId),
    type: 'trace',
    ...boxPlace(box),
    handles: [],
    selectable: false,
    draggable: false,
    data: {
      traceId: box.traceId,
      title: placeholderBox ? (isInvalidTarget(box.traceId) ? 'malformed link target' : 'missing trace') : (root?.name ?? '(no root span)'),
      service: placeholderBox ? '' : (root?.service ?? trace?.services[0] ?? ''),
      shortId: displayTraceId(box.traceId),
      placeholder: placeholderBox,
      spanCount: trace?.spans.length ?? 0,
      problem: options.problemTraces?.has(box.traceId) ?? false,
      collapse: box.collapse ? { level: box.collapse.level, shown: box.collapse.shown, total: box.collapse.total } : null,
      expanded: options.expandedLarge?.has(box.traceId) ?? false,
    },
  };
}

/**
 * The span level's elements, indexed (see the top). Boxes are made up front (one per trace
 * drawn); spans, placeholders, hidden-span nodes and edges when first asked for.
 */
export class FlowIndex implements FlowSource {
  readonly layout: CollapsedLayout;
  readonly boxes: TraceBoxNode[] = [];
  readonly nodeCount: number;
  readonly edgeCount: number;
  readonly hasLinks: boolean;
  /** Span-sized nodes by index, those of one box together and in layout order. */
  private readonly ids: string[] = [];
  private readonly boxOf: Int32Array;
  /** Top-left corner inside the box. */
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  private readonly kinds: Uint8Array;
  private readonly groups = new Map<number, HiddenGroup>();
  /** The first node of box b is `firstOf[b]`; its last is before `firstOf[b + 1]`. */
  private readonly firstOf: Int32Array;
  private readonly indexOf = new Map<string, number>();
  /** Edge j joins node `from[j]` to node `to[j]`; `refs[j]` is a parent or link edge's place in the graph's list. */
  private readonly from: Int32Array;
  private readonly to: Int32Array;
  private readonly edgeKinds: Uint8Array;
  private readonly refs: Int32Array;
  private readonly nodesMade: (AppNode | undefined)[];
  private readonly edgesMade: (AppEdge | undefined)[];
  private everything: { nodes: AppNode[]; edges: AppEdge[] } | undefined;

  constructor(
    private readonly graph: LinkGraph,
    fullLayout: CollapsedLayout | GraphLayout,
    options: FlowOptions = {},
  ) {
    const layout: CollapsedLayout = options.visibleTraces ? compactLayout(fullLayout, options.visibleTraces) : fullLayout;
    this.layout = layout;
    let most = 0;
    for (const box of layout.traces) most += box.nodes.length + (box.hidden?.length ?? 0);
    this.boxOf = new Int32Array(most);
    this.xs = new Float64Array(most);
    this.ys = new Float64Array(most);
    this.kinds = new Uint8Array(most);
    this.firstOf = new Int32Array(layout.traces.length + 1);
    const edgesAtMost = most + graph.parentEdges.length + graph.linkEdges.length;
    this.from = new Int32Array(edgesAtMost);
    this.to = new Int32Array(edgesAtMost);
    this.edgeKinds = new Uint8Array(edgesAtMost);
    this.refs = new Int32Array(edgesAtMost);
    let n = 0;
    let e = 0;
    const add = (key: string, b: number, x: number, y: number, kind: number): number => {
      this.ids.push(key);
      this.boxOf[n] = b;
      this.xs[n] = x;
      this.ys[n] = y;
      this.kinds[n] = kind;
      this.indexOf.set(key, n);
      return n++;
    };
    const join = (a: number, b: number, kind: number, ref: number): void => {
      this.from[e] = a;
      this.to[e] = b;
      this.edgeKinds[e] = kind;
      this.refs[e] = ref;
      e++;
    };
    for (let b = 0; b < layout.traces.length; b++) {
      const box = layout.traces[b]!;
      this.boxes.push(boxNode(box, graph, options));
      this.firstOf[b] = n;
      // A box's nodes are its trace's spans and placeholders (the layout is of this graph): asking
      // the span Map about each of 100,000 was 25-45 ms of Show all on such a trace.
      for (const pos of box.nodes) add(pos.key, b, pos.x, pos.y, graph.placeholders.has(pos.key) ? PLACEHOLDER : SPAN);
      for (const h of box.hidden ?? []) {
        const i = add(h.id, b, h.x, h.y, HIDDEN);
        this.groups.set(i, h);
        const parent = h.parent === null ? undefined : this.indexOf.get(h.parent);
        if (parent !== undefined) join(parent, i, TO_HIDDEN, -1);
      }
    }
    this.firstOf[layout.traces.length] = n;
    const { parentEdges, linkEdges } = graph;
    for (let k = 0; k < parentEdges.length; k++) {
      const a = this.indexOf.get(parentEdges[k]!.parent);
      const c = a === undefined ? undefined : this.indexOf.get(parentEdges[k]!.child);
      if (c !== undefined) join(a!, c, PARENT, k);
    }
    const beforeLinks = e;
    for (let k = 0; k < linkEdges.length; k++) {
      const a = this.indexOf.get(linkEdges[k]!.from);
      const c = a === undefined ? undefined : this.indexOf.get(linkEdges[k]!.to);
      if (c !== undefined) join(a!, c, LINK, k);
    }
    this.hasLinks = e > beforeLinks;
    this.nodeCount = this.boxes.length + n;
    this.edgeCount = e;
    this.nodesMade = new Array<AppNode | undefined>(n);
    this.edgesMade = new Array<AppEdge | undefined>(e);
  }

  /** Every node (each box before its spans) and every edge: made once, the same object after. */
  all(): { nodes: AppNode[]; edges: AppEdge[] } {
    if (this.everything !== undefined) return this.everything;
    const nodes: AppNode[] = [];
    for (let b = 0; b < this.boxes.length; b++) {
      nodes.push(this.boxes[b]!);
      for (let i = this.firstOf[b]!; i < this.firstOf[b + 1]!; i++) nodes.push(this.node(i));
    }
    const edges: AppEdge[] = [];
    for (let j = 0; j < this.edgeCount; j++) edges.push(this.edge(j));
    this.everything = { nodes, edges };
    return this.everything;
  }

  /**
   * What meets `region`: every box, the nodes whose cell meets it and, with `withEdges`, the
   * edges that touch one of those nodes and their far ends. Null (not measured yet): the boxes.
   */
  inRegion(region: Region | null, withEdges: boolean): { nodes: AppNode[]; edges: AppEdge[] } {
    if (region === null) return { nodes: [...this.boxes], edges: [] };
    const { x0, y0, x1, y1 } = region;
    /** 1: meets the region; 2: the far end of an edge that does. */
    const keep = new Uint8Array(this.ids.length);
    for (let b = 0; b < this.boxes.length; b++) {
      const box = this.boxes[b]!;
      const bx = box.position.x;
      const by = box.position.y;
      // A box holds its nodes: one that misses the region holds none that meets it.
      if (bx + box.width! < x0 || bx > x1 || by + box.height! < y0 || by > y1) continue;
      for (let i = this.firstOf[b]!; i < this.firstOf[b + 1]!; i++) {
        const x = bx + this.xs[i]!;
        const y = by + this.ys[i]!;
        if (x + W >= x0 && x <= x1 && y + H >= y0 && y <= y1) keep[i] = 1;
      }
    }
    const edges: AppEdge[] = [];
    if (withEdges) {
      for (let j = 0; j < this.edgeCount; j++) {
        const a = this.from[j]!;
        const c = this.to[j]!;
        const s = keep[a] === 1;
        const t = keep[c] === 1;
        if (!s && !t) continue;
        edges.push(this.edge(j));
        if (!s) keep[a] = 2;
        if (!t) keep[c] = 2;
      }
    }
    const nodes: AppNode[] = [];
    for (let b = 0; b < this.boxes.length; b++) {
      nodes.push(this.boxes[b]!);
      for (let i = this.firstOf[b]!; i < this.firstOf[b + 1]!; i++) if (keep[i] !== 0) nodes.push(this.node(i));
    }
    return { nodes, edges };
  }

  /** Where node `id` is drawn, absolute: a box, or a node in one. */
  locate(id: string): Placed | null {
    const i = this.indexOf.get(id);
    if (i === undefined) {
      const box = this.boxes.find((n) => n.id === id);
      return box === undefined ? null : { x: box.position.x, y: box.position.y, w: box.width ?? 0, h: box.height ?? 0 };
    }
    const box = this.boxes[this.boxOf[i]!]!;
    return { x: box.position.x + this.xs[i]!, y: box.position.y + this.ys[i]!, w: W, h: H };
  }

  private node(i: number): AppNode {
    const made = this.nodesMade[i];
    if (made !== undefined) return made;
    const id = this.ids[i]!;
    const boxId = this.boxes[this.boxOf[i]!]!.id;
    const x = this.xs[i]!;
    const y = this.ys[i]!;
    const kind = this.kinds[i];
    let node: AppNode;
    const span = kind === SPAN ? this.graph.spans.get(id as SpanKey) : undefined;
    if (span !== undefined) {
      // The duration is written by the node when it is drawn (only what is in view is).
      const data = { key: id as SpanKey, name: span.name, service: span.service, colour: serviceColour(span.service), durationUs: span.durationUs, status: span.status, kind: span.kind };
      node = inBox<SpanFlowNode>(id, 'span', data, boxId, x, y);
    } else if (kind !== HIDDEN) {
      // A placeholder; or, were a layout ever to name a span its graph lacks, that span as missing.
      const placeholder = this.graph.placeholders.get(id as SpanKey);
      const data = { key: id as SpanKey, spanId: placeholder?.spanId ?? id.slice(id.lastIndexOf('/') + 1), reason: placeholder?.reason ?? ('missing-span' as const) };
      node = inBox<PlaceholderFlowNode>(id, 'placeholder', data, boxId, x, y);
    } else {
      const h = this.groups.get(i)!;
      node = inBox<HiddenSpansNode>(id, 'hidden', { traceId: h.traceId, count: h.count }, boxId, x, y);
    }
    this.nodesMade[i] = node;
    return node;
  }

  /** The centre of node `i`, absolute. */
  private centre(i: number): { x: number; y: number } {
    const at = this.boxes[this.boxOf[i]!]!.position;
    return { x: at.x + this.xs[i]! + W / 2, y: at.y + this.ys[i]! + H / 2 };
  }

  private edge(j: number): AppEdge {
    const made = this.edgesMade[j];
    if (made !== undefined) return made;
    const a = this.from[j]!;
    const c = this.to[j]!;
    const sides = sidesFor(this.centre(a), this.centre(c));
    const handles = { source: this.ids[a]!, target: this.ids[c]!, sourceHandle: `s-${sides.source}`, targetHandle: `t-${sides.target}`, selectable: false };
    const kind = this.edgeKinds[j];
    let edge: AppEdge;
    if (kind === TO_HIDDEN) {
      edge = { id: `${this.ids[c]!}:edge`, type: 'parent', ...handles, className: 'edge-parent edge-hidden', data: {} };
    } else if (kind === PARENT) {
      edge = { id: this.graph.parentEdges[this.refs[j]!]!.id, type: 'parent', ...handles, className: 'edge-parent', data: {} };
    } else {
      const link = this.graph.linkEdges[this.refs[j]!]!;
      // Links cross trace boxes: keep them above every box and node.
      edge = { id: link.id, type: 'link', ...handles, className: link.status === 'ok' ? 'edge-link' : 'edge-link edge-broken', zIndex: 1000, data: linkLabels(link.status, link.attributes) };
    }
    this.edgesMade[j] = edge;
    return edge;
  }
}

/**
 * Every node and edge at once (the tests and the app bench; the canvas asks a FlowIndex).
 * @param fullLayout the layout to draw; a collapsed one (drawn-view.ts) also draws each
 *   collapsed box's "N hidden spans" nodes, tied to their parent span by a parent edge
 */
export function toFlow(graph: LinkGraph, fullLayout: CollapsedLayout | GraphLayout, options: FlowOptions = {}): FlowElements {
  const index = new FlowIndex(graph, fullLayout, options);
  return { ...index.all(), layout: index.layout };
}
