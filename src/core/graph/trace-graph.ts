/**
 * The trace-level overview of a link graph: one node per trace box (loaded or placeholder), one
 * edge per distinct ordered pair of traces that links join, with how many link records the pair
 * has and how many of them are broken. This is what a view shows when there are too many spans
 * to draw, and what tells which traces feed which.
 */
import type { TraceId } from '../ids';
import type { Diagnostic } from '../diagnostics/types';
import { isInvalidTarget } from './build-graph';
import { briefOf, loadedTraceOf } from './span-lookup';
import type { LinkGraph } from './types';

export interface TraceSummary {
  readonly traceId: TraceId;
  /** The root span's name; `missing trace` / `malformed link target` for a placeholder trace. */
  readonly title: string;
  /** The root span's service (else the trace's first service); '' for a placeholder trace. */
  readonly service: string;
  /** Loaded spans (0 for a placeholder trace). */
  readonly spanCount: number;
  /**
   * Diagnostics of severity error or warning on the trace's spans, plus its placeholders (a
   * missing span inside it, or every target of a missing trace). Info-level notes do not count,
   * as in the app's problem traces.
   */
  readonly problemCount: number;
  /** True when no span of the trace is loaded: it exists only as link targets. */
  readonly placeholder: boolean;
  readonly startUs?: number;
  /** Link records whose target and holder are both in this trace (no TraceEdge for them). */
  readonly internalLinks: number;
  /** Set on a stack of alike traces (trace-stacks.ts): how many it stands for; counts are their sums. */
  readonly stackSize?: number;
}

/** Link records from one trace to another, in the causal direction of link edges. */
export interface TraceEdge {
  /** The linked (referenced) trace. */
  readonly from: TraceId;
  /** The trace of the spans that hold the links. */
  readonly to: TraceId;
  /** Link records between the two, in this direction. */
  readonly count: number;
  /** Those of them whose status is not `ok`. */
  readonly broken: number;
}

export interface TraceGraph {
  /** One per trace of the graph, in the graph's order (loaded traces, then placeholder boxes). */
  readonly nodes: TraceSummary[];
  /** One per distinct ordered pair, in the order of the pair's first link record. */
  readonly edges: TraceEdge[];
}

interface EdgeBuilder {
  from: TraceId;
  to: TraceId;
  count: number;
  broken: number;
}

/**
 * Trace boxes and the links between them. Linear in traces + links + diagnostics: the pair of a
 * link is keyed by a number (`from * traces + to`, exact below 2^53), so no string is built per link.
 * @example const { edges } = traceGraph(graph, diagnostics); edges.filter((e) => e.broken > 0)
 */
export function traceGraph(graph: LinkGraph, diagnostics: readonly Diagnostic[]): TraceGraph {
  const n = graph.traces.size;
  const ids: TraceId[] = new Array<TraceId>(n);
  const index = new Map<TraceId, number>();
  let i = 0;
  graph.traces.forEach((_, traceId) => {
    ids[i] = traceId;
    index.set(traceId, i++);
  });

  const problems = new Array<number>(n).fill(0);
  for (let k = 0; k < diagnostics.length; k++) {
    const d = diagnostics[k]!;
    if (d.severity === 'info' || d.traceId === undefined) continue;
    const t = index.get(d.traceId);
    if (t !== undefined) problems[t]!++;
  }

  const internal = new Array<number>(n).fill(0);
  const pairs = new Map<number, EdgeBuilder>();
  const edges: EdgeBuilder[] = [];
  const links = graph.linkEdges;
  // A span's link records are consecutive: look its trace up once per holder.
  let lastHolder: string | undefined;
  let holderTrace: number | undefined;
  for (let k = 0; k < links.length; k++) {
    const link = links[k]!;
    if (link.to !== lastHolder) {
      lastHolder = link.to;
      const holder = loadedTraceOf(graph, link.to);
      holderTrace = holder === undefined ? undefined : index.get(holder);
    }
    if (holderTrace === undefined) continue;
    const target = loadedTraceOf(graph, link.from);
    const from = target === undefined ? undefined : index.get(target);
    if (from === undefined) continue;
    if (from === holderTrace) {
      internal[from]!++;
      continue;
    }
    const pair = from * n + holderTrace;
    let edge = pairs.get(pair);
    if (edge === undefined) {
      edge = { from: ids[from]!, to: ids[holderTrace]!, count: 0, broken: 0 };
      pairs.set(pair, edge);
      edges.push(edge);
    }
    edge.count++;
    if (link.status !== 'ok') edge.broken++;
  }

  const nodes: TraceSummary[] = new Array<TraceSummary>(n);
  i = 0;
  graph.traces.forEach((trace) => {
    const root = trace.root === undefined ? undefined : briefOf(graph, trace.root);
    const title = trace.placeholder
      ? isInvalidTarget(trace.traceId)
        ? 'malformed link target'
        : 'missing trace'
      : (root?.name ?? '(no root span)');
    nodes[i] = {
      traceId: trace.traceId,
      title,
      service: trace.placeholder ? '' : (root?.service ?? trace.services[0] ?? ''),
      spanCount: trace.spans.length,
      problemCount: problems[i]! + trace.placeholders.length,
      placeholder: trace.placeholder,
      ...(trace.startUs === undefined ? {} : { startUs: trace.startUs }),
      internalLinks: internal[i]!,
    };
    i++;
  });
  return { nodes, edges };
}
