import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateOtlp } from '../../../scripts/gen-traces';
import { analyse } from '../analyse';
import { diagnose } from '../diagnostics/diagnose';
import type { Diagnostic } from '../diagnostics/types';
import type { SpanKey, TraceId } from '../ids';
import { addSpans, createSpanSet } from '../model/merge';
import type { Span, SpanLink } from '../model/span';
import { readTraceFile } from '../readers/index';
import { makeLink, makeSpan, traceId } from '../test-support/make-span';
import { repoFiles } from '../test-support/repo-files';
import { buildGraph } from './build-graph';
import { traceGraph, type TraceGraph } from './trace-graph';
import type { LinkGraph } from './types';

function analysed(spans: Span[]) {
  const set = createSpanSet();
  addSpans(set, spans);
  const graph = buildGraph(set);
  return { graph, diagnostics: diagnose(graph, set) };
}

/** The trace of a link end, looked up the slow, obvious way. */
function traceOf(graph: LinkGraph, key: SpanKey): TraceId {
  return (graph.spans.get(key)?.traceId ?? graph.placeholders.get(key)!.traceId) as TraceId;
}

/** What traceGraph must say, computed naively from the graph and the diagnostics. */
function expectAgrees(graph: LinkGraph, diagnostics: readonly Diagnostic[], tg: TraceGraph) {
  expect(tg.nodes.map((n) => n.traceId)).toEqual([...graph.traces.keys()]);
  const pairs = new Map<string, { count: number; broken: number }>();
  const internal = new Map<string, number>();
  for (const e of graph.linkEdges) {
    const from = traceOf(graph, e.from);
    const to = traceOf(graph, e.to);
    if (from === to) {
      internal.set(from, (internal.get(from) ?? 0) + 1);
      continue;
    }
    const p = pairs.get(`${from} ${to}`) ?? { count: 0, broken: 0 };
    p.count++;
    if (e.status !== 'ok') p.broken++;
    pairs.set(`${from} ${to}`, p);
  }
  expect(new Map(tg.edges.map((e) => [`${e.from} ${e.to}`, { count: e.count, broken: e.broken }]))).toEqual(pairs);
  expect(tg.edges).toHaveLength(pairs.size);
  for (const node of tg.nodes) {
    const trace = graph.traces.get(node.traceId)!;
    const problems = diagnostics.filter((d) => d.traceId === node.traceId && d.severity !== 'info').length;
    expect(node.problemCount).toBe(problems + trace.placeholders.length);
    expect(node.internalLinks).toBe(internal.get(node.traceId) ?? 0);
    expect(node.spanCount).toBe(trace.spans.length);
    expect(node.placeholder).toBe(trace.placeholder);
    expect(node.startUs).toBe(trace.startUs);
  }
  // Every link record is on one edge or internal to one trace.
  const onEdges = tg.edges.reduce((n, e) => n + e.count, 0);
  expect(onEdges + tg.nodes.reduce((n, t) => n + t.internalLinks, 0)).toBe(graph.linkEdges.length);
  expect(tg.edges.reduce((n, e) => n + e.broken, 0)).toBe(
    graph.linkEdges.filter((e) => e.status !== 'ok' && traceOf(graph, e.from) !== traceOf(graph, e.to)).length,
  );
}

describe('traceGraph: hand-made graphs', () => {
  const A = traceId('a');
  const B = traceId('b');
  const C = traceId('c');
  const malformed: SpanLink = { ...makeLink('d', '1'), traceId: 'not-hex' as TraceId, valid: false };
  const { graph, diagnostics } = analysed([
    makeSpan({ trace: 'a', id: '1', name: 'checkout', service: 'web', startUs: 10 }),
    makeSpan({ trace: 'a', id: '2', parent: '1', service: 'orders', startUs: 11, links: [makeLink('a', '1')] }),
    // Two holders in b link into a (one of them twice, once to a span a does not have).
    makeSpan({ trace: 'b', id: '3', name: 'consume', service: 'pay', startUs: 20, links: [makeLink('a', '2'), makeLink('a', '9')] }),
    makeSpan({ trace: 'b', id: '4', parent: '3', service: 'pay', startUs: 21, links: [makeLink('a', '1')] }),
    // a links back to b: its own edge, the other direction.
    makeSpan({ trace: 'a', id: '5', parent: '1', startUs: 12, links: [makeLink('b', '4')] }),
    // c links to a missing trace and to a malformed id.
    makeSpan({ trace: 'c', id: '6', name: 'batch', service: 'analytics', startUs: 5, links: [makeLink('e', '7'), malformed] }),
  ]);
  const tg = traceGraph(graph, diagnostics);
  const node = (id: string) => tg.nodes.find((n) => n.traceId === id)!;

  it('has one edge per ordered pair with its link records and broken links; links inside a trace make none', () => {
    expect(tg.edges).toEqual([
      { from: A, to: B, count: 3, broken: 1 },
      { from: B, to: A, count: 1, broken: 0 },
      { from: traceId('e'), to: C, count: 1, broken: 1 },
      { from: 'invalid:not-hex', to: C, count: 1, broken: 1 },
    ]);
    expect(node(A).internalLinks).toBe(1);
    expect(node(B).internalLinks).toBe(0);
    expectAgrees(graph, diagnostics, tg);
  });

  it('titles boxes like the trace view: root name and service, or what the placeholder box stands for', () => {
    expect(tg.nodes.map((n) => [n.title, n.service, n.spanCount, n.placeholder])).toEqual([
      ['checkout', 'web', 3, false],
      ['consume', 'pay', 2, false],
      ['batch', 'analytics', 1, false],
      ['missing trace', '', 0, true],
      ['malformed link target', '', 0, true],
    ]);
    expect(node(A).startUs).toBe(10);
    expect('startUs' in node(traceId('e'))).toBe(false);
  });

  it('counts errors and warnings on its spans plus its placeholders, not info', () => {
    // a: the missing span a/9 is a placeholder inside it. b: link.missing-span (error) on b/3.
    // c: missing trace (warning) + malformed link (error). Each placeholder box: its one target.
    expect(tg.nodes.map((n) => n.problemCount)).toEqual([1, 1, 2, 1, 1]);
    const info = diagnostics.filter((d) => d.severity === 'info');
    expect(traceGraph(graph, [...diagnostics, ...info, ...info]).nodes.map((n) => n.problemCount)).toEqual([1, 1, 2, 1, 1]);
  });

  it('is empty for an empty graph', () => {
    expect(traceGraph(analysed([]).graph, [])).toEqual({ nodes: [], edges: [] });
  });
});

describe('traceGraph: the demo traces', () => {
  const a = analyse(repoFiles(fs, (p) => new URL(p, import.meta.url)).loadDemo());
  const tg = traceGraph(a.graph, a.diagnostics);
  const BATCH = '6cd2f2ce63ee5aebbedeb8f251d94e52';

  it('agrees with the link records, the broken links and the diagnostics', () => {
    expectAgrees(a.graph, a.diagnostics, tg);
    expect(tg.nodes).toHaveLength(12);
    expect(tg.edges.reduce((n, e) => n + e.count, 0)).toBe(a.summary.links);
    expect(tg.edges.reduce((n, e) => n + e.broken, 0)).toBe(a.summary.brokenLinks);
  });

  it('shows the batch consumer with its five links on five edges, three of them broken', () => {
    const into = tg.edges.filter((e) => e.to === BATCH);
    expect(into.map((e) => [e.count, e.broken])).toEqual([
      [1, 0],
      [1, 0],
      [1, 1],
      [1, 1],
      [1, 1],
    ]);
    const batch = tg.nodes.find((n) => n.traceId === BATCH)!;
    expect([batch.title, batch.service, batch.spanCount]).toEqual(['process orders-analytics', 'analytics-service', 4]);
    // missing-span, invalid-context, missing-trace, dropped-links.
    expect(batch.problemCount).toBe(4);
    expect(tg.nodes.filter((n) => n.problemCount > 0).map((n) => n.title)).toEqual([
      'process orders', // inventory: the missing span's placeholder
      'process orders-analytics',
      'process refunds', // span.expected-link-absent
      'missing trace',
      'malformed link target',
    ]);
  });
});

describe('traceGraph: generated traces', () => {
  it('agrees with the naive count on 2,000 traces with missing targets', () => {
    const text = generateOtlp({ traces: 2_000, spansPerTrace: 5, links: 4_000, missingRatio: 0.1, seed: 7 });
    const a = analyse([readTraceFile('gen.json', new TextEncoder().encode(text))]);
    expect(a.summary.brokenLinks).toBeGreaterThan(0);
    expectAgrees(a.graph, a.diagnostics, traceGraph(a.graph, a.diagnostics));
  });
});
