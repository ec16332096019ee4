import { describe, expect, it } from 'vitest';
import { spanKey } from '../../core';
import { makeLink, spanId, traceId } from '../../core/test-support/make-span';
import { analysisOf } from '../test-support/analysis.testutil';
import { diagnosticGroups, linkIndex, problemTraces, searchMatches } from './derived';

const key = (trace: string, id: string) => spanKey(traceId(trace), spanId(id));

const specs = [
  { trace: 'a', id: '1', name: 'publish order', service: 'shop', kind: 'producer' as const },
  { trace: 'b', id: '2', name: 'process', service: 'billing', kind: 'consumer' as const, links: [makeLink('a', '1', { 'link.type': 'producer' })] },
  { trace: 'c', id: '3', name: 'batch', service: 'billing', links: [makeLink('a', '1'), makeLink('f', '9')] },
];

describe('linkIndex', () => {
  it('indexes links by holder and backlinks by target, placeholders included', async () => {
    const a = await analysisOf(specs);
    const idx = linkIndex(a);
    expect(idx.outgoing.get(key('c', '3'))?.map((e) => e.linkIndex)).toEqual([0, 1]);
    expect(idx.incoming.get(key('a', '1'))?.map((e) => e.to).sort()).toEqual([key('b', '2'), key('c', '3')].sort());
    expect(idx.incoming.get(key('f', '9'))?.[0]?.status).toBe('missing-trace');
    expect(linkIndex(a)).toBe(idx); // cached per analysis
  });
});

describe('problemTraces', () => {
  it('marks the trace holding a broken link and the placeholder trace, not the clean ones', async () => {
    const a = await analysisOf(specs);
    const traces = problemTraces(a);
    expect(traces.has(traceId('c'))).toBe(true);
    expect(traces.has(traceId('f'))).toBe(true);
    expect(traces.has(traceId('a'))).toBe(false);
  });
});

describe('diagnosticGroups', () => {
  it('groups every diagnostic once, errors before warnings before notes', async () => {
    const a = await analysisOf(specs);
    const groups = diagnosticGroups(a);
    expect(groups.reduce((n, g) => n + g.items.length, 0)).toBe(a.diagnostics.length);
    const rank = { error: 0, warning: 1, info: 2 };
    const ranks = groups.map((g) => rank[g.severity]);
    expect(ranks).toEqual([...ranks].sort());
    expect(groups.some((g) => g.code === 'link.missing-trace')).toBe(true);
  });
});

describe('searchMatches', () => {
  it('matches names, services and ids, case-insensitively; empty matches nothing', async () => {
    const a = await analysisOf(specs);
    expect([...searchMatches(a, 'PUBLISH')]).toEqual([key('a', '1')]);
    expect(searchMatches(a, 'billing').size).toBe(2);
    expect(searchMatches(a, spanId('9')).has(key('f', '9'))).toBe(true);
    expect(searchMatches(a, '  ').size).toBe(0);
    expect(searchMatches(null, 'x').size).toBe(0);
  });
});
