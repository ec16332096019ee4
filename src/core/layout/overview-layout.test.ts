import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyse } from '../analyse';
import type { LinkGraph } from '../graph/types';
import type { SpanKey, TraceId } from '../ids';
import { readTraceFile } from '../readers/index';
import { makeGraph, type SpanSpec } from './graph-builder.testutil';
import { overlappingPairs } from './layout-checks.testutil';
import { OVERVIEW_NODE_HEIGHT, OVERVIEW_NODE_WIDTH, layoutOverview } from './overview-layout';
import { orderTraces } from './trace-order';
import type { GraphLayout } from './types';

const t = (c: string) => c.repeat(32);

/** Order -> payment/inventory -> shipping, a cycle (e <-> f), a missing trace and a lone trace. */
function sampleGraph(): LinkGraph {
  const [O, P, I, S, X, Y, L] = ['a', 'b', 'c', 'd', 'e', 'f', '1'].map(t) as [string, string, string, string, string, string, string];
  return makeGraph([
    { trace: O, span: 'o1', start: 100 },
    { trace: O, span: 'o2', parent: 'o1', start: 101 },
    { trace: O, span: 'o3', parent: 'o2', start: 102 },
    { trace: P, span: 'p1', start: 200, links: [`${O}/o3`] },
    { trace: P, span: 'p2', parent: 'p1', start: 201 },
    { trace: I, span: 'i1', start: 210, links: [`${O}/o3`] },
    { trace: S, span: 's1', start: 300, links: [`${P}/p2`, `${I}/i1`, `${t('9')}/lost`] },
    { trace: X, span: 'x1', start: 50, links: [`${Y}/y1`] },
    { trace: Y, span: 'y1', start: 60, links: [`${X}/x1`] },
    { trace: L, span: 'l1', start: 10 },
  ]);
}

const traceOf = (graph: LinkGraph, key: SpanKey): TraceId =>
  (graph.spans.get(key)?.traceId ?? graph.placeholders.get(key)!.traceId) as TraceId;

/** One fixed-size box per trace, in causal order, inside the bounds, no two overlapping. */
function expectSound(graph: LinkGraph, layout: GraphLayout) {
  expect(layout.traces.map((b) => b.traceId)).toEqual(orderTraces(graph));
  for (const box of layout.traces) {
    expect([box.width, box.height, box.nodes]).toEqual([OVERVIEW_NODE_WIDTH, OVERVIEW_NODE_HEIGHT, []]);
    expect(box.x + box.width).toBeLessThanOrEqual(layout.width);
    expect(box.y + box.height).toBeLessThanOrEqual(layout.height);
  }
  expect(overlappingPairs(layout.traces)).toEqual([]);
}

/** Cross-trace links run left to right: the linked trace's box ends before the linking trace's box. */
function expectCausal(graph: LinkGraph, layout: GraphLayout, skip: ReadonlySet<string> = new Set()) {
  const box = new Map(layout.traces.map((b) => [b.traceId as string, b]));
  let checked = 0;
  for (const e of graph.linkEdges) {
    const from = traceOf(graph, e.from);
    const to = traceOf(graph, e.to);
    if (from === to || skip.has(from) || skip.has(to)) continue;
    expect(box.get(from)!.x).toBeLessThan(box.get(to)!.x);
    expect(box.get(from)!.x + box.get(from)!.width).toBeLessThanOrEqual(box.get(to)!.x);
    checked++;
  }
  return checked;
}

describe('layoutOverview', () => {
  it('places one fixed-size box per trace with ELK, left to right by causality, without overlaps', async () => {
    const g = sampleGraph();
    const layout = await layoutOverview(g);
    expect(layout.traces).toHaveLength(g.traces.size);
    expectSound(g, layout);
    expect(expectCausal(g, layout, new Set([t('e'), t('f')]))).toBe(5);
  });

  it('gives the same result twice (deterministic)', async () => {
    const g = sampleGraph();
    expect(await layoutOverview(g)).toEqual(await layoutOverview(g));
  });

  it('packs columns by causal rank past the box or pair budget, as layoutGraph does', async () => {
    const g = sampleGraph();
    const packed = await layoutOverview(g, { maxElkBoxes: 0 });
    expectSound(g, packed);
    expectCausal(g, packed, new Set([t('e'), t('f')]));
    expect(await layoutOverview(g, { maxElkEdges: 0 })).toEqual(packed);
    expect(await layoutOverview(g)).not.toEqual(packed);
  });

  it('uses the packing past 500 traces by default, and stays quick', async () => {
    const id = (i: number) => i.toString(16).padStart(32, '0');
    const specs: SpanSpec[] = [];
    for (let i = 0; i < 1_500; i++) {
      specs.push({ trace: id(i), span: 'r', start: i, links: i % 3 === 0 ? [] : [`${id(i - 1)}/r`] });
      for (let k = 0; k < i % 4; k++) specs.push({ trace: id(i), span: `c${k}`, parent: 'r', start: i + k });
    }
    const g = makeGraph(specs);
    const t0 = performance.now();
    const layout = await layoutOverview(g);
    expect(performance.now() - t0).toBeLessThan(8_000);
    expect(layout.traces).toHaveLength(1_500);
    expectSound(g, layout);
    expectCausal(g, layout);
  }, 30_000);

  it('returns an empty layout for an empty graph', async () => {
    expect(await layoutOverview(makeGraph([]))).toEqual({ traces: [], width: 0, height: 0 });
  });

  it('lays the demo traces out left to right by every cross-trace link, placeholder boxes included', async () => {
    const dir = new URL('../../../public/demo/', import.meta.url);
    const files = (JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')) as { files: string[] }).files;
    const g = analyse(files.map((f) => readTraceFile(f, readFileSync(new URL(f, dir))))).graph;
    const layout = await layoutOverview(g);
    expect(layout.traces).toHaveLength(12);
    expectSound(g, layout);
    // All 15 demo links cross traces; none is in a cycle.
    expect(expectCausal(g, layout)).toBe(15);
  });
});
