/**
 * Collapse rules for large span views (issue #6): past a budget of drawn nodes, large traces are
 * drawn collapsed, so the canvas never holds more than about a thousand nodes.
 *
 * A collapsed trace keeps, by level (each keeps what the next keeps, and more):
 * - `links`: its root, the spans that hold or are the target of a link, the spans with a
 *   problem (a diagnostic, error status, a missing link target), and their ancestors;
 * - `problems`: its root, the spans with a problem, and their ancestors;
 * - `some`: as many of those as fit the budget left (problems first, in tree order), with their
 *   ancestors, when even `problems` does not fit;
 * - `box`: nothing but its box.
 * What is hidden under a kept span is one "N hidden spans" node, its last child, so the tree
 * keeps its shape; hidden root subtrees make one such node at depth 0. A pinned span (the
 * selection, a search result being centred) and its ancestors are always kept.
 *
 * Rules: nothing collapses while everything fits the budget. Otherwise traces of more than
 * `largeTrace` spans that the user has not expanded step down a level at a time, largest first,
 * until the drawn nodes fit: all to `links` if needed, then to `problems`, then to `box`; then
 * the budget left is filled: traces at `box`, largest first, get `some` of their spans back.
 * Small traces and expanded traces are always drawn whole.
 *
 * Pure and linear in the spans of the traces it looks at (the per-trace work is cached per graph).
 */
import type { SpanKey, TraceId } from '../ids';
import { spanFailed, loadedTraceOf } from '../graph/span-lookup';
import type { LinkGraph } from '../graph/types';
import { SPAN_NODE_HEIGHT, SPAN_NODE_WIDTH, type GraphLayout, type NodePosition, type TraceBoxLayout } from './types';
import { withBounds } from './pack-columns';
import { NONE, boxSize, columnX, placeRows, rowY, spanForest, type SpanForest } from './tree-layout';

/** The most nodes (boxes, spans, placeholders, hidden-span nodes) drawn before traces collapse. */
export const DEFAULT_NODE_BUDGET = 1000;
/** Traces of at most this many spans and placeholders are never collapsed. */
export const LARGE_TRACE_SPANS = 50;

export type CollapseLevel = 'links' | 'problems' | 'some' | 'box';
/** Levels as ranks: a node of rank r is kept at levels >= r (FULL keeps everything). */
const BOX = 0;
const PROBLEMS = 1;
const LINKS = 2;
const FULL = 3;
const LEVEL_NAMES: readonly CollapseLevel[] = ['box', 'problems', 'links'];

export interface CollapseOptions {
  readonly budget?: number;
  readonly largeTrace?: number;
  /** Traces the user expanded: drawn whole. */
  readonly expanded?: ReadonlySet<TraceId>;
  /** Spans with a diagnostic (any severity). */
  readonly problems?: { has(key: SpanKey): boolean };
}

export interface TraceCollapse {
  readonly traceId: TraceId;
  readonly level: CollapseLevel;
  /** Spans and placeholders of the trace. */
  readonly total: number;
  /** Of those, the ones drawn (pins not counted). */
  readonly shown: number;
  /** The spans with links or problems and their ancestors: what `links` would draw. */
  readonly marked: number;
}

/** The spans a `some` trace keeps (a mask over its forest's nodes). */
const fillMasks = new WeakMap<TraceCollapse, Uint8Array>();

export interface CollapsePlan {
  /** The collapsed traces only. */
  readonly traces: ReadonlyMap<TraceId, TraceCollapse>;
  /** Nodes drawn: boxes, spans, placeholders and hidden-span nodes (pins not counted). */
  readonly nodes: number;
  /** Nodes drawn if nothing were collapsed. */
  readonly fullNodes: number;
  readonly budget: number;
  /** Expanded traces that would be collapsed otherwise (they can be collapsed again). */
  readonly expandedLarge: ReadonlySet<TraceId>;
}

/** Hidden spans under one kept span (or the hidden root subtrees when `parent` is null). */
export interface HiddenGroup {
  /** Node id: never a span key (span keys have no `~`). */
  readonly id: string;
  readonly traceId: TraceId;
  readonly parent: SpanKey | null;
  readonly count: number;
  /** Top-left corner inside the box, the same cell size as a span node. */
  readonly x: number;
  readonly y: number;
}

export interface CollapsedBox extends TraceBoxLayout {
  /** Set on a collapsed trace. */
  readonly collapse?: TraceCollapse;
  readonly hidden?: readonly HiddenGroup[];
}

export interface CollapsedLayout extends GraphLayout {
  readonly traces: readonly CollapsedBox[];
}

/** Per trace: its forest, every node's rank (the lowest level that keeps it) and its cost per level. */
interface TraceRanks {
  readonly forest: SpanForest;
  readonly rank: Uint8Array;
  /** Highest rank among a node's children (-1 for a leaf). */
  readonly maxKid: Int8Array;
  /** Nodes drawn (kept + hidden-span nodes) at BOX, PROBLEMS, LINKS. */
  readonly cost: readonly [number, number, number];
  /** Kept spans and placeholders at BOX, PROBLEMS, LINKS. */
  readonly kept: readonly [number, number, number];
}

const endpointsCache = new WeakMap<LinkGraph, ReadonlySet<SpanKey>>();

function linkEndpoints(graph: LinkGraph): ReadonlySet<SpanKey> {
  let set = endpointsCache.get(graph);
  if (!set) {
    const s = new Set<SpanKey>();
    for (const e of graph.linkEdges) {
      s.add(e.from);
      s.add(e.to);
    }
    endpointsCache.set(graph, s);
    set = s;
  }
  return set;
}

const ranksCache = new WeakMap<LinkGraph, { problems: CollapseOptions['problems']; byTrace: Map<TraceId, TraceRanks> }>();

function traceRanks(graph: LinkGraph, traceId: TraceId, problems: CollapseOptions['problems']): TraceRanks | undefined {
  let entry = ranksCache.get(graph);
  if (!entry || entry.problems !== problems) {
    entry = { problems, byTrace: new Map() };
    ranksCache.set(graph, entry);
  }
  const cached = entry.byTrace.get(traceId);
  if (cached) return cached;
  const trace = graph.traces.get(traceId);
  if (!trace) return undefined;
  const forest = spanForest(trace, graph);
  const { keys, order, parent, failed } = forest;
  const n = keys.length;
  const links = linkEndpoints(graph);
  const rank = new Uint8Array(n).fill(FULL);
  const maxKid = new Int8Array(n).fill(-1);
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    const key = keys[i]!;
    // Failed or not loaded (a placeholder: undefined), as the worker noted it when it sent the forest.
    const bad = failed === undefined ? spanFailed(graph, key) !== false : failed[i] === 1;
    const problem = key === trace.root || bad || (problems?.has(key) ?? false);
    if (problem) rank[i] = PROBLEMS;
    else if (links.has(key)) rank[i] = LINKS;
  }
  // Children come after their parent in pre-order: walking it backwards finalises a node's
  // rank before its parent takes the lowest rank of its children (ancestors are kept too).
  for (let k = order.length - 1; k >= 0; k--) {
    const i = order[k]!;
    const p = parent[i]!;
    if (p === NONE) continue;
    if (rank[i]! < rank[p]!) rank[p] = rank[i]!;
    if (rank[i]! > maxKid[p]!) maxKid[p] = rank[i]!;
  }
  const cost: [number, number, number] = [0, 0, 0];
  const kept: [number, number, number] = [0, 0, 0];
  const hiddenRoot = [false, false, false];
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    for (let level = BOX; level <= LINKS; level++) {
      if (rank[i]! <= level) {
        kept[level]!++;
        cost[level]!++;
        if (maxKid[i]! > level) cost[level]!++; // its hidden-span node
      } else if (parent[i] === NONE) hiddenRoot[level] = true;
    }
  }
  for (let level = BOX; level <= LINKS; level++) if (hiddenRoot[level]) cost[level]!++;
  const ranks: TraceRanks = { forest, rank, maxKid, cost, kept };
  entry.byTrace.set(traceId, ranks);
  return ranks;
}

/**
 * Which traces of `layout` (the boxes to draw) are collapsed, and how far.
 * @example planCollapse(graph, layout, { expanded: new Set([traceId]) }).traces.get(otherTrace)?.level
 */
export function planCollapse(graph: LinkGraph, layout: GraphLayout, opts: CollapseOptions = {}): CollapsePlan {
  const budget = opts.budget ?? DEFAULT_NODE_BUDGET;
  const large = opts.largeTrace ?? LARGE_TRACE_SPANS;
  const expanded = opts.expanded;
  let fullNodes = 0;
  for (const box of layout.traces) fullNodes += 1 + box.nodes.length;
  const traces = new Map<TraceId, TraceCollapse>();
  const expandedLarge = new Set<TraceId>();
  if (fullNodes <= budget) return { traces, nodes: fullNodes, fullNodes, budget, expandedLarge };

  interface Candidate {
    readonly traceId: TraceId;
    readonly total: number;
    readonly ranks: TraceRanks;
    level: number;
    cost: number;
    fill?: { readonly keep: Uint8Array; readonly kept: number };
  }
  const candidates: Candidate[] = [];
  for (const box of layout.traces) {
    const total = box.nodes.length;
    if (total <= large) continue;
    if (expanded?.has(box.traceId)) {
      expandedLarge.add(box.traceId);
      continue;
    }
    const ranks = traceRanks(graph, box.traceId, opts.problems);
    if (ranks) candidates.push({ traceId: box.traceId, total, ranks, level: FULL, cost: total });
  }
  let nodes = fullNodes;
  for (let level = LINKS; level >= BOX && nodes > budget; level--) {
    // Largest first; ties in layout order (sort is stable).
    const byCost = [...candidates].sort((a, b) => b.cost - a.cost);
    for (const c of byCost) {
      if (nodes <= budget) break;
      const cost = c.ranks.cost[level as 0 | 1 | 2];
      if (cost >= c.cost) continue;
      nodes -= c.cost - cost;
      c.cost = cost;
      c.level = level;
    }
  }
  // Fill what is left of the budget: boxed traces, largest first, get back what fits.
  for (const c of [...candidates].sort((a, b) => b.total - a.total)) {
    if (c.level !== BOX || nodes >= budget) continue;
    const room = budget - nodes + c.cost;
    const fill = fillTrace(c.ranks, room);
    if (fill.kept === 0) continue;
    nodes += fill.cost - c.cost;
    c.cost = fill.cost;
    c.fill = fill;
  }
  for (const c of candidates) {
    if (c.level === FULL) continue;
    const tc: TraceCollapse = {
      traceId: c.traceId,
      level: c.fill ? 'some' : LEVEL_NAMES[c.level]!,
      total: c.total,
      shown: c.fill ? c.fill.kept : c.ranks.kept[c.level as 0 | 1 | 2],
      marked: c.ranks.kept[LINKS],
    };
    if (c.fill) fillMasks.set(tc, c.fill.keep);
    traces.set(c.traceId, tc);
  }
  return { traces, nodes, fullNodes, budget, expandedLarge };
}

/**
 * Keeps spans with problems, then spans with links (tree order within each), each with its
 * ancestors, while the trace's drawn nodes stay within `room`; stops at the first that does not
 * fit. Linear: each node joins once, and a chain climbs only through nodes not kept yet.
 */
function fillTrace({ forest, rank }: TraceRanks, room: number): { keep: Uint8Array; kept: number; cost: number } {
  const { order, parent } = forest;
  const n = forest.keys.length;
  const childCount = new Int32Array(n);
  let hiddenRoots = 0;
  for (let k = 0; k < order.length; k++) {
    const p = parent[order[k]!]!;
    if (p === NONE) hiddenRoots++;
    else childCount[p]!++;
  }
  const keep = new Uint8Array(n);
  const keptKids = new Int32Array(n);
  let cost = hiddenRoots > 0 ? 1 : 0; // the top-level hidden-span node
  let kept = 0;
  const chain: number[] = [];
  for (const pass of [PROBLEMS, LINKS]) {
    for (let k = 0; k < order.length; k++) {
      const i = order[k]!;
      if (rank[i] !== pass || keep[i]) continue;
      chain.length = 0;
      let x = i;
      for (; x !== NONE && !keep[x]; x = parent[x]!) chain.push(x);
      let delta = chain.length;
      for (let j = 0; j < chain.length; j++) if (childCount[chain[j]!]! - (j === 0 ? 0 : 1) > 0) delta++;
      if (x !== NONE) {
        if (keptKids[x]! + 1 === childCount[x]) delta--; // its hidden-span node goes
      } else if (hiddenRoots === 1) delta--;
      if (cost + delta > room) return { keep, kept, cost };
      for (let j = 0; j < chain.length; j++) {
        keep[chain[j]!] = 1;
        keptKids[chain[j]!] = j === 0 ? 0 : 1;
      }
      if (x !== NONE) keptKids[x]!++;
      else hiddenRoots--;
      cost += delta;
      kept += chain.length;
    }
  }
  return { keep, kept, cost };
}

const LEVEL_RANK: Record<CollapseLevel, number> = { box: BOX, some: BOX, problems: PROBLEMS, links: LINKS };

/** True when the plan hides this span or placeholder (it is in a collapsed trace and not kept). */
export function isHidden(graph: LinkGraph, plan: CollapsePlan, key: SpanKey, problems?: CollapseOptions['problems']): boolean {
  if (plan.traces.size === 0) return false;
  const traceId = loadedTraceOf(graph, key);
  const tc = traceId === undefined ? undefined : plan.traces.get(traceId);
  if (!tc) return false;
  const ranks = traceRanks(graph, tc.traceId, problems)!;
  const i = ranks.forest.index.get(key);
  if (i === undefined) return false;
  const mask = fillMasks.get(tc);
  return mask ? !mask[i] : ranks.rank[i]! > LEVEL_RANK[tc.level];
}

/**
 * The layout to draw: every collapsed trace of the plan re-laid out with what it keeps (and the
 * `pins` in it, with their ancestors) and its hidden-span nodes; other boxes as they were. Box
 * positions are unchanged (a collapsed box only shrinks, so boxes still do not overlap); the
 * caller may close the gaps this leaves.
 */
export function applyCollapse(
  graph: LinkGraph,
  layout: GraphLayout,
  plan: CollapsePlan,
  pins: readonly SpanKey[] = [],
  problems?: CollapseOptions['problems'],
): CollapsedLayout {
  if (plan.traces.size === 0) return layout;
  const traces: CollapsedBox[] = layout.traces.map((box) => {
    const tc = plan.traces.get(box.traceId);
    if (!tc) return box;
    const ranks = traceRanks(graph, box.traceId, problems)!;
    const boxPins = pins.filter((p) => loadedTraceOf(graph, p) === box.traceId);
    return { ...box, ...collapseTrace(box.traceId, ranks, LEVEL_RANK[tc.level], boxPins, fillMasks.get(tc)), collapse: tc };
  });
  return withBounds(traces);
}

function collapseTrace(
  traceId: TraceId,
  { forest, rank }: TraceRanks,
  level: number,
  pins: readonly SpanKey[],
  mask: Uint8Array | undefined,
): { nodes: NodePosition[]; hidden: HiddenGroup[]; width: number; height: number } {
  const { keys, order, parent, depth, index } = forest;
  const n = keys.length;
  const keep = mask ? mask.slice() : new Uint8Array(n);
  if (!mask) for (let k = 0; k < order.length; k++) if (rank[order[k]!]! <= level) keep[order[k]!] = 1;
  for (const pin of pins) {
    // A pin and its ancestors, up to the first one already kept.
    for (let i = index.get(pin) ?? NONE; i !== NONE && !keep[i]; i = parent[i]!) keep[i] = 1;
  }
  // Hidden spans under each kept node: the sizes of its hidden children's subtrees.
  const size = new Int32Array(n);
  const hiddenUnder = new Int32Array(n);
  let hiddenRoots = 0;
  for (let k = order.length - 1; k >= 0; k--) {
    const i = order[k]!;
    size[i]! += 1;
    const p = parent[i]!;
    if (p !== NONE) {
      size[p]! += size[i]!;
      if (!keep[i] && keep[p]) hiddenUnder[p]! += size[i]!;
    } else if (!keep[i]) hiddenRoots += size[i]!;
  }
  // Local ids: kept nodes and hidden-span nodes, listed in pre-order. A kept node's
  // hidden-span node is its last child, emitted when its kept subtree ends (the kept set holds
  // every ancestor of a kept node, so the next kept node at its depth or above ends it).
  const localOf = new Int32Array(n).fill(NONE);
  const lParent: number[] = [];
  const lDepth: number[] = [];
  const lOrder: number[] = [];
  /** For each local id: the forest node, or -(1 + hidden group index). */
  const source: number[] = [];
  const groups: { parent: number; count: number }[] = [];
  const open: number[] = [];
  const addLocal = (p: number, d: number, src: number) => {
    const id = lParent.length;
    lParent.push(p);
    lDepth.push(d);
    lOrder.push(id);
    source.push(src);
    return id;
  };
  const close = (i: number) => {
    if (hiddenUnder[i]! === 0) return;
    groups.push({ parent: i, count: hiddenUnder[i]! });
    addLocal(localOf[i]!, depth[i]! + 1, -groups.length);
  };
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    if (!keep[i]) continue;
    while (open.length > 0 && depth[open[open.length - 1]!]! >= depth[i]!) close(open.pop()!);
    const p = parent[i]!;
    localOf[i] = addLocal(p === NONE ? NONE : localOf[p]!, depth[i]!, i);
    open.push(i);
  }
  while (open.length > 0) close(open.pop()!);
  if (hiddenRoots > 0) {
    groups.push({ parent: NONE, count: hiddenRoots });
    addLocal(NONE, 0, -groups.length);
  }

  const { row, rows, maxDepth } = placeRows(lParent.length, lOrder, lParent, lDepth);
  const nodes: NodePosition[] = [];
  const hidden: HiddenGroup[] = [];
  for (const id of lOrder) {
    const src = source[id]!;
    const x = columnX(lDepth[id]!);
    const y = rowY(row[id]!);
    if (src >= 0) {
      nodes.push({ key: keys[src]!, x, y, depth: lDepth[id]! });
      continue;
    }
    const g = groups[-src - 1]!;
    const parentKey = g.parent === NONE ? null : keys[g.parent]!;
    hidden.push({ id: `hidden~${parentKey ?? traceId}`, traceId, parent: parentKey, count: g.count, x, y });
  }
  return { nodes, hidden, ...boxSize(rows, maxDepth) };
}

/** The size of a hidden-span node: one span cell, so collapsed trees keep the tree layout's grid. */
export const HIDDEN_NODE_WIDTH = SPAN_NODE_WIDTH;
export const HIDDEN_NODE_HEIGHT = SPAN_NODE_HEIGHT;
