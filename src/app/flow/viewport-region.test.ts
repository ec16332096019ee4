import { describe, expect, it } from 'vitest';
import type { ReactFlowState } from '@xyflow/react';
import { SPAN_NODE_WIDTH, spanKey } from '../../core';
import { spanId, traceId, type SpanSpec } from '../../core/test-support/make-span';
import { analysisOf } from '../test-support/analysis.testutil';
import { inRegion, parseRegion, selectRegionKey } from './viewport-region';
import { toFlow } from './to-flow';

describe('selectRegionKey', () => {
  const state = (tx: number, ty: number, zoom: number, width = 1000, height = 800) =>
    ({ transform: [tx, ty, zoom], width, height }) as unknown as ReactFlowState;

  it('pads the viewport by half on each side and snaps it outwards to the grid', () => {
    // Viewport (0,0)-(1000,800) at zoom 1: padded (-500,-400)-(1500,1200), snapped to 1024s.
    expect(parseRegion(selectRegionKey(state(0, 0, 1)))).toEqual({ x0: -1024, y0: -1024, x1: 2048, y1: 2048 });
    // Zoom 0.5 sees twice as far.
    expect(parseRegion(selectRegionKey(state(0, 0, 0.5)))).toEqual({ x0: -1024, y0: -1024, x1: 3072, y1: 3072 });
  });

  it('changes only when the viewport crosses a grid line', () => {
    expect(selectRegionKey(state(-10, -10, 1))).toBe(selectRegionKey(state(-20, -5, 1)));
    expect(selectRegionKey(state(-600, 0, 1))).not.toBe(selectRegionKey(state(0, 0, 1)));
    expect(selectRegionKey(state(0, 0, 1, 0, 0))).toBe('');
  });
});

describe('inRegion', () => {
  it('keeps every box, the spans that meet the region and the far ends of their edges', async () => {
    // A chain of 40 spans: one per column, 268 graph units apart.
    const specs: SpanSpec[] = Array.from({ length: 40 }, (_, i) => ({ trace: 'a', id: `${i + 1}`, parent: i === 0 ? undefined : `${i}`, startUs: i }));
    specs.push({ trace: 'b', id: 'ff', startUs: 1, links: [{ traceId: traceId('a'), spanId: spanId('28'), valid: true, attributes: [] }] });
    const a = await analysisOf(specs);
    const flow = toFlow(a.graph, a.layout);
    const boxA = flow.nodes.find((n) => n.id === 'trace:' + traceId('a'))!;
    const region = { x0: boxA.position.x, y0: boxA.position.y, x1: boxA.position.x + 3 * (SPAN_NODE_WIDTH + 48), y1: boxA.position.y + 200 };
    const { nodes, edges } = inRegion(flow.nodes, flow.edges, region);
    const ids = new Set(nodes.map((n) => n.id));
    expect(nodes.filter((n) => n.type === 'trace')).toHaveLength(flow.nodes.filter((n) => n.type === 'trace').length);
    const spans = nodes.filter((n) => n.type === 'span').map((n) => n.id);
    // Columns 0..2 meet the region (column 3 starts 16 units past it); span 4 is the far end of the edge 3 -> 4.
    expect(spans.filter((id) => id.startsWith(traceId('a')))).toEqual(['1', '2', '3', '4'].map((s) => spanKey(traceId('a'), spanId(s))));
    expect(edges.map((e) => e.target).filter((t) => t.startsWith(traceId('a')))).toEqual(['2', '3', '4'].map((s) => spanKey(traceId('a'), spanId(s))));
    for (const e of edges) expect(ids.has(e.source) && ids.has(e.target)).toBe(true);
    // Parents come before their children.
    const seen = new Set<string>();
    for (const n of nodes) {
      if (n.parentId) expect(seen.has(n.parentId)).toBe(true);
      seen.add(n.id);
    }
    // Before the canvas is measured: the boxes alone.
    expect(inRegion(flow.nodes, flow.edges, null).nodes.every((n) => n.type === 'trace')).toBe(true);
  });
});
