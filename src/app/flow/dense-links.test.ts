import { getBezierPath, Position } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import { makeLink } from '../../core/test-support/make-span';
import { currentView } from '../store/current-view';
import { analysisOf } from '../test-support/analysis.testutil';
import { drawnTraces } from './drawn-view';
import { DenseLinkWork, denseLinks, isTraceLink, linksIn, regionAround, type DenseLinks } from './dense-links';
import { overviewToFlow } from './overview-to-flow';
import { handlesFor, sidesFor } from './flow-parts';
import type { AppNode, TraceLinkFlowEdge } from './flow-types';

/** Link `i` as SVG path text, as React Flow's getBezierPath writes it. */
function linkPath(links: DenseLinks, i: number): string {
  const q = links.points.subarray(8 * i, 8 * i + 8);
  return `M${q[0]},${q[1]} C${q[2]},${q[3]} ${q[4]},${q[5]} ${q[6]},${q[7]}`;
}

const node = (id: string, x: number, y: number): AppNode =>
  ({ id, type: 'traceSummary', position: { x, y }, width: 200, height: 60, handles: handlesFor(200, 60), data: {} }) as unknown as AppNode;
const edge = (source: string, target: string, count: number, broken = 0): TraceLinkFlowEdge => ({
  id: `${source}>${target}`,
  type: 'traceLink',
  source,
  target,
  sourceHandle: 's-r',
  targetHandle: 't-l',
  data: { count, broken },
});

describe('dense links', () => {
  it('are the bezier TraceLinkEdge would draw, between the same handles, as wide and as red', () => {
    const nodes = [node('a', 0, 0), node('b', 600, 300), node('c', 600, -300)];
    const links = denseLinks(nodes, [edge('a', 'b', 1), edge('a', 'c', 64, 2)]);
    expect(links.count).toBe(2);
    // Where React Flow's SVG edge meets the handles (getHandlePosition: a right handle's outer
    // edge, a left handle's inner one): `s-r` of a at (200, 30), `t-l` of b at (600, 330).
    const [path] = getBezierPath({ sourceX: 200, sourceY: 30, sourcePosition: Position.Right, targetX: 600, targetY: 330, targetPosition: Position.Left });
    expect(linkPath(links, 0)).toBe(path);
    expect([links.width[0], links.broken[0]]).toEqual([Math.fround(1.8), 0]);
    expect([links.width[1], links.broken[1]]).toEqual([6, 1]);
    expect([...links.box.subarray(0, 4)]).toEqual([200, 30, 600, 330]);
  });

  it('curve as React Flow curves them from every side, backwards too', () => {
    const nodes = [node('a', 0, 0), node('b', 100, 400), node('c', -700, 10)];
    // Each with the endpoints React Flow gives those handles of 200 x 60 nodes (getHandlePosition).
    const cases: [TraceLinkFlowEdge, Position, Position, [number, number, number, number]][] = [
      [{ ...edge('a', 'b', 2), sourceHandle: 's-b', targetHandle: 't-t' }, Position.Bottom, Position.Top, [100, 60, 200, 400]],
      [{ ...edge('a', 'c', 2), sourceHandle: 's-r', targetHandle: 't-l' }, Position.Right, Position.Left, [200, 30, -700, 40]],
      [{ ...edge('b', 'a', 2), sourceHandle: 's-t', targetHandle: 't-b' }, Position.Top, Position.Bottom, [200, 400, 100, 60]],
      [{ ...edge('a', 'c', 2), sourceHandle: 's-l', targetHandle: 't-r' }, Position.Left, Position.Right, [0, 30, -500, 40]],
    ];
    const links = denseLinks(nodes, cases.map(([e]) => e));
    expect(links.count).toBe(cases.length);
    cases.forEach(([, from, to, [sourceX, sourceY, targetX, targetY]], i) => {
      const [path] = getBezierPath({ sourceX, sourceY, sourcePosition: from, targetX, targetY, targetPosition: to });
      expect(linkPath(links, i)).toBe(path);
    });
  });

  it('leave out an edge whose node or handle is not drawn', () => {
    expect(denseLinks([node('a', 0, 0)], [edge('a', 'gone', 3), { ...edge('a', 'a', 1), sourceHandle: 'nope' }]).count).toBe(0);
  });

  it('are culled to the view and a quarter of it again on every side', () => {
    const region = regionAround({ x: -1000, y: -500, zoom: 2 }, { width: 800, height: 400 });
    expect(region).toEqual({ x: 400, y: 200, width: 600, height: 300 });
    const nodes = [node('a', 500, 250), node('b', 800, 250), node('far', 5000, 5000), node('far2', 6000, 5000)];
    const links = denseLinks(nodes, [edge('a', 'b', 1), edge('far', 'far2', 1), edge('a', 'far', 1)]);
    // The long link leaves the region but starts inside it: drawn too.
    expect(linksIn(links, region)).toEqual([0, 2]);
  });

  it('take every trace-level edge of a real overview', async () => {
    const a = await analysisOf([
      { trace: 'a', id: '1' },
      { trace: 'b', id: '2', links: [makeLink('a', '1')] },
      { trace: 'c', id: '3', links: [makeLink('a', '1'), makeLink('f', '9')] },
    ]);
    const flow = overviewToFlow(drawnTraces(a, currentView(a, 'traces', null, false)));
    // b -> a, c -> a, and c -> the missing trace f.
    expect(flow.edges.filter(isTraceLink)).toHaveLength(3);
    // Each edge leaves and enters by the sides that face the other trace, worked out from where
    // the layout put the two boxes (not from the edges themselves).
    const centre = new Map(flow.nodes.map((n) => [n.id, { x: n.position.x + n.width! / 2, y: n.position.y + n.height! / 2 }]));
    for (const e of flow.edges) {
      const sides = sidesFor(centre.get(e.source)!, centre.get(e.target)!);
      expect([e.sourceHandle, e.targetHandle]).toEqual([`s-${sides.source}`, `t-${sides.target}`]);
    }
    // Each node renders just the handles its edges use: no more, no fewer.
    const uses = new Map<string, Set<string>>(flow.nodes.map((n) => [n.id, new Set()]));
    for (const e of flow.edges) {
      uses.get(e.source)!.add(e.sourceHandle!);
      uses.get(e.target)!.add(e.targetHandle!);
    }
    for (const n of flow.nodes) expect(new Set((n.data as { handleIds: readonly string[] }).handleIds)).toEqual(uses.get(n.id));
    const links = denseLinks(flow.nodes, flow.edges);
    expect(links.count).toBe(3);
    expect([...links.broken].filter((b) => b === 1)).toHaveLength(1);
  });

  it('worked out a few edges at a time are the links of one pass, in the same order', () => {
    const nodes = [node('a', 0, 0), node('b', 600, 300), node('c', 600, -300), node('d', -400, 900)];
    const pairs: [string, string][] = [['a', 'b'], ['a', 'c'], ['b', 'gone'], ['c', 'd'], ['d', 'a'], ['b', 'c'], ['a', 'd']];
    const edges = pairs.map(([s, t], i) => edge(s, t, i + 1, i % 3 === 0 ? 1 : 0));
    const whole = denseLinks(nodes, edges);
    const work = new DenseLinkWork(nodes, edges);
    const seen: number[] = [];
    while (!work.run(2)) seen.push(work.links.count);
    expect(work.done).toBe(true);
    // Two edges a slice; the one to the missing node is left out.
    expect(seen).toEqual([2, 3, 5]);
    const sliced = work.links;
    expect(sliced.count).toBe(6);
    expect(sliced.count).toBe(whole.count);
    expect([...sliced.points]).toEqual([...whole.points]);
    expect([...sliced.box]).toEqual([...whole.box]);
    expect([...sliced.width]).toEqual([...whole.width]);
    expect([...sliced.broken]).toEqual([...whole.broken]);
    // Done stays done.
    expect(work.run(5)).toBe(true);
    expect(work.links.count).toBe(6);
  });
});
