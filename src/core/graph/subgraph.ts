/**
 * A link graph cut down to some traces: what a view of those traces draws, and what the app's
 * main thread receives instead of the whole graph. Pure; new Maps, so the result is plain
 * structured-cloneable data whatever map type the full graph uses.
 */
import type { SpanKey, TraceId } from '../ids';
import type { Span } from '../model/span';
import type { GraphLayout } from '../layout/types';
import type { LinkEdge, LinkGraph, ParentEdge, Placeholder, TraceNode } from './types';

/**
 * The traces' boxes, spans, placeholders and parent edges, and every link edge with an end in
 * them. The span or placeholder at the far end of such a link is included too (in `spans` /
 * `placeholders`, not in `traces`), so a span's links and backlinks can be named; nothing draws
 * it, since drawing goes by trace box. Linear in the graph's edges.
 * @example subgraph(graph, new Set([traceId])).spans.size // that trace's spans, plus its links' ends
 */
export function subgraph(graph: LinkGraph, traces: ReadonlySet<TraceId>): LinkGraph {
  const traceNodes = new Map<TraceId, TraceNode>();
  const spans = new Map<SpanKey, Span>();
  const placeholders = new Map<SpanKey, Placeholder>();
  for (const id of traces) {
    const trace = graph.traces.get(id);
    if (trace === undefined) continue;
    traceNodes.set(id, trace);
    for (const key of trace.spans) {
      const span = graph.spans.get(key);
      if (span !== undefined) spans.set(key, span);
    }
    for (const key of trace.placeholders) {
      const p = graph.placeholders.get(key);
      if (p !== undefined) placeholders.set(key, p);
    }
  }
  const parentEdges: ParentEdge[] = [];
  for (const e of graph.parentEdges) if (spans.has(e.child)) parentEdges.push(e);
  const inside = (key: SpanKey) => spans.has(key) || placeholders.has(key);
  const linkEdges: LinkEdge[] = [];
  const ends: SpanKey[] = [];
  for (const e of graph.linkEdges) {
    const to = inside(e.to);
    const from = inside(e.from);
    if (!to && !from) continue;
    linkEdges.push(e);
    ends.push(to ? e.from : e.to);
  }
  for (const key of ends) {
    if (spans.has(key) || placeholders.has(key)) continue;
    const span = graph.spans.get(key);
    if (span !== undefined) spans.set(key, span);
    else {
      const p = graph.placeholders.get(key);
      if (p !== undefined) placeholders.set(key, p);
    }
  }
  return { spans, traces: traceNodes, parentEdges, linkEdges, placeholders };
}

/** The layout's boxes of these traces, at their positions in the full layout (same width and height). */
export function sublayout(layout: GraphLayout, traces: ReadonlySet<TraceId>): GraphLayout {
  return { traces: layout.traces.filter((b) => traces.has(b.traceId)), width: layout.width, height: layout.height };
}
