import { describe, expect, it } from 'vitest';
import type { TraceId } from '../ids';
import type { GraphLayout, TraceBoxLayout } from './types';
import { compactLayout } from './compact-layout';

const box = (id: string, x: number, y: number, width = 100, height = 50): TraceBoxLayout => ({
  traceId: id as TraceId,
  x,
  y,
  width,
  height,
  nodes: [],
});
const overlap = (a: TraceBoxLayout, b: TraceBoxLayout) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('compactLayout', () => {
  const layout: GraphLayout = {
    traces: [box('a', 0, 0), box('b', 300, 0), box('c', 600, 0), box('d', 600, 400), box('e', 900, 200, 300, 300)],
    width: 1200,
    height: 500,
  };

  it('closes the gaps left by dropped boxes and keeps the order', () => {
    const out = compactLayout(layout, new Set(['a', 'c', 'd'] as TraceId[]));
    expect(out.traces.map((b) => b.traceId)).toEqual(['a', 'c', 'd']);
    const [a, c, d] = out.traces;
    expect(a).toMatchObject({ x: 0, y: 0 });
    expect(c).toMatchObject({ x: 220, y: 0 }); // 100 wide + LAYER_GAP (120) between columns
    expect(d).toMatchObject({ x: 220, y: 98 }); // 50 high + BOX_GAP (48) within a column
    expect(out.width).toBe(320);
    expect(out.height).toBe(148);
  });

  it('never makes kept boxes overlap', () => {
    for (const keep of [['a', 'e'], ['b', 'd', 'e'], ['a', 'b', 'c', 'd', 'e']]) {
      const out = compactLayout(layout, new Set(keep as TraceId[]));
      for (const p of out.traces) for (const q of out.traces) if (p !== q) expect(overlap(p, q)).toBe(false);
      for (const b of out.traces) {
        const orig = layout.traces.find((o) => o.traceId === b.traceId)!;
        expect([b.width, b.height]).toEqual([orig.width, orig.height]);
      }
    }
  });

  it('keeping nothing gives an empty layout', () => {
    expect(compactLayout(layout, new Set())).toEqual({ traces: [], width: 0, height: 0 });
  });
});
