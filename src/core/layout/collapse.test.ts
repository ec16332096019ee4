import { describe, expect, it } from 'vitest';
import { spanKey, type SpanKey, type TraceId } from '../ids';
import type { LinkGraph } from '../graph/types';
import type { Span } from '../model/span';
import { makeGraph, repeatId, type SpanSpec } from './graph-builder.testutil';
import { overlappingPairs } from './layout-checks.testutil';
import { applyCollapse, isHidden, planCollapse, type CollapsedBox, type CollapsedLayout } from './collapse';
import { layoutTraceSpans } from './tree-layout';
import { BOX_PADDING, SPAN_NODE_HEIGHT, SPAN_NODE_WIDTH, type GraphLayout, type TraceBoxLayout } from './types';

const A = repeatId('a');
const B = repeatId('b');
const C = repeatId('c');
const k = (trace: string, span: string) => spanKey(trace, span);

/** Boxes side by side, each laid out by the tree layout: what the worker would send. */
function layoutOf(graph: LinkGraph): GraphLayout {
  let x = 0;
  const traces: TraceBoxLayout[] = [];
  for (const t of graph.traces.values()) {
    const tree = layoutTraceSpans(t, graph);
    traces.push({ traceId: t.traceId, x, y: 0, width: tree.width, height: tree.height, nodes: tree.nodes });
    x += tree.width + 48;
  }
  return { traces, width: x, height: Math.max(...traces.map((t) => t.height)) };
}

/**
 * A trace of `groups` x `perGroup` spans under one root: root -> g<i> -> g<i>c<j>. Span
 * `g<i>c0` of every group in `linked` links to `${target}`.
 */
function wideTrace(trace: string, groups: number, perGroup: number, links: Record<string, string> = {}): SpanSpec[] {
  const specs: SpanSpec[] = [{ trace, span: 'root', start: 0 }];
  for (let g = 0; g < groups; g++) {
    specs.push({ trace, span: `g${g}`, parent: 'root', start: g + 1 });
    for (let c = 0; c < perGroup; c++) {
      const span = `g${g}c${c}`;
      specs.push({ trace, span, parent: `g${g}`, start: g + 1 + c / 1000, links: links[span] ? [links[span]] : [] });
    }
  }
  return specs;
}

function box(layout: CollapsedLayout, trace: string): CollapsedBox {
  return layout.traces.find((b) => b.traceId === trace)!;
}

const keysOf = (b: CollapsedBox) => new Set(b.nodes.map((n) => n.key));

describe('planCollapse', () => {
  it('collapses nothing while every node fits the budget', () => {
    const g = makeGraph(wideTrace(A, 10, 10));
    const layout = layoutOf(g);
    const plan = planCollapse(g, layout, { budget: 1000 });
    expect(plan.traces.size).toBe(0);
    expect(plan.nodes).toBe(1 + 111);
    expect(applyCollapse(g, layout, plan)).toBe(layout);
  });

  it('keeps the root, link ends, problem spans and their ancestors; the rest is counted in hidden-span nodes', () => {
    // 20 groups of 20: g3c0 links to g7c5 (inside the trace), g9c0 links to a missing span.
    const g0 = makeGraph(wideTrace(A, 20, 20, { g3c0: `${A}/g7c5`, g9c0: `${A}/ghost` }));
    // g12c4 has error status.
    const errKey = k(A, 'g12c4');
    const g: LinkGraph = { ...g0, spans: new Map([...g0.spans].map(([key, s]): [SpanKey, Span] => [key, key === errKey ? { ...s, status: 'error' } : s])) };
    const problems = new Set([k(A, 'g15c1')]); // a span with a diagnostic
    const layout = layoutOf(g);
    const plan = planCollapse(g, layout, { budget: 100, problems });
    expect(plan.fullNodes).toBe(1 + 1 + 20 + 400 + 1); // box, root, groups, children, placeholder
    expect(plan.traces.get(A as TraceId)).toMatchObject({ level: 'links', total: 422 });
    const out = applyCollapse(g, layout, plan, [], problems);
    const b = box(out, A);
    const kept = keysOf(b);
    const expected = ['root', 'g3', 'g3c0', 'g7', 'g7c5', 'g9', 'g9c0', 'ghost', 'g12', 'g12c4', 'g15', 'g15c1'].map((s) => k(A, s));
    expect([...kept].sort()).toEqual(expected.sort());
    expect(plan.traces.get(A as TraceId)!.shown).toBe(kept.size);
    // One hidden-span node per kept span with hidden children: the 15 other groups under the
    // root, 19 under each kept group; every hidden span is counted exactly once.
    const byParent = new Map(b.hidden!.map((h) => [h.parent, h.count]));
    expect(byParent.get(k(A, 'root'))).toBe(15 * 21);
    for (const grp of ['g3', 'g7', 'g9', 'g12', 'g15']) expect(byParent.get(k(A, grp))).toBe(19);
    expect(b.hidden!.reduce((s, h) => s + h.count, 0) + kept.size).toBe(422);
    expect(plan.nodes).toBe(1 + kept.size + b.hidden!.length);
    // The collapsed box is laid out as a tree: inside the box, no overlaps, a hidden-span node
    // one column right of its parent and below its kept siblings.
    const cells = [...b.nodes, ...b.hidden!].map((n) => ({ x: n.x, y: n.y, width: SPAN_NODE_WIDTH, height: SPAN_NODE_HEIGHT }));
    expect(overlappingPairs(cells)).toEqual([]);
    for (const c of cells) {
      expect(c.x).toBeGreaterThanOrEqual(BOX_PADDING);
      expect(c.x + c.width).toBeLessThanOrEqual(b.width - BOX_PADDING);
      expect(c.y + c.height).toBeLessThanOrEqual(b.height - BOX_PADDING);
    }
    const at = new Map(b.nodes.map((n) => [n.key, n]));
    const g3hidden = b.hidden!.find((h) => h.parent === k(A, 'g3'))!;
    expect(g3hidden.x).toBeGreaterThan(at.get(k(A, 'g3'))!.x);
    expect(g3hidden.y).toBeGreaterThan(at.get(k(A, 'g3c0'))!.y);
    expect(b.height).toBeLessThan(layout.traces[0]!.height / 5);
  });

  it('steps down to problems, then to the box alone, as the budget shrinks', () => {
    const links: Record<string, string> = {};
    for (let i = 0; i < 30; i++) links[`g${i}c0`] = `${A}/g${(i + 1) % 30}c1`;
    const g = makeGraph(wideTrace(A, 30, 10, links));
    const problems = new Set([k(A, 'g4c2')]);
    const layout = layoutOf(g);
    const roomy = planCollapse(g, layout, { budget: 200, problems });
    expect(roomy.traces.get(A as TraceId)?.level).toBe('links');
    const few = planCollapse(g, layout, { budget: 20, problems });
    expect(few.traces.get(A as TraceId)?.level).toBe('problems');
    expect([...keysOf(box(applyCollapse(g, layout, few, [], problems), A))].sort()).toEqual([k(A, 'g4'), k(A, 'g4c2'), k(A, 'root')].sort());
    // At 3 the box and the root with its hidden-span node fit (the fill's first step)...
    const rootOnly = planCollapse(g, layout, { budget: 3, problems });
    expect(rootOnly.traces.get(A as TraceId)).toMatchObject({ level: 'some', shown: 1 });
    expect(rootOnly.nodes).toBe(3);
    // ...at 2 only the box and one hidden-span node for everything.
    const none = planCollapse(g, layout, { budget: 2, problems });
    expect(none.traces.get(A as TraceId)).toMatchObject({ level: 'box', shown: 0 });
    const b = box(applyCollapse(g, layout, none, [], problems), A);
    expect(b.nodes).toEqual([]);
    expect(b.hidden).toHaveLength(1);
    expect(b.hidden![0]).toMatchObject({ parent: null, count: 331 });
    expect(none.nodes).toBe(2);
  });

  it('fills the budget left with some of the problem spans when even the problem level does not fit', () => {
    const g = makeGraph(wideTrace(A, 50, 20));
    const problems = new Set(Array.from({ length: 50 }, (_, i) => k(A, `g${i}c${i % 20}`)));
    const layout = layoutOf(g);
    // The problem level would draw 101 spans and 50 hidden-span nodes: over 100.
    const plan = planCollapse(g, layout, { budget: 100, problems });
    const tc = plan.traces.get(A as TraceId)!;
    // root + g0 + g0c0 and its two hidden-span nodes cost 4, every further group 3: 32 groups fit.
    expect(tc).toMatchObject({ level: 'some', shown: 3 + 2 * 31, marked: 101 });
    expect(plan.nodes).toBe(99);
    const b = box(applyCollapse(g, layout, plan, [], problems), A);
    expect(1 + b.nodes.length + b.hidden!.length).toBe(plan.nodes);
    expect(keysOf(b).has(k(A, 'g31c11'))).toBe(true);
    expect(keysOf(b).has(k(A, 'g32c12'))).toBe(false);
    expect(isHidden(g, plan, k(A, 'g32c12'), problems)).toBe(true);
    expect(isHidden(g, plan, k(A, 'g31c11'), problems)).toBe(false);
    expect(b.hidden!.reduce((s, h) => s + h.count, 0) + b.nodes.length).toBe(1 + 50 + 1000);
  });

  it('collapses the largest traces first and never the small or expanded ones', () => {
    const g = makeGraph([...wideTrace(A, 10, 40), ...wideTrace(B, 10, 20), ...wideTrace(C, 4, 10)]);
    const layout = layoutOf(g);
    // 411 + 211 + 45 spans and 3 boxes; 500 is met by collapsing A alone.
    const plan = planCollapse(g, layout, { budget: 500 });
    expect([...plan.traces.keys()]).toEqual([A]);
    expect(plan.nodes).toBeLessThanOrEqual(500);
    // A expanded: B collapses instead, and A is reported as expanded past the budget.
    const expanded = planCollapse(g, layout, { budget: 500, expanded: new Set([A as TraceId]) });
    expect([...expanded.traces.keys()]).toEqual([B]);
    expect([...expanded.expandedLarge]).toEqual([A]);
    // Even at a budget of 1, C (45 spans, not large) is drawn whole.
    const tiny = planCollapse(g, layout, { budget: 1 });
    expect([...tiny.traces.keys()].sort()).toEqual([A, B].sort());
    expect(tiny.nodes).toBe(3 + 45 + 1 + 1);
  });

  it('keeps a pinned span and its ancestors visible, and says which spans are hidden', () => {
    const g = makeGraph(wideTrace(A, 20, 20));
    const layout = layoutOf(g);
    const plan = planCollapse(g, layout, { budget: 50 });
    expect(plan.traces.get(A as TraceId)?.level).toBe('links'); // no links: the root and hidden nodes
    const pin = k(A, 'g11c7');
    expect(isHidden(g, plan, pin)).toBe(true);
    expect(isHidden(g, plan, k(A, 'root'))).toBe(false);
    const b = box(applyCollapse(g, layout, plan, [pin]), A);
    expect([...keysOf(b)].sort()).toEqual([k(A, 'root'), k(A, 'g11'), pin].sort());
    expect(b.hidden!.find((h) => h.parent === k(A, 'g11'))?.count).toBe(19);
    // A pin in another trace changes nothing here.
    expect(keysOf(box(applyCollapse(g, layout, plan, [k(B, 'x')]), A)).size).toBe(1);
  });

  it('collapses a 10,000-deep chain without recursion, and opens it down to a pinned span', () => {
    const specs: SpanSpec[] = [{ trace: A, span: 's0', start: 0 }];
    for (let i = 1; i < 10_000; i++) specs.push({ trace: A, span: `s${i}`, parent: `s${i - 1}`, start: i });
    specs.push({ trace: B, span: 'holder', start: 1, links: [`${A}/s9999`] });
    const g = makeGraph(specs);
    const layout = layoutOf(g);
    const plan = planCollapse(g, layout, { budget: 1000 });
    // The link's target would keep its 9,999 ancestors (no saving): the chain keeps only its root.
    expect(plan.traces.get(A as TraceId)).toMatchObject({ level: 'problems', shown: 1 });
    expect(plan.nodes).toBe(2 + 1 + 1 + 1); // two boxes, the root, its hidden-span node, the holder
    const b = box(applyCollapse(g, layout, plan, [k(A, 's5000')]), A);
    expect(b.nodes).toHaveLength(5001);
    expect(b.hidden).toEqual([expect.objectContaining({ parent: k(A, 's5000'), count: 4999 })]);
  });
});
