/**
 * Data derived from an analysis, computed on demand and cached per analysis object (a new one
 * on every change, and on every new slice, so identity is a safe cache key).
 */
import type { Diagnostic, LinkEdge, LinkGraph, Severity, SpanKey, TraceId } from '../../core';
import { loadedTraceOf, spanKey } from '../../core';
import type { AnalysisPayload } from '../worker/protocol';
import { ColumnSpans } from '../worker/wire-spans';

export interface LinkIndex {
  /** Links held by a span (edges whose `to` is the span), in link order. */
  readonly outgoing: ReadonlyMap<SpanKey, readonly LinkEdge[]>;
  /** Links pointing at a span or placeholder (edges whose `from` is it): its backlinks. */
  readonly incoming: ReadonlyMap<SpanKey, readonly LinkEdge[]>;
}

function cached<T>(compute: (a: AnalysisPayload) => T): (a: AnalysisPayload) => T {
  const cache = new WeakMap<AnalysisPayload, T>();
  return (a) => {
    let value = cache.get(a);
    if (value === undefined) {
      value = compute(a);
      cache.set(a, value);
    }
    return value;
  };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export const linkIndex = cached((a): LinkIndex => {
  const outgoing = new Map<SpanKey, LinkEdge[]>();
  const incoming = new Map<SpanKey, LinkEdge[]>();
  for (const edge of a.graph.linkEdges) {
    push(outgoing, edge.to, edge);
    push(incoming, edge.from, edge);
  }
  for (const list of outgoing.values()) list.sort((x, y) => x.linkIndex - y.linkIndex);
  return { outgoing, incoming };
});

/** The span a diagnostic concerns, when it names one. */
export function diagnosticKey(d: Diagnostic): SpanKey | undefined {
  return d.traceId !== undefined && d.spanId !== undefined ? spanKey(d.traceId, d.spanId) : undefined;
}

/** Span keys with at least one diagnostic, and the most severe one. */
export const problemSpans = cached((a): ReadonlyMap<SpanKey, Severity> => {
  const rank: Record<Severity, number> = { error: 3, warning: 2, info: 1 };
  const out = new Map<SpanKey, Severity>();
  for (const d of a.diagnostics) {
    const key = diagnosticKey(d);
    if (key === undefined) continue;
    const had = out.get(key);
    if (had === undefined || rank[d.severity] > rank[had]) out.set(key, d.severity);
  }
  return out;
});

/**
 * Traces with a problem: a diagnostic of warning or error on one of their spans, a placeholder
 * inside them, or a link from them to a placeholder. Info-level notes (an orphan span, a
 * duplicate link) alone do not count. Over the whole graph: the worker runs it and sends the list.
 */
export function problemTracesOf(graph: LinkGraph, diagnostics: readonly Diagnostic[]): TraceId[] {
  const out = new Set<TraceId>();
  for (const d of diagnostics) {
    if (d.traceId !== undefined && d.severity !== 'info') out.add(d.traceId);
  }
  for (const trace of graph.traces.values()) {
    if (trace.placeholders.length > 0) out.add(trace.traceId);
  }
  for (const edge of graph.linkEdges) {
    if (edge.status === 'ok') continue;
    const holder = loadedTraceOf(graph, edge.to);
    if (holder !== undefined) out.add(holder);
  }
  return [...out];
}

/** The analysis's problem traces (problemTracesOf, as the worker sent them), as a set. */
export const problemTraces = cached((a): ReadonlySet<TraceId> => new Set(a.problemTraces));

/** Every trace of the analysis (loaded and placeholder boxes), from the overview. */
export const overviewTraces = cached((a): ReadonlySet<TraceId> => new Set(a.overview.graph.nodes.map((n) => n.traceId)));

/**
 * The trace a span or placeholder key belongs to, when the analysis has it. A key is
 * `traceId/spanId`, and a malformed id may hold a `/`, so each split is tried.
 */
export function traceOfKey(a: AnalysisPayload, key: SpanKey): TraceId | undefined {
  const known = loadedTraceOf(a.graph, key);
  if (known !== undefined) return known;
  const traces = overviewTraces(a);
  for (let i = key.indexOf('/'); i >= 0; i = key.indexOf('/', i + 1)) {
    const id = key.slice(0, i) as TraceId;
    if (traces.has(id)) return id;
  }
  return undefined;
}

export interface DiagnosticGroup {
  readonly severity: Severity;
  readonly code: string;
  readonly items: readonly Diagnostic[];
}

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** Diagnostics grouped by severity (errors first), then by code in order of first appearance. */
export const diagnosticGroups = cached((a): readonly DiagnosticGroup[] => {
  const groups: DiagnosticGroup[] = [];
  for (const severity of SEVERITIES) {
    const byCode = new Map<string, Diagnostic[]>();
    for (const d of a.diagnostics) if (d.severity === severity) push(byCode, d.code, d);
    for (const [code, items] of byCode) groups.push({ severity, code, items });
  }
  return groups;
});

/**
 * Spans and placeholders of the slice on the main thread matching a search (the marks drawn):
 * a case-insensitive substring of the span name or service, or of the trace or span id. An
 * empty query matches nothing (no highlighting). The count and "go to" ask the worker, which
 * searches the whole model the same way (worker/search.ts).
 */
export function searchMatches(a: AnalysisPayload | null, query: string): ReadonlySet<SpanKey> {
  const q = query.trim().toLowerCase();
  const out = new Set<SpanKey>();
  if (a === null || q === '') return out;
  // A large slice's spans are columns: matched there, without making 100,000 span objects.
  if (a.graph.spans instanceof ColumnSpans) {
    for (const key of a.graph.spans.matching(q)) out.add(key);
  } else {
    for (const [key, span] of a.graph.spans) {
      const hit = span.name.toLowerCase().includes(q) || span.service.toLowerCase().includes(q) || span.traceId.includes(q) || span.spanId.includes(q);
      if (hit) out.add(key);
    }
  }
  for (const [key, p] of a.graph.placeholders) {
    if (p.traceId.includes(q) || p.spanId.includes(q)) out.add(key);
  }
  return out;
}

/** Per overview (the same across an analysis's slices): each trace's neighbourhood, and each trace alone. */
type TraceSets = { readonly around: Map<TraceId, ReadonlySet<TraceId>>; readonly alone: Map<TraceId, ReadonlySet<TraceId>> };
const neighbourhoods = new WeakMap<AnalysisPayload['overview'], TraceSets>();

function neighbourhoodsOf(a: AnalysisPayload): TraceSets {
  let sets = neighbourhoods.get(a.overview);
  if (sets === undefined) neighbourhoods.set(a.overview, (sets = { around: new Map(), alone: new Map() }));
  return sets;
}

/**
 * Traces linked to or from a trace (and the trace itself): what opening it from the overview
 * draws. The same set each time for the same overview, so what is cached on the traces drawn
 * (drawn-view.ts: a 50,000-span trace's collapse plan, 60 ms) is found again by the canvas, its
 * notice and the worker client's preparation, and across the slices of one analysis.
 */
export function traceNeighbourhood(a: AnalysisPayload, traceId: TraceId): ReadonlySet<TraceId> {
  const around = neighbourhoodsOf(a).around;
  let out = around.get(traceId);
  if (out === undefined) {
    const set = new Set<TraceId>([traceId]);
    for (const e of a.overview.graph.edges) {
      if (e.from === traceId) set.add(e.to);
      else if (e.to === traceId) set.add(e.from);
    }
    around.set(traceId, (out = set));
  }
  return out;
}

/** The set of one trace, the same each time for the same overview (as traceNeighbourhood). */
export function traceAlone(a: AnalysisPayload, traceId: TraceId): ReadonlySet<TraceId> {
  const alone = neighbourhoodsOf(a).alone;
  let out = alone.get(traceId);
  if (out === undefined) alone.set(traceId, (out = new Set([traceId])));
  return out;
}
