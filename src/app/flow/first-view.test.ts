import { describe, expect, it } from 'vitest';
import type { GraphLayout, SpanKey, TraceBoxLayout, TraceId } from '../../core';
import { changedTrace, drawnAt, firstViewBounds, isSpreadOut, rootOf } from './first-view';

const box = (id: string, x: number, y: number, width: number, height: number): TraceBoxLayout => ({ traceId: id as TraceId, x, y, width, height, nodes: [] });

describe('firstViewBounds', () => {
  const layout = (traces: TraceBoxLayout[]): GraphLayout => ({ traces, width: 0, height: 0 });

  it('fits every box of a small graph', () => {
    expect(firstViewBounds(layout([box('a', 0, 0, 300, 200), box('b', 5000, 0, 300, 5000)]), false)).toEqual({ x: 0, y: 0, width: 5300, height: 5000 });
    expect(isSpreadOut([box('a', 0, 0, 300, 200), box('b', 5000, 0, 300, 5000)])).toBe(false);
  });

  it('looks at the first boxes of a small graph that reaches too far to read when fitted whole', () => {
    // 200 traces in a chain of links, one per column: 80,000 units wide (fitted whole: 0.05x).
    const chain = Array.from({ length: 200 }, (_, i) => box(`t${i}`, i * 400, 0, 280, 90));
    expect(isSpreadOut(chain)).toBe(true);
    expect(firstViewBounds(layout(chain), false)).toEqual({ x: 0, y: 0, width: 1480, height: 90 });
    // As tall: the same.
    const column = Array.from({ length: 200 }, (_, i) => box(`t${i}`, 0, i * 200, 280, 90));
    expect(isSpreadOut(column)).toBe(true);
    expect(firstViewBounds(layout(column), false)).toEqual({ x: 0, y: 0, width: 280, height: 1290 });
  });

  it('fits the leftmost boxes of a large graph, and only the top-left of a huge first box', () => {
    expect(firstViewBounds(layout([box('a', 0, 0, 300, 200), box('b', 400, 0, 300, 500), box('c', 5000, 0, 300, 200)]), true)).toEqual({ x: 0, y: 0, width: 700, height: 500 });
    // A 10,000-span trace: 3,000 wide and 700,000 tall.
    expect(firstViewBounds(layout([box('a', 100, 50, 3000, 700_000)]), true)).toEqual({ x: 100, y: 50, width: 1800, height: 1400 });
  });

  it('looks at an opened large trace first (not the neighbours left of it), with room above for the bar and notice', () => {
    const boxes = [box('left', 0, 0, 300, 200), box('open', 400, 100, 3000, 90_000), box('right', 3500, 0, 300, 200)];
    const bounds = firstViewBounds(layout(boxes), true, 'open' as TraceId)!;
    expect(bounds.x).toBe(400);
    expect(bounds.width).toBe(1800);
    expect(bounds.y).toBeLessThan(100);
    expect(bounds.y + bounds.height).toBe(100 + 1400);
    // A small graph is fitted whole even with a trace open (unless it reaches too far to read); an id not drawn changes nothing.
    const near = [box('left', 0, 0, 300, 200), box('open', 400, 100, 3000, 4000), box('right', 3500, 0, 300, 200)];
    expect(firstViewBounds(layout(near), false, 'open' as TraceId)).toEqual({ x: 0, y: 0, width: 3800, height: 4100 });
    // A small graph that reaches too far (the opened trace among 30 stacked neighbours) looks at the opened trace, as a large one does.
    const stacked = [...Array.from({ length: 30 }, (_, i) => box(`n${i}`, 0, i * 250, 300, 200)), box('open', 400, 3000, 800, 600)];
    expect(firstViewBounds(layout(stacked), false, 'open' as TraceId)).toEqual(firstViewBounds(layout(stacked), true, 'open' as TraceId));
    expect(firstViewBounds(layout(stacked), false, 'open' as TraceId)!.x).toBe(400);
    expect(firstViewBounds(layout(boxes), true, 'gone' as TraceId)).toEqual(firstViewBounds(layout(boxes), true));
  });

  it('looks at the root of a huge box, which the tree layout centres on its subtree, not at an empty top-left corner', () => {
    const nodes = [
      { key: 'deep' as SpanKey, x: 3000, y: 50, depth: 14 },
      { key: 'root' as SpanKey, x: 16, y: 23_865, depth: 0 },
    ];
    const big = { traceId: 'a' as TraceId, x: 0, y: 0, width: 200_000, height: 46_000, nodes };
    const bounds = firstViewBounds(layout([big]), true)!;
    expect(bounds.x).toBe(0);
    expect(bounds.y).toBeLessThan(23_865);
    expect(bounds.y + bounds.height).toBeGreaterThan(23_865 + 36);
    expect(bounds.height).toBe(1400);
    // Opened, the same: the root in view.
    const opened = firstViewBounds(layout([big]), true, 'a' as TraceId)!;
    expect(opened.y).toBeLessThan(23_865);
    expect(opened.y + opened.height).toBeGreaterThan(23_865 + 36);
  });
});

describe('the anchor of an expanded or collapsed trace', () => {
  const key = (k: string) => k as SpanKey;
  const withNodes = (b: TraceBoxLayout, nodes: TraceBoxLayout['nodes']): TraceBoxLayout => ({ ...b, nodes });
  const t = (id: string) => id as TraceId;

  it('is the trace’s first root by key, found again wherever it is drawn after', () => {
    // Two roots (one an orphan): the upper one is the anchor.
    const before: GraphLayout = {
      traces: [withNodes(box('a', 100, 50, 3000, 900), [{ key: key('a/1'), x: 20, y: 400, depth: 0 }, { key: key('a/9'), x: 20, y: 700, depth: 0 }, { key: key('a/2'), x: 260, y: 10, depth: 1 }])],
      width: 0,
      height: 0,
    };
    expect(rootOf(before, t('a'))).toEqual({ key: 'a/1', x: 120, y: 450 });
    // Shown all: the root moved down and an orphan now sits above it; the same span is found.
    const after: GraphLayout = {
      traces: [withNodes(box('a', 100, 50, 3000, 90_000), [{ key: key('a/9'), x: 20, y: 100, depth: 0 }, { key: key('a/1'), x: 20, y: 45_000, depth: 0 }])],
      width: 0,
      height: 0,
    };
    expect(drawnAt(after, t('a'), key('a/1'))).toEqual({ x: 120, y: 45_050 });
    expect(drawnAt(after, t('a'), key('a/2'))).toBeNull();
    expect(rootOf(after, t('b'))).toBeNull();
  });

  it('is taken only when one trace was expanded or collapsed', () => {
    const set = (...ids: string[]) => new Set(ids.map(t));
    expect(changedTrace(set(), set('a'))).toBe('a');
    expect(changedTrace(set('a', 'b'), set('b'))).toBe('a');
    expect(changedTrace(set('a'), set('a'))).toBeNull();
    expect(changedTrace(set('a'), set('b'))).toBeNull();
    expect(changedTrace(set(), set('a', 'b'))).toBeNull();
  });
});
