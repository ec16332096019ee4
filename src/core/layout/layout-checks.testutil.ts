/**
 * Test helper: geometric checks shared by the layout tests: overlaps (found by bucketing
 * rectangles into a grid, so it stays near-linear for 100k nodes), and the order, bounds and
 * causal direction of a graph layout's trace boxes.
 */
import { expect } from 'vitest';
import type { LinkGraph } from '../graph/types';
import type { SpanKey, TraceId } from '../ids';
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
