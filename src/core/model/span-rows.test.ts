/**
 * Spans kept as reader columns (span-rows.ts, written by the OTLP walk) must merge and analyse
 * exactly as the same spans given as objects: the same rows, keys, facts, graph, diagnostics and
 * summary, with each row's span made only when it is asked for.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyse, analyseSet } from '../analyse';
import { rowsResult } from '../readers/read-result';
import { forEachBrief } from '../graph/span-lookup';
import { toMermaid } from '../share/mermaid';
import { readOtlpDocument } from '../readers/otlp';
import { readOtlpText } from '../readers/otlp-text';
import type { ReaderContext } from '../readers/types';
import { toOtlpJson } from '../share/otlp-writer';
import { spanSet } from '../test-support/arbitrary-spans';
import { makeSpan } from '../test-support/make-span';
import { addRows, addSpans, createSpanSet } from './merge';
import { expectSameSets } from '../test-support/same-sets';
import type { Span } from './span';
import { expectsLinks, ROW_CONSUMER_WITHOUT_LINKS, ROW_ERROR } from './row-flags';
import type { SpanRows } from './span-rows';

const ctxOf = (file: string): ReaderContext => ({ file, spans: [], problems: [], ownsInput: true });

/** The text read both ways: as span objects (the tree reader) and as columns (the walk). */
function readBoth(text: string, file = 'f.json'): { spans: Span[]; rows: SpanRows } {
  const tree = ctxOf(file);
  readOtlpDocument(JSON.parse(text), tree, '');
  const read = readOtlpText(text, ctxOf(file));
  if (read === undefined) throw new Error('the walk handed a plain document back');
  return { spans: tree.spans, rows: read.rows };
}

describe('SpanRows: the columns a reader keeps', () => {
  it('say what each span says, and make the same span again', () => {
    fc.assert(
      fc.property(spanSet({ form: 'read', maxSpans: 16 }), (written) => {
        const { spans, rows } = readBoth(toOtlpJson(written));
        expect(rows.count).toBe(spans.length);
        spans.forEach((span, i) => {
          expect(rows.span(i)).toEqual(span);
          expect((rows.flagsAt(i) & ROW_CONSUMER_WITHOUT_LINKS) !== 0).toBe(expectsLinks(span));
          expect((rows.flagsAt(i) & ROW_ERROR) !== 0).toBe(span.status === 'error');
        });
      }),
      { numRuns: 80 },
    );
  });
});

describe('addRows: the merge of reader columns', () => {
  it('merges and analyses any span set as addSpans does with its span objects', () => {
    fc.assert(
      fc.property(spanSet({ form: 'read' }), (written) => {
        const { spans, rows } = readBoth(toOtlpJson(written));
        const bySpans = createSpanSet();
        const bySpansCounts = addSpans(bySpans, spans);
        const byRows = createSpanSet();
        expect(addRows(byRows, rows)).toEqual(bySpansCounts);
        expectSameSets(bySpans, byRows);
      }),
      { numRuns: 150 },
    );
  });

  it('merges a second file, in columns or as objects, with the first one’s duplicates and copies', () => {
    fc.assert(
      fc.property(spanSet({ form: 'read', maxSpans: 12 }), spanSet({ form: 'read', maxSpans: 12 }), fc.boolean(), (one, two, twoAsRows) => {
        const first = readBoth(toOtlpJson(one), 'a.json');
        // The second file holds its own spans and some of the first file's again.
        const second = readBoth(toOtlpJson([...two, ...one.slice(0, 5)]), 'b.json');
        const bySpans = createSpanSet();
        addSpans(bySpans, first.spans);
        const secondCounts = addSpans(bySpans, second.spans);
        const byRows = createSpanSet();
        addRows(byRows, first.rows);
        expect(twoAsRows ? addRows(byRows, second.rows) : addSpans(byRows, second.spans)).toEqual(secondCounts);
        expectSameSets(bySpans, byRows);
      }),
      { numRuns: 100 },
    );
  });

  it('makes no span object while merging and analysing, whether there is something to report or not', () => {
    const trace = '0af7651916cd43dd8448eb211c80319c';
    const other = '4bf92f3577b34da6a3ce929d0e0e4736';
    const span = (spanId: string, extra: Record<string, unknown> = {}) => ({ traceId: trace, spanId, name: `op-${spanId}`, kind: 2, ...extra });
    const doc = (spans: unknown[]) =>
      JSON.stringify({ resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] }, scopeSpans: [{ spans }] }] });
    const made = (text: string) => {
      const read = readOtlpText(text, ctxOf('f.json'))!;
      let count = 0;
      const make = read.rows.span.bind(read.rows);
      read.rows.span = (i) => (count++, make(i));
      const set = createSpanSet();
      addRows(set, read.rows);
      return { analysis: analyseSet(set), count: () => count };
    };
    const clean = made(
      doc([
        span('b7ad6b7169203331'),
        span('00f067aa0ba902b7', { parentSpanId: 'b7ad6b7169203331' }),
        span('53995c3f42cd8ad8', { parentSpanId: 'b7ad6b7169203331', links: [{ traceId: trace, spanId: '00f067aa0ba902b7' }] }),
      ]),
    );
    expect(clean.analysis.summary).toMatchObject({ spans: 3, links: 1, brokenLinks: 0 });
    expect(clean.analysis.diagnostics).toEqual([]);
    expect(toMermaid(clean.analysis.graph)).toContain('op-53995c3f42cd8ad8');
    forEachBrief(clean.analysis.graph, () => {});
    expect(clean.count()).toBe(0);

    const broken = made(
      doc([
        span('b7ad6b7169203331'),
        span('00f067aa0ba902b7', { parentSpanId: 'b7ad6b7169203331', links: [{ traceId: other, spanId: 'ffffffffffffffff' }] }),
        span('53995c3f42cd8ad8', { parentSpanId: '1111111111111111' }),
      ]),
    );
    expect(broken.analysis.diagnostics.map((d) => [d.code, d.spanId])).toEqual([
      ['link.missing-trace', '00f067aa0ba902b7'],
      ['span.missing-parent', '53995c3f42cd8ad8'],
    ]);
    expect(broken.analysis.diagnostics[0]!.message).toContain('svc "op-00f067aa0ba902b7"');
    // The broken link's holder and the orphan are described from their columns.
    expect(broken.count()).toBe(0);
  });

  it('is not merged from a copy of the result that carries other spans (a redaction): those spans are', () => {
    const text = toOtlpJson([makeSpan({ id: '1', name: 'GET /secret' }), makeSpan({ id: '2', parent: '1', name: 'SELECT card' })]);
    const read = readOtlpText(text, ctxOf('f.json'))!;
    const result = rowsResult('f.json', 'otlp-json', read.rows, []);
    const names = (r: typeof result) => [...analyse([r]).graph.spans.values()].map((s) => s.name);
    expect(names(result)).toEqual(['GET /secret', 'SELECT card']);
    // What the worker's redaction does (session.ts shown): the copy's columns must not come along.
    const redacted = { ...result, spans: result.spans.map((s, i) => ({ ...s, name: `name ${i + 1}` })) };
    expect(names(redacted)).toEqual(['name 1', 'name 2']);
  });
});
