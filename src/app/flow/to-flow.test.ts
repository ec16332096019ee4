import type { LinkFlowEdge } from './flow-types';
import { describe, expect, it } from 'vitest';
import { spanKey, SPAN_NODE_WIDTH } from '../../core';
import { makeLink, spanId, traceId } from '../../core/test-support/make-span';
import { analysisOf } from '../test-support/analysis.testutil';
import { displayTraceId, sidesFor, SPAN_HANDLES, traceNodeId } from './flow-parts';
import { toFlow } from './to-flow';

const key = (trace: string, id: string) => spanKey(traceId(trace), spanId(id));

const specs = [
  { trace: 'a', id: '1', name: 'checkout', service: 'shop' },
  { trace: 'a', id: '2', parent: '1', name: 'publish', service: 'shop', kind: 'producer' as const },
  { trace: 'b', id: '3', name: 'process', service: 'billing', links: [makeLink('a', '2', { 'link.type': 'producer' })] },
  { trace: 'b', id: '4', parent: '3', name: 'charge', service: 'billing', links: [makeLink('e', '7'), makeLink('a', '8')] },
];

describe('toFlow', () => {
  it('draws one box per trace, every span and placeholder inside its box, and every edge', async () => {
    const a = await analysisOf(specs);
    const { nodes, edges } = toFlow(a.graph, a.layout);
    const boxes = nodes.filter((n) => n.type === 'trace');
    expect(boxes.map((b) => b.id).sort()).toEqual([...a.graph.traces.keys()].map(traceNodeId).sort());
    expect(nodes.filter((n) => n.type === 'span')).toHaveLength(a.summary.spans);
    const placeholders = nodes.filter((n) => n.type === 'placeholder');
    expect(placeholders.map((n) => n.id).sort()).toEqual([key('a', '8'), key('e', '7')].sort());
    for (const n of nodes) if (n.type !== 'trace') expect(n.parentId).toBe(traceNodeId(n.id.split('/')[0] as never));
    // React Flow needs parents before children.
    const seen = new Set<string>();
    for (const n of nodes) {
      if (n.parentId) expect(seen.has(n.parentId)).toBe(true);
      seen.add(n.id);
    }
    expect(edges.filter((e) => e.type === 'link')).toHaveLength(a.summary.links);
    expect(edges.filter((e) => e.type === 'parent')).toHaveLength(a.graph.parentEdges.length);
  });

  it('titles a box with its root span, and marks the missing trace box as a placeholder', async () => {
    const a = await analysisOf(specs);
    const { nodes } = toFlow(a.graph, a.layout);
    const boxA = nodes.find((n) => n.id === traceNodeId(traceId('a')));
    const boxE = nodes.find((n) => n.id === traceNodeId(traceId('e')));
    expect(boxA?.type === 'trace' && boxA.data).toMatchObject({ title: 'checkout', service: 'shop', placeholder: false, spanCount: 2 });
    expect(boxE?.type === 'trace' && boxE.data).toMatchObject({ title: 'missing trace', placeholder: true });
  });

  it('labels link edges with their attributes and marks broken ones', async () => {
    const a = await analysisOf(specs);
    const { edges } = toFlow(a.graph, a.layout);
    const links = edges.filter((e): e is LinkFlowEdge => e.type === 'link');
    const ok = links.find((e) => e.source === key('a', '2'));
    expect(ok?.data).toEqual({ status: 'ok', label: 'link.type: producer', short: 'link.type: producer' });
    expect(ok?.className).toBe('edge-link');
    const broken = links.filter((e) => e.data?.status !== 'ok');
    expect(broken.map((e) => e.data?.status).sort()).toEqual(['missing-span', 'missing-trace']);
    for (const e of broken) expect(e.className).toContain('edge-broken');
  });

  it('draws only visibleTraces, and only the edges between what is drawn', async () => {
    const a = await analysisOf(specs);
    const { nodes, edges } = toFlow(a.graph, a.layout, { visibleTraces: new Set([traceId('b'), traceId('e')]) });
    expect(nodes.length).toBeGreaterThan(0);
    for (const n of nodes) expect(n.id.includes(traceId('b')) || n.id.includes(traceId('e'))).toBe(true);
    const ids = new Set(nodes.map((n) => n.id));
    for (const e of edges) expect(ids.has(e.source) && ids.has(e.target)).toBe(true);
    expect(edges.some((e) => e.target === key('b', '4') && e.source === key('e', '7'))).toBe(true);
  });
});

describe('sidesFor', () => {
  it('leaves sideways between columns and vertically within one', () => {
    expect(sidesFor({ x: 0, y: 0 }, { x: SPAN_NODE_WIDTH * 2, y: 50 })).toEqual({ source: 'r', target: 'l' });
    expect(sidesFor({ x: 500, y: 0 }, { x: 0, y: 0 })).toEqual({ source: 'l', target: 'r' });
    expect(sidesFor({ x: 0, y: 0 }, { x: 10, y: 100 })).toEqual({ source: 'b', target: 't' });
    expect(sidesFor({ x: 0, y: 100 }, { x: 10, y: 0 })).toEqual({ source: 't', target: 'b' });
  });
});

describe('SPAN_HANDLES', () => {
  it('gives a source and a target handle on every side sidesFor can pick', () => {
    const ids = SPAN_HANDLES.map((h) => h.id).sort();
    expect(ids).toEqual(['s-b', 's-l', 's-r', 's-t', 't-b', 't-l', 't-r', 't-t']);
    for (const h of SPAN_HANDLES) {
      expect(h.x).toBeGreaterThanOrEqual(0);
      expect(h.x).toBeLessThan(SPAN_NODE_WIDTH);
    }
  });
});

describe('displayTraceId', () => {
  it('shows the significant half of a padded 64-bit id', () => {
    expect(displayTraceId('0000000000000000a1b2c3d4e5f60718')).toBe('a1b2c3d4');
    expect(displayTraceId('5b8efff798038103d269b633813fc60c')).toBe('5b8efff7');
    expect(displayTraceId('invalid:trace-123')).toBe('trace-12');
  });
});
