import { describe, expect, it } from 'vitest';
import { generateOtlp } from '../../../scripts/gen-traces';
import { analyse } from '../../core/analyse';
import { subgraph } from '../../core/graph/subgraph';
import type { LinkGraph } from '../../core';
import { readTraceFile } from '../../core/readers/index';
import { packParents, unpackParents } from './wire-graph';

const graphOf = (text: string): LinkGraph => analyse([readTraceFile('g.json', text)]).graph;

describe('parent edges on the wire', () => {
  it('come back as they were, in order, through a structured clone', () => {
    const graph = graphOf(generateOtlp({ traces: 30, spansPerTrace: 40, links: 60, missingRatio: 0.1, seed: 5 }));
    const some = subgraph(graph, new Set([...graph.traces.keys()].slice(3, 9)));
    expect(some.parentEdges.length).toBeGreaterThan(100);
    const sent = structuredClone(packParents(some));
    expect(sent.parentEdges).toEqual([]);
    expect(sent.parentPairs?.length).toBe(some.parentEdges.length * 2);
    const back = unpackParents(sent);
    expect(back.parentEdges).toEqual(some.parentEdges);
    expect([...back.spans.keys()]).toEqual([...some.spans.keys()]);
    expect(back).not.toHaveProperty('parentPairs');
  });

  it('a graph whose edges cannot be packed is sent as it is', () => {
    const graph = graphOf(generateOtlp({ traces: 2, spansPerTrace: 5, links: 0, missingRatio: 0, seed: 2 }));
    const first = graph.parentEdges[0]!;
    // An edge whose parent is not among the spans (no slice makes one; the packer must not guess).
    const odd: LinkGraph = { ...graph, parentEdges: [...graph.parentEdges, { id: first.child, parent: 'x/y' as never, child: first.child }] };
    expect(packParents(odd)).toBe(odd);
    expect(unpackParents(odd)).toBe(odd);
  });
});
