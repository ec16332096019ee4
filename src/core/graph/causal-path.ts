/**
 * The causal path of one span, across traces: everything it is caused by (upstream) and
 * everything it causes (downstream), following parent edges and link edges transitively. The
 * app uses it to dim everything else.
 *
 * Directions follow the graph's edges (DIAGNOSTICS.md "Edges"): a parent causes its children,
 * and a linked span (`LinkEdge.from`) causes the span that holds the link (`LinkEdge.to`).
 */
import type { SpanKey } from '../ids';
import type { LinkEdge, LinkGraph, ParentEdge } from './types';

export interface CausalPath {
  /** Spans and placeholders the start is caused by: its ancestors, what they link to, and so on. */
  readonly upstream: Set<SpanKey>;
  /** Spans the start causes: its descendants, the spans linking to them, and so on. */
  readonly downstream: Set<SpanKey>;
  /** Ids (`ParentEdge.id`, `LinkEdge.id`) of the edges walked to reach them. */
  readonly edges: Set<string>;
}

/** Adjacency of a graph in both directions, built once per graph (linear in its edges). */
interface CausalIndex {
  /** child -> its parent edge (a span has at most one). */
  readonly parentOf: Map<SpanKey, ParentEdge>;
  /** parent -> its children's parent edges. */
  readonly childrenOf: Map<SpanKey, ParentEdge[]>;
  /** holder -> the link edges it holds (edge.to === holder). */
  readonly held: Map<SpanKey, LinkEdge[]>;
  /** target -> the link edges pointing at it (edge.from === target). */
  readonly linkedBy: Map<SpanKey, LinkEdge[]>;
}

const indexes = new WeakMap<LinkGraph, CausalIndex>();

function push<T>(map: Map<SpanKey, T[]>, key: SpanKey, value: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

function causalIndex(graph: LinkGraph): CausalIndex {
  const known = indexes.get(graph);
  if (known !== undefined) return known;
  const parentOf = new Map<SpanKey, ParentEdge>();
  const childrenOf = new Map<SpanKey, ParentEdge[]>();
  const held = new Map<SpanKey, LinkEdge[]>();
  const linkedBy = new Map<SpanKey, LinkEdge[]>();
  const parents = graph.parentEdges;
  for (let i = 0; i < parents.length; i++) {
    const e = parents[i]!;
    parentOf.set(e.child, e);
    push(childrenOf, e.parent, e);
  }
  const links = graph.linkEdges;
  for (let i = 0; i < links.length; i++) {
    const e = links[i]!;
    push(held, e.to, e);
    push(linkedBy, e.from, e);
  }
  const index = { parentOf, childrenOf, held, linkedBy };
  indexes.set(graph, index);
  return index;
}

/**
 * What `start` (a span or placeholder key) is caused by and what it causes, transitively.
 * Upstream walks backwards (to the parent, and to every target of the span's links); downstream
 * walks forwards (to the children, and to every span holding a link to it). The start itself is
 * in neither set, even when a cycle leads back to it. Iterative with an explicit stack, each
 * span visited at most once per direction: safe on parent and link cycles and on chains of any
 * depth. The first call on a graph indexes its edges (linear); later calls are linear in what
 * they visit.
 * @example const { upstream } = causalPath(graph, key); upstream.has(producerKey)
 */
export function causalPath(graph: LinkGraph, start: SpanKey): CausalPath {
  const index = causalIndex(graph);
  const edges = new Set<string>();
  const upstream = new Set<SpanKey>();
  const downstream = new Set<SpanKey>();

  const stack: SpanKey[] = [start];
  while (stack.length > 0) {
    const key = stack.pop()!;
    const parent = index.parentOf.get(key);
    if (parent !== undefined) {
      edges.add(parent.id);
      visit(parent.parent, start, upstream, stack);
    }
    const links = index.held.get(key);
    if (links !== undefined) {
      for (let i = 0; i < links.length; i++) {
        const link = links[i]!;
        edges.add(link.id);
        visit(link.from, start, upstream, stack);
      }
    }
  }

  stack.push(start);
  while (stack.length > 0) {
    const key = stack.pop()!;
    const children = index.childrenOf.get(key);
    if (children !== undefined) {
      for (let i = 0; i < children.length; i++) {
        const child = children[i]!;
        edges.add(child.id);
        visit(child.child, start, downstream, stack);
      }
    }
    const links = index.linkedBy.get(key);
    if (links !== undefined) {
      for (let i = 0; i < links.length; i++) {
        const link = links[i]!;
        edges.add(link.id);
        visit(link.to, start, downstream, stack);
      }
    }
  }
  return { upstream, downstream, edges };
}

/** Marks `key` reached and schedules it, once; the start is never marked. NOTE: mutates `seen` and `stack`. */
function visit(key: SpanKey, start: SpanKey, seen: Set<SpanKey>, stack: SpanKey[]): void {
  if (key === start || seen.has(key)) return;
  seen.add(key);
  stack.push(key);
}
