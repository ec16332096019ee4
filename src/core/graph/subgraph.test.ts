import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateOtlp } from '../../../scripts/gen-traces';
import { analyse } from '../analyse';
import type { TraceId } from '../ids';
import { layoutGraph } from '../layout/elk-layout';
import { readTraceFile } from '../readers/index';
import { subgraph, sublayout } from './subgraph';
import type { LinkGraph } from './types';

const DEMO = resolve(process.cwd(), 'public/demo');
const demo = analyse(
  ['order-flow.json', 'email-retries.json', 'analytics-and-refunds.json'].map((n) => readTraceFile(n, new Uint8Array(readFileSync(resolve(DEMO, n))))),
).graph;

/** What the cut must hold, by a plain scan of the whole graph. */
function expected(graph: LinkGraph, traces: ReadonlySet<TraceId>) {
  const own = new Set<string>();
  graph.spans.forEach((s, k) => traces.has(s.traceId) && own.add(k));
  graph.placeholders.forEach((p, k) => traces.has(p.traceId) && own.add(k));
  const links = graph.linkEdges.filter((e) => own.has(e.from) || own.has(e.to));
  const ends = new Set(links.flatMap((e) => [e.from, e.to]));
  return { own, links, parents: graph.parentEdges.filter((e) => own.has(e.child)), nodes: new Set([...own, ...ends]) };
}

function check(graph: LinkGraph, traces: ReadonlySet<TraceId>): LinkGraph {
  const cut = subgraph(graph, traces);
  const want = expected(graph, traces);
  expect([...cut.traces.keys()].sort()).toEqual([...traces].filter((t) => graph.traces.has(t)).sort());
  expect(cut.linkEdges.map((e) => e.id)).toEqual(want.links.map((e) => e.id));
  expect(cut.parentEdges.map((e) => e.id)).toEqual(want.parents.map((e) => e.id));
  expect(new Set([...cut.spans.keys(), ...cut.placeholders.keys()])).toEqual(want.nodes);
  for (const [k, s] of cut.spans) expect(s).toBe(graph.spans.get(k));
  return cut;
}

describe('subgraph', () => {
  it('holds each demo trace with its spans, edges and the far ends of its links', () => {
    let linkedOut = 0;
    for (const traceId of demo.traces.keys()) {
      const cut = check(demo, new Set([traceId]));
      for (const [, s] of cut.spans) if (s.traceId !== traceId) linkedOut++;
    }
    // The demo links across traces: some far ends come from other traces.
    expect(linkedOut).toBeGreaterThan(0);
    expect(check(demo, new Set(demo.traces.keys())).spans.size).toBe(demo.spans.size);
  });

  it('is plain data: Maps that survive structured cloning, whatever map type the graph has', () => {
    const first = [...demo.traces.keys()][0]!;
    const copy = structuredClone(subgraph(demo, new Set([first])));
    expect(copy.spans).toBeInstanceOf(Map);
    expect(copy.traces.get(first)?.spans.every((k) => copy.spans.has(k))).toBe(true);
  });

  it('cuts one trace of 100,000 spans to its own spans and link ends, in well under 100 ms', async () => {
    const text = generateOtlp({ traces: 100, spansPerTrace: 1000, links: 20_000, missingRatio: 0.05, seed: 1 });
    const graph = analyse([readTraceFile('big.json', text)]).graph;
    const trace = [...graph.traces.keys()][40]!;
    // The best of five (the machine may be shared): it is linear in the graph's edges, not quadratic.
    let ms = Infinity;
    let cut = subgraph(graph, new Set([trace]));
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      cut = subgraph(graph, new Set([trace]));
      ms = Math.min(ms, performance.now() - t0);
    }
    expect(cut.traces.get(trace)?.spans).toHaveLength(1000);
    expect(cut.spans.size).toBeLessThan(2000);
    check(graph, new Set([trace]));
    expect(ms).toBeLessThan(100);
    const layout = await layoutGraph(graph);
    const boxes = sublayout(layout, new Set([trace]));
    expect(boxes.traces.map((b) => b.traceId)).toEqual([trace]);
    expect(boxes.traces[0]).toBe(layout.traces.find((b) => b.traceId === trace));
  }, 60_000);
});
