/**
 * Test helper: geometric checks shared by the layout tests: overlaps (found by bucketing
 * rectangles into a grid, so it stays near-linear for 100k nodes), the order, bounds and causal
 * direction of a graph layout's trace boxes, and the tests every graph-level layout passes.
 */
import { expect, it } from 'vitest';
import type { LinkGraph } from '../graph/types';
import type { SpanKey, TraceId } from '../ids';
import type { LayoutGraphOptions } from './elk-layout';
import { linkedChains, makeGraph, SAMPLE_CYCLE, sampleGraph } from './graph-builder.testutil';
import { orderTraces } from './trace-order';
import type { GraphLayout, TraceBoxLayout } from './types';

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Pairs of rectangles that overlap (touching edges do not count), at most `limit` of them. */
export function overlappingPairs<T extends Rect>(rects: readonly T[], limit = 5): [T, T][] {
  if (rects.length === 0) return [];
  let cw = 1;
  let ch = 1;
  for (const r of rects) {
    cw = Math.max(cw, r.width);
    ch = Math.max(ch, r.height);
  }
  // A cell is as large as the largest rectangle, so each rectangle touches at most 2x2 cells.
  const cells = new Map<string, number[]>();
  const found: [T, T][] = [];
  const seen = new Set<string>();
  rects.forEach((r, i) => {
    const x0 = Math.floor(r.x / cw);
    const y0 = Math.floor(r.y / ch);
    const x1 = Math.floor((r.x + r.width) / cw);
    const y1 = Math.floor((r.y + r.height) / ch);
    for (let cx = x0; cx <= x1; cx++) {
      for (let cy = y0; cy <= y1; cy++) {
        const key = `${cx},${cy}`;
        const list = cells.get(key) ?? [];
        for (const j of list) {
          const a = rects[j]!;
          const pair = `${j},${i}`;
          if (seen.has(pair)) continue;
          if (a.x < r.x + r.width && r.x < a.x + a.width && a.y < r.y + r.height && r.y < a.y + a.height) {
            seen.add(pair);
            if (found.length < limit) found.push([a, r]);
          }
        }
        list.push(i);
        cells.set(key, list);
      }
    }
  });
  return found;
}

/**
 * One box per trace, in causal order, inside the layout's bounds, no two overlapping; `expectBox`
 * checks each box's own size and content.
 */
export function expectSoundBoxes(graph: LinkGraph, layout: GraphLayout, expectBox: (box: TraceBoxLayout) => void): void {
  expect(layout.traces.map((b) => b.traceId)).toEqual(orderTraces(graph));
  for (const box of layout.traces) {
    expectBox(box);
    expect(box.x + box.width).toBeLessThanOrEqual(layout.width);
    expect(box.y + box.height).toBeLessThanOrEqual(layout.height);
  }
  expect(overlappingPairs(layout.traces)).toEqual([]);
}

const traceOf = (graph: LinkGraph, key: SpanKey): TraceId => (graph.spans.get(key)?.traceId ?? graph.placeholders.get(key)!.traceId) as TraceId;

/**
 * Cross-trace links run left to right: the linked trace's box ends before the linking trace's
 * box starts (links within a trace, or touching a trace in `skip`, are passed over). Returns how
 * many links were checked.
 */
export function expectCausal(graph: LinkGraph, layout: GraphLayout, skip: ReadonlySet<string> = new Set()): number {
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

/**
 * The tests every graph-level layout (`layoutGraph`, `layoutOverview`) passes, on `sampleGraph`
 * and on 1,500 linked traces: sound boxes (`expectSound`) left to right by links, the same result
 * twice, columns packed by causal rank past the box or the pair budget (and past 500 boxes by
 * default, quickly), an empty layout for an empty graph. Call inside a `describe`.
 */
export function layoutContract(
  layout: (graph: LinkGraph, opts?: LayoutGraphOptions) => Promise<GraphLayout>,
  expectSound: (graph: LinkGraph, layout: GraphLayout) => void,
): void {
  it('places one box per trace with ELK, without overlaps, left to right by links', async () => {
    const g = sampleGraph();
    const l = await layout(g);
    expect(l.traces).toHaveLength(g.traces.size);
    expectSound(g, l);
    expect(expectCausal(g, l, SAMPLE_CYCLE)).toBe(5);
  });

  it('gives the same result twice (deterministic)', async () => {
    const g = sampleGraph();
    expect(await layout(g)).toEqual(await layout(g));
  });

  it('packs columns by causal rank past the box or the linked-pair budget', async () => {
    const g = sampleGraph();
    const packed = await layout(g, { maxElkBoxes: 0 });
    expectSound(g, packed);
    expectCausal(g, packed, SAMPLE_CYCLE);
    expect(await layout(g, { maxElkEdges: 0 })).toEqual(packed);
    expect(await layout(g)).not.toEqual(packed);
  });

  it('uses the packing past 500 boxes by default, and stays quick', async () => {
    // Chains of 3 linked traces plus their own small trees.
    const g = makeGraph(linkedChains(1_500));
    const t0 = Date.now(); // `performance` is not in the lib src/core is built with
    const l = await layout(g);
    // Packing takes well under a second; ELK on 1,500 boxes would take tens of seconds. The bound
    // is loose so that a busy CI machine does not fail it.
    expect(Date.now() - t0).toBeLessThan(8_000);
    expect(l.traces).toHaveLength(1_500);
    expectSound(g, l);
    expectCausal(g, l);
  }, 30_000);

  it('returns an empty layout for an empty graph', async () => {
    expect(await layout(makeGraph([]))).toEqual({ traces: [], width: 0, height: 0 });
  });
}
