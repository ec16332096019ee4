/**
 * Causal order of traces (DIAGNOSTICS.md "Graph view"): a trace that is linked to stands left of
 * the traces that link to it, then earlier traces first.
 *
 * How:
 * 1. A trace-level graph: one edge per distinct (target trace -> holder trace) pair, the
 *    direction of link edges. Links inside one trace add no edge.
 * 2. Cycles (A links B and B links A) are collapsed into strongly connected components
 *    (iterative Tarjan); inside a component traces go by start time, then id. That is the
 *    deterministic cycle break: the edges that point backwards in that order are ignored.
 * 3. The components are sorted topologically (Kahn), always taking the ready component with
 *    the earliest start, so unrelated traces keep their start-time order.
 * 4. Placeholder traces (only link targets, no loaded span) are left out of steps 1-3 and put
 *    right before the first trace that links to them: next to what links to them, and still
 *    left of every trace that does.
 */
import type { SpanKey, TraceId } from '../ids';
import { loadedTraceOf } from '../graph/span-lookup';
import type { LinkGraph } from '../graph/types';
import { MinHeap, stronglyConnected } from './graph-algorithms';

export interface CausalOrder {
  /** Every trace of the graph, left to right. */
  readonly order: TraceId[];
  /**
   * Causal rank (column) per trace: 0 for traces that link to nothing loaded, else one more
   * than the highest-ranked trace they link to (cycle members share a rank). A placeholder
   * trace ranks one less than the lowest trace linking to it.
   */
  readonly rank: Map<TraceId, number>;
  /** Distinct trace pairs with links, `from` (linked) -> `to` (holder), `from` before `to` in `order`. */
  readonly edges: { readonly from: TraceId; readonly to: TraceId }[];
}

/** @example orderTraces(graph)[0] is a trace that links to no other loaded trace. */
export function orderTraces(graph: LinkGraph): TraceId[] {
  return causalOrder(graph).order;
}

export function causalOrder(graph: LinkGraph): CausalOrder {
  const ids: TraceId[] = [...graph.traces.keys()];
  const idx = new Map<TraceId, number>();
  ids.forEach((id, i) => idx.set(id, i));
  const n = ids.length;
  const start = ids.map((id) => graph.traces.get(id)!.startUs ?? Number.POSITIVE_INFINITY);
  const isPlaceholder = ids.map((id) => graph.traces.get(id)!.placeholder);
  const earlier = (a: number, b: number) =>
    start[a]! - start[b]! || (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0);

  const traceOf = (key: SpanKey): number | undefined => {
    const t = loadedTraceOf(graph, key);
    return t === undefined ? undefined : idx.get(t);
  };

  // Distinct trace pairs; successor lists exclude placeholders (handled in step 4).
  const pairs = new Set<string>();
  const succ: number[][] = Array.from({ length: n }, () => []);
  const holdersOf = new Map<number, number[]>(); // placeholder trace -> traces linking to it
  for (const e of graph.linkEdges) {
    const from = traceOf(e.from);
    const to = traceOf(e.to);
    if (from === undefined || to === undefined || from === to) continue;
    const pair = `${from}>${to}`;
    if (pairs.has(pair)) continue;
    pairs.add(pair);
    if (isPlaceholder[from]) {
      const list = holdersOf.get(from);
      if (list) list.push(to);
      else holdersOf.set(from, [to]);
    } else if (!isPlaceholder[to]) succ[from]!.push(to);
  }

  const real: number[] = [];
  for (let i = 0; i < n; i++) if (!isPlaceholder[i]) real.push(i);
  const comp = stronglyConnected(n, real, succ);

  // Components: members by start, key = earliest member, then Kahn by that key.
  const members = new Map<number, number[]>();
  for (const i of real) {
    const c = comp[i]!;
    const list = members.get(c);
    if (list) list.push(i);
    else members.set(c, [i]);
  }
  for (const list of members.values()) list.sort(earlier);
  const indeg = new Map<number, number>();
  const compSucc = new Map<number, Set<number>>();
  for (const c of members.keys()) {
    indeg.set(c, 0);
    compSucc.set(c, new Set());
  }
  for (const i of real) {
    for (const j of succ[i]!) {
      const a = comp[i]!;
      const b = comp[j]!;
      if (a === b || compSucc.get(a)!.has(b)) continue;
      compSucc.get(a)!.add(b);
      indeg.set(b, indeg.get(b)! + 1);
    }
  }
  const lead = (c: number) => members.get(c)![0]!;
  const ready = new MinHeap<number>((a, b) => earlier(lead(a), lead(b)));
  for (const [c, d] of indeg) if (d === 0) ready.push(c);
  const rankOfComp = new Map<number, number>();
  for (const c of members.keys()) rankOfComp.set(c, 0);
  // A trace linking to a placeholder needs a column left of it for the placeholder box.
  for (const holders of holdersOf.values()) for (const h of holders) if (!isPlaceholder[h]) rankOfComp.set(comp[h]!, 1);

  const realOrder: number[] = [];
  while (ready.size > 0) {
    const c = ready.pop()!;
    realOrder.push(...members.get(c)!);
    for (const d of compSucc.get(c)!) {
      rankOfComp.set(d, Math.max(rankOfComp.get(d)!, rankOfComp.get(c)! + 1));
      const left = indeg.get(d)! - 1;
      indeg.set(d, left);
      if (left === 0) ready.push(d);
    }
  }

  // Step 4: each placeholder goes right before its first holder in the order.
  const position = new Map<number, number>();
  realOrder.forEach((t, k) => position.set(t, k));
  const before = new Map<number, number[]>(); // position -> placeholders to insert there
  const trailing: number[] = [];
  const rank = new Map<TraceId, number>();
  for (let i = 0; i < n; i++) {
    if (!isPlaceholder[i]) continue;
    const holders = (holdersOf.get(i) ?? []).filter((h) => position.has(h));
    if (holders.length === 0) {
      trailing.push(i);
      rank.set(ids[i]!, 0);
      continue;
    }
    let first = holders[0]!;
    let low = Number.POSITIVE_INFINITY;
    for (const h of holders) {
      if (position.get(h)! < position.get(first)!) first = h;
      low = Math.min(low, rankOfComp.get(comp[h]!)!);
    }
    rank.set(ids[i]!, Math.max(0, low - 1));
    const at = position.get(first)!;
    const list = before.get(at);
    if (list) list.push(i);
    else before.set(at, [i]);
  }
  const order: TraceId[] = [];
  realOrder.forEach((t, k) => {
    const ph = before.get(k);
    if (ph) for (const p of ph.sort((a, b) => (ids[a]! < ids[b]! ? -1 : 1))) order.push(ids[p]!);
    order.push(ids[t]!);
    rank.set(ids[t]!, rankOfComp.get(comp[t]!)!);
  });
  for (const p of trailing.sort((a, b) => (ids[a]! < ids[b]! ? -1 : 1))) order.push(ids[p]!);

  const at = new Map<TraceId, number>();
  order.forEach((t, k) => at.set(t, k));
  const edges: { from: TraceId; to: TraceId }[] = [];
  for (const pair of pairs) {
    const [a, b] = pair.split('>').map(Number) as [number, number];
    // Edges that close a cycle point backwards: flip them so every edge agrees with the order.
    const forward = at.get(ids[a]!)! < at.get(ids[b]!)!;
    const from = forward ? ids[a]! : ids[b]!;
    const to = forward ? ids[b]! : ids[a]!;
    edges.push({ from, to });
  }
  return { order, rank, edges: dedupe(edges) };
}

function dedupe(edges: { from: TraceId; to: TraceId }[]) {
  const seen = new Set<string>();
  return edges.filter((e) => {
    const k = `${e.from}>${e.to}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
