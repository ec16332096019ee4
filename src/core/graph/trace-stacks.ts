/**
 * Stacks of alike traces in the trace-level overview. A batch job's 2,000 consumer traces that
 * each link to one producer are 2,000 nodes and 2,000 edges saying the same thing ("1 link"):
 * unreadable, and slow to draw. Traces alike in everything the overview shows (loaded or not,
 * root span name, service, whether they have problems) and linked to exactly the same traces in
 * the same directions are drawn as one node, "2,000 traces", with their links summed per pair.
 * Nothing is lost: a stack lists its traces, and the app can show any stack one by one.
 */
import type { TraceId } from '../ids';
import type { TraceEdge, TraceGraph, TraceSummary } from './trace-graph';

/** Fewer alike traces than this stay apart: a stack is for what would be a wall of nodes. */
export const MIN_STACK = 10;

/** A trace node that stands for several alike traces (its `traceId` is the first of them). */
export interface TraceStack {
  /** The traces it stands for, in the overview's order; the first is the node's own. */
  readonly members: readonly TraceId[];
}

export interface StackedOverview {
  /** The overview with each stack as one node (the first member's id; counts summed) and edges merged per pair. */
  readonly graph: TraceGraph;
  /** Stacks by the id of their node (their first member). Empty when nothing was stacked. */
  readonly stacks: ReadonlyMap<TraceId, TraceStack>;
}

export interface StackOptions {
  /** Fewest alike traces that are stacked (MIN_STACK). */
  readonly minStack?: number;
  /** Stacks (by their first member) to leave apart: the user asked to see their traces one by one. */
  readonly unstacked?: ReadonlySet<TraceId>;
}

/**
 * Linear in nodes + edges (plus sorting each trace's partners).
 * @example const { graph, stacks } = stackAlikeTraces(overview); // fan-in of 2,000: 2 nodes, 1 edge
 */
export function stackAlikeTraces(overview: TraceGraph, opts: StackOptions = {}): StackedOverview {
  const minStack = opts.minStack ?? MIN_STACK;
  const nodes = overview.nodes;
  const index = new Map<TraceId, number>();
  for (let i = 0; i < nodes.length; i++) index.set(nodes[i]!.traceId, i);
  // Each trace's partners, as signed numbers: linked from trace k is k + 1, linking to it -(k + 1).
  const partners: number[][] = nodes.map(() => []);
  for (const e of overview.edges) {
    const from = index.get(e.from);
    const to = index.get(e.to);
    if (from === undefined || to === undefined) continue;
    partners[to]!.push(from + 1);
    partners[from]!.push(-(to + 1));
  }
  // Traces can only stack with traces of the same kind, service, title and number of partners:
  // the partners are sorted and spelled out only for traces in such a group of minStack or more
  // (at 3,700 traces and 65,144 pairs, none of which stack, spelling them all out took 27-70 ms
  // of the trace level's first render).
  const head = (n: TraceSummary, i: number) => `${n.placeholder ? 'p' : 'l'}${n.problemCount > 0 ? 1 : 0}\u0000${n.service}\u0000${n.title}\u0000${partners[i]!.length}`;
  const headOf = nodes.map(head);
  const heads = new Map<string, number>();
  for (const h of headOf) heads.set(h, (heads.get(h) ?? 0) + 1);
  const bySignature = new Map<string, number[]>();
  for (let i = 0; i < nodes.length; i++) {
    const h = headOf[i]!;
    if (heads.get(h)! < minStack) continue;
    const sig = `${h}\u0000${partners[i]!.sort((a, b) => a - b).join(',')}`;
    let members = bySignature.get(sig);
    if (members === undefined) bySignature.set(sig, (members = []));
    members.push(i);
  }
  // The node each trace is drawn as: itself, or its stack's first member.
  const drawnAs = new Array<number>(nodes.length);
  for (let i = 0; i < nodes.length; i++) drawnAs[i] = i;
  const stacks = new Map<TraceId, TraceStack>();
  for (const members of bySignature.values()) {
    const head = members[0]!;
    if (members.length < minStack || opts.unstacked?.has(nodes[head]!.traceId)) continue;
    for (const m of members) drawnAs[m] = head;
    stacks.set(nodes[head]!.traceId, { members: members.map((m) => nodes[m]!.traceId) });
  }
  if (stacks.size === 0) return { graph: overview, stacks };

  const stackedNodes: TraceSummary[] = [];
  for (let i = 0; i < nodes.length; i++) {
    if (drawnAs[i] !== i) continue;
    const stack = stacks.get(nodes[i]!.traceId);
    stackedNodes.push(stack === undefined ? nodes[i]! : summed(nodes, stack, index));
  }
  // Edges between drawn nodes, merged per pair, in the order of each pair's first edge.
  const merged = new Map<number, { from: TraceId; to: TraceId; count: number; broken: number }>();
  for (const e of overview.edges) {
    const from = index.get(e.from);
    const to = index.get(e.to);
    if (from === undefined || to === undefined) continue;
    const a = drawnAs[from]!;
    const b = drawnAs[to]!;
    const pair = a * nodes.length + b;
    const edge = merged.get(pair);
    if (edge === undefined) merged.set(pair, { from: nodes[a]!.traceId, to: nodes[b]!.traceId, count: e.count, broken: e.broken });
    else {
      edge.count += e.count;
      edge.broken += e.broken;
    }
  }
  const edges: TraceEdge[] = [...merged.values()];
  return { graph: { nodes: stackedNodes, edges }, stacks };
}

/** The stack's node: its first member's summary with every count summed over the members. */
function summed(nodes: readonly TraceSummary[], stack: TraceStack, index: ReadonlyMap<TraceId, number>): TraceSummary {
  const head = nodes[index.get(stack.members[0]!)!]!;
  let spanCount = 0;
  let problemCount = 0;
  let internalLinks = 0;
  let startUs = head.startUs;
  for (const id of stack.members) {
    const n = nodes[index.get(id)!]!;
    spanCount += n.spanCount;
    problemCount += n.problemCount;
    internalLinks += n.internalLinks;
    if (n.startUs !== undefined && (startUs === undefined || n.startUs < startUs)) startUs = n.startUs;
  }
  return { ...head, spanCount, problemCount, internalLinks, ...(startUs === undefined ? {} : { startUs }), stackSize: stack.members.length };
}
