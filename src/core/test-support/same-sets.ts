/**
 * The check that spans kept as reader columns (model/span-rows.ts) merged into a set say what
 * the same spans merged as objects say: row by row, and in the graph, diagnostics and summary.
 */
import { expect } from 'vitest';
import { analyseSet } from '../analyse';
import { buildGraph } from '../graph/build-graph';
import { forEachBrief, spansWithDroppedLinks } from '../graph/span-lookup';
import type { SpanSet } from '../model/merge';
import { toMermaid } from '../share/mermaid';

const graphOf = (set: SpanSet) => buildGraph(set);

/** Every row of the two sets says the same, and so does their analysis. */
export function expectSameSets(bySpans: SpanSet, byRows: SpanSet): void {
  const a = bySpans.spans;
  const b = byRows.spans;
  expect(b.size).toBe(a.size);
  for (let row = 0; row < a.size; row++) {
    const span = a.spanAt(row);
    expect(b.keyAt(row)).toBe(a.keyAt(row));
    expect(b.flagsAt(row)).toBe(a.flagsAt(row));
    expect(b.serviceAt(row)).toBe(a.serviceAt(row));
    expect(b.startAt(row)).toEqual(a.startAt(row));
    expect(b.parentRowOf(row)).toBe(a.parentRowOf(row));
    expect(b.spanIdAt(row)).toBe(span.spanId);
    expect(b.nameAt(row)).toBe(span.name);
    expect(b.droppedAt(row)).toBe(span.droppedLinksCount);
    expect(b.linksAt(row)).toEqual(span.links);
    const { traceId, spanId, name, service } = b.briefAt(row);
    expect({ traceId, spanId, name, service }).toEqual({ traceId: span.traceId, spanId: span.spanId, name: span.name, service: span.service });
    expect(b.rowOf(span.traceId, span.spanId)).toBe(a.rowOf(span.traceId, span.spanId));
  }
  expect(b.droppedLinks).toBe(a.droppedLinks);
  expect([...b.traceIds()]).toEqual([...a.traceIds()]);
  // What the CLI's mermaid, the search and the exports read, from columns as from spans.
  const briefs = (set: SpanSet) => {
    const out: unknown[] = [];
    forEachBrief(graphOf(set), (span, key) => out.push([key, span.traceId, span.spanId, span.name, span.service]));
    return out;
  };
  expect(briefs(byRows)).toEqual(briefs(bySpans));
  expect(spansWithDroppedLinks(graphOf(byRows))).toEqual(spansWithDroppedLinks(graphOf(bySpans)));
  expect(toMermaid(graphOf(byRows))).toBe(toMermaid(graphOf(bySpans)));
  const x = analyseSet(bySpans);
  const y = analyseSet(byRows);
  expect(y.diagnostics).toEqual(x.diagnostics);
  expect(y.summary).toEqual(x.summary);
  expect(y.graph.linkEdges).toEqual(x.graph.linkEdges);
  expect(y.graph.parentEdges).toEqual(x.graph.parentEdges);
  expect([...y.graph.placeholders]).toEqual([...x.graph.placeholders]);
  expect([...y.graph.traces.values()].map((t) => ({ ...t }))).toEqual([...x.graph.traces.values()].map((t) => ({ ...t })));
  // Last, so that the checks above ran on rows whose spans were not made yet.
  expect([...b]).toEqual([...a]);
  expect(byRows.duplicates).toEqual(bySpans.duplicates);
}
