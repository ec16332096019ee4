import { describe, expect, it } from 'vitest';
import { diagnose } from '../diagnostics/diagnose';
import { addSpans, createSpanSet } from '../model/merge';
import type { Span } from '../model/span';
import { makeLink, makeSpan, traceId } from '../test-support/make-span';
import { buildGraph } from './build-graph';
import { traceGraph, type TraceGraph } from './trace-graph';
import { MIN_STACK, stackAlikeTraces } from './trace-stacks';

function overviewOf(spans: Span[]): TraceGraph {
  const set = createSpanSet();
  addSpans(set, spans);
  const graph = buildGraph(set);
  return traceGraph(graph, diagnose(graph, set));
}

const hex = (i: number) => i.toString(16);

/** One producer trace `f`, and `n` consumer traces `c0…` whose root links to the producer's span. */
function fanIn(n: number, opts: { broken?: number; name?: (i: number) => string } = {}): Span[] {
  const spans = [makeSpan({ trace: 'f', id: 'f1', name: 'publish', service: 'producer' })];
  for (let i = 0; i < n; i++) {
    // The broken ones link to a span the producer's trace does not have (missing-span).
    const target = i < (opts.broken ?? 0) ? 'dead' : 'f1';
    const root = `a${hex(i)}`;
    spans.push(makeSpan({ trace: `c${hex(i)}`, id: root, name: opts.name?.(i) ?? 'process', service: 'consumer', links: [makeLink('f', target)] }));
    spans.push(makeSpan({ trace: `c${hex(i)}`, id: `b${hex(i)}`, parent: root, name: 'work', service: 'consumer' }));
  }
  return spans;
}

describe('stackAlikeTraces', () => {
  it('stacks a fan-in: 200 consumers of one producer become one node and one edge, counts summed', () => {
    const overview = overviewOf(fanIn(200));
    expect(overview.nodes).toHaveLength(201);
    expect(overview.edges).toHaveLength(200);
    const { graph, stacks } = stackAlikeTraces(overview);
    expect(graph.nodes).toHaveLength(2);
    const stack = graph.nodes.find((n) => n.stackSize !== undefined)!;
    expect(stack.traceId).toBe(traceId('c0'));
    expect(stack.stackSize).toBe(200);
    expect(stack.spanCount).toBe(400);
    expect(stacks.get(stack.traceId)!.members).toEqual(Array.from({ length: 200 }, (_, i) => traceId(`c${hex(i)}`)));
    expect(graph.edges).toEqual([{ from: traceId('f'), to: traceId('c0'), count: 200, broken: 0 }]);
    // The producer is its own node, untouched.
    expect(graph.nodes.find((n) => n.traceId === traceId('f'))).toBe(overview.nodes[0]);
  });

  it('keeps traces apart that differ in what the overview shows: name, problems, partners', () => {
    // Half the consumers have another root name; 20 of them link to a missing span (problems).
    const overview = overviewOf(fanIn(100, { broken: 20, name: (i) => (i % 2 === 0 ? 'process' : 'retry') }));
    const { graph } = stackAlikeTraces(overview);
    const sizes = graph.nodes.map((n) => n.stackSize ?? 1).sort((a, b) => a - b);
    // producer 1; broken 'process' 10 and broken 'retry' 10; clean 'process' 40 and 'retry' 40.
    expect(sizes).toEqual([1, 10, 10, 40, 40]);
    const broken = graph.nodes.filter((n) => n.problemCount > 0 && n.stackSize !== undefined);
    expect(broken.map((n) => n.problemCount)).toEqual([10, 10]);
    // Every link record is still counted once, broken ones among them.
    expect(graph.edges.reduce((n, e) => n + e.count, 0)).toBe(100);
    expect(graph.edges.reduce((n, e) => n + e.broken, 0)).toBe(20);
  });

  it('stacks nothing below MIN_STACK alike traces, and returns the overview itself', () => {
    const overview = overviewOf(fanIn(MIN_STACK - 1));
    const stacked = stackAlikeTraces(overview);
    expect(stacked.graph).toBe(overview);
    expect(stacked.stacks.size).toBe(0);
    expect(stackAlikeTraces(overviewOf(fanIn(MIN_STACK))).graph.nodes).toHaveLength(2);
  });

  it('leaves a stack the user opened apart, one node per trace', () => {
    const overview = overviewOf(fanIn(30));
    const { graph } = stackAlikeTraces(overview, { unstacked: new Set([traceId('c0')]) });
    expect(graph).toBe(overview);
  });

  it('merges edges between two stacks: 12 producers each linked from the same 12 consumers', () => {
    const spans: Span[] = [];
    for (let p = 0; p < 12; p++) spans.push(makeSpan({ trace: `e${hex(p)}`, id: `e${hex(p)}`, name: 'publish', service: 'producer' }));
    for (let c = 0; c < 12; c++) {
      const links = Array.from({ length: 12 }, (_, p) => makeLink(`e${hex(p)}`, `e${hex(p)}`));
      spans.push(makeSpan({ trace: `c${hex(c)}`, id: `c${hex(c)}`, name: 'process', service: 'consumer', links }));
    }
    const { graph } = stackAlikeTraces(overviewOf(spans));
    expect(graph.nodes.map((n) => n.stackSize)).toEqual([12, 12]);
    expect(graph.edges).toEqual([{ from: traceId('e0'), to: traceId('c0'), count: 144, broken: 0 }]);
  });

  it('stacks 20,000 alike traces into one node, every link counted', () => {
    const { graph, stacks } = stackAlikeTraces(overviewOf(fanIn(20_000)));
    expect(graph.nodes).toHaveLength(2);
    expect([...stacks.values()][0]!.members).toHaveLength(20_000);
    expect(graph.edges).toEqual([{ from: traceId('f'), to: traceId('c0'), count: 20_000, broken: 0 }]);
  });
});
