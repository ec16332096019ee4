import { describe, expect, it } from 'vitest';
import { spanKey } from '../../core';
import { makeLink, spanId, traceId, type SpanSpec } from '../../core/test-support/make-span';
import { analysisOf } from '../test-support/analysis.testutil';
import { currentView } from '../store/current-view';
import { drawnSpans } from './drawn-view';
import { sidesFor } from './flow-parts';
import { FlowIndex, toFlow } from './to-flow';
import { eagerSource, inRegion, type Region } from './viewport-region';

const key = (trace: string, id: string) => spanKey(traceId(trace), spanId(id));

/**
 * Trace a: a root and 20 chains of 60 spans (1,201 spans, past the node budget: drawn
 * collapsed); b: a consumer linking into a's chains; c: a link to a span no file holds.
 */
function specs(): SpanSpec[] {
  const id = (g: number, c: number) => `1${String(g).padStart(2, '0')}${String(c).padStart(2, '0')}`;
  const out: SpanSpec[] = [{ trace: 'a', id: 'abc', name: 'root', startUs: 0 }];
  for (let g = 0; g < 20; g++) {
    for (let c = 0; c < 60; c++) out.push({ trace: 'a', id: id(g, c), parent: c === 0 ? 'abc' : id(g, c - 1), startUs: g + c / 100 });
  }
  out.push({ trace: 'b', id: 'def', name: 'consumer', startUs: 5, links: [makeLink('a', '10330'), makeLink('a', '11159')] });
  out.push({ trace: 'c', id: 'fed', name: 'orphan link', startUs: 6, links: [makeLink('d', '9999')] });
  return out;
}

const ids = (list: readonly { id: string }[]) => list.map((x) => x.id);

/** Regions over the whole graph: a grid of windows, some empty, some over several boxes. */
function regions(width: number, height: number): Region[] {
  const out: Region[] = [];
  for (let x = -500; x < width; x += 1700) for (let y = -500; y < height; y += 900) out.push({ x0: x, y0: y, x1: x + 2048, y1: y + 1024 });
  out.push({ x0: width + 10, y0: height + 10, x1: width + 3000, y1: height + 3000 });
  return out;
}

describe('FlowIndex', () => {
  it('hands the canvas, for any region, what the whole elements filtered to that region give', async () => {
    const a = await analysisOf(specs());
    const expandedAll = drawnSpans(a, currentView(a, 'spans', null, false), new Set([traceId('a')]));
    const collapsed = drawnSpans(a, currentView(a, 'spans', null, false), undefined, [key('a', '10830')]);
    for (const drawn of [expandedAll, collapsed]) {
      const whole = toFlow(a.graph, drawn.layout, { expandedLarge: drawn.plan.expandedLarge });
      const index = new FlowIndex(a.graph, drawn.layout, { expandedLarge: drawn.plan.expandedLarge });
      expect(index.nodeCount).toBe(whole.nodes.length);
      expect(index.edgeCount).toBe(whole.edges.length);
      expect(index.hasLinks).toBe(true);
      for (const region of regions(drawn.layout.width, drawn.layout.height)) {
        const want = inRegion(whole.nodes, whole.edges, region);
        const got = index.inRegion(region, true);
        expect(ids(got.nodes)).toEqual(ids(want.nodes));
        expect(ids(got.edges)).toEqual(ids(want.edges));
        // And equal to them, field for field (another index's objects).
        expect(got.nodes).toEqual(want.nodes);
        expect(got.edges).toEqual(want.edges);
        expect(ids(index.inRegion(region, false).edges)).toEqual([]);
      }
      for (const n of whole.nodes) {
        const at = index.locate(n.id)!;
        const box = whole.nodes.find((b) => b.id === n.parentId);
        expect(at).toEqual({ x: (box?.position.x ?? 0) + n.position.x, y: (box?.position.y ?? 0) + n.position.y, w: n.width, h: n.height });
      }
      expect(index.locate('no such node')).toBeNull();
    }
    // The collapsed one draws hidden-span nodes, tied to their parents: the regions met them.
    expect(toFlow(a.graph, collapsed.layout).nodes.some((n) => n.type === 'hidden')).toBe(true);
  });

  it('makes every node the layout places and every edge between two of them, in the order drawn', async () => {
    const a = await analysisOf(specs());
    const drawn = drawnSpans(a, currentView(a, 'spans', null, false), undefined, [key('a', '10830')]);
    const { nodes, edges } = toFlow(a.graph, drawn.layout);
    // Worked out from the layout and the graph alone: each box, then its spans and placeholders in
    // layout order, then its hidden-span nodes; edges to hidden-span nodes, then parent edges,
    // then links, each in the graph's order, when both ends are drawn.
    const boxes = drawn.layout.traces;
    expect(ids(nodes)).toEqual(boxes.flatMap((b) => [`trace:${b.traceId}`, ...b.nodes.map((n) => n.key), ...(b.hidden ?? []).map((h) => h.id)]));
    const at = new Map<string, { x: number; y: number }>();
    for (const b of boxes) for (const n of [...b.nodes.map((p) => ({ id: p.key, x: p.x, y: p.y })), ...(b.hidden ?? [])]) at.set(n.id, { x: b.x + n.x, y: b.y + n.y });
    const hiddenEdges = boxes.flatMap((b) => (b.hidden ?? []).filter((h) => h.parent !== null && at.has(h.parent)).map((h) => ({ id: `${h.id}:edge`, source: h.parent!, target: h.id })));
    const parentEdges = a.graph.parentEdges.filter((e) => at.has(e.parent) && at.has(e.child)).map((e) => ({ id: e.id, source: e.parent, target: e.child }));
    const linkEdges = a.graph.linkEdges.filter((e) => at.has(e.from) && at.has(e.to)).map((e) => ({ id: e.id, source: e.from, target: e.to }));
    const want = [...hiddenEdges, ...parentEdges, ...linkEdges];
    expect(hiddenEdges.length).toBeGreaterThan(0);
    expect(linkEdges.length).toBeGreaterThan(0);
    expect(edges.map((e) => ({ id: e.id, source: e.source, target: e.target }))).toEqual(want);
    // Each leaves and enters by the sides that face the other end.
    for (const e of edges) {
      const sides = sidesFor(at.get(e.source)!, at.get(e.target)!);
      expect([e.sourceHandle, e.targetHandle]).toEqual([`s-${sides.source}`, `t-${sides.target}`]);
    }
  });

  it('makes a node only when asked for, and the same object every time after', async () => {
    const a = await analysisOf(specs());
    const drawn = drawnSpans(a, currentView(a, 'spans', null, false), new Set([traceId('a')]));
    const index = new FlowIndex(a.graph, drawn.layout);
    const boxA = index.boxes.find((b) => b.data.traceId === traceId('a'))!;
    const corner: Region = { x0: boxA.position.x, y0: boxA.position.y, x1: boxA.position.x + 400, y1: boxA.position.y + 200 };
    const first = index.inRegion(corner, true);
    const spans = first.nodes.filter((n) => n.type === 'span');
    // A corner of a 1,201-span box: a handful of spans, not all of them.
    expect(spans.length).toBeGreaterThan(0);
    expect(spans.length).toBeLessThan(30);
    const again = index.inRegion(corner, true);
    expect(again.nodes).not.toBe(first.nodes);
    again.nodes.forEach((n, i) => expect(n).toBe(first.nodes[i]));
    again.edges.forEach((e, i) => expect(e).toBe(first.edges[i]));
    // The whole is made of the same objects, and is itself the same object each time.
    const all = index.all();
    expect(index.all()).toBe(all);
    for (const n of spans) expect(all.nodes).toContain(n);
    // Not measured yet: the boxes alone.
    expect(index.inRegion(null, true)).toEqual({ nodes: index.boxes, edges: [] });
  });

  it('draws a span its layout names and its graph lacks as a missing span, not a crash', async () => {
    const a = await analysisOf(specs());
    const box = a.layout.traces.find((t) => t.traceId === traceId('b'))!;
    const stray = key('b', 'dead');
    const layout = { ...a.layout, traces: a.layout.traces.map((t) => (t === box ? { ...t, nodes: [...t.nodes, { key: stray, x: 0, y: 300, depth: 0 }] } : t)) };
    const node = toFlow(a.graph, layout).nodes.find((n) => n.id === stray);
    expect(node).toMatchObject({ type: 'placeholder', data: { key: stray, spanId: spanId('dead'), reason: 'missing-span' } });
  });

  it('counts, culls and places as the source over the elements made all at once (eagerSource)', async () => {
    const a = await analysisOf(specs());
    const drawn = drawnSpans(a, currentView(a, 'spans', null, false));
    const whole = toFlow(a.graph, drawn.layout);
    const eager = eagerSource(whole);
    const index = new FlowIndex(a.graph, drawn.layout);
    expect([index.nodeCount, index.edgeCount, index.hasLinks]).toEqual([eager.nodeCount, eager.edgeCount, eager.hasLinks]);
    expect(ids(index.boxes)).toEqual(ids(whole.nodes.filter((n) => n.type === 'trace')));
    // At the trace level the links canvas draws the boxes zoomed far out: no nodes then.
    expect(eager.boxes).toEqual([]);
    for (const region of regions(drawn.layout.width, drawn.layout.height)) expect(ids(index.inRegion(region, true).nodes)).toEqual(ids(eager.inRegion(region, true).nodes));
    for (const n of whole.nodes) expect(index.locate(n.id)).toEqual(eager.locate(n.id));
  });
});
