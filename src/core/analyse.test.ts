import { describe, expect, it } from 'vitest';
import { analyse, analyseSet, inputDiagnostic } from './analyse';
import { removeSource } from './model/merge';
import type { ReadResult } from './readers/types';
import { makeLink, makeSpan } from './test-support/make-span';

const good: ReadResult = {
  file: 'good.json',
  format: 'otlp-json',
  spans: [makeSpan({ id: '1', source: 'good.json' }), makeSpan({ id: '2', source: 'good.json', links: [makeLink('c', '1')] })],
  problems: [],
};
const partial: ReadResult = {
  file: 'partial.json',
  format: 'jaeger',
  spans: [makeSpan({ id: '3', parent: '1', source: 'partial.json' })],
  problems: [{ code: 'input.bad-span', file: 'partial.json', where: 'data[0].spans[4]', message: 'span has no spanID' }],
};
const broken: ReadResult = { file: 'broken.json', spans: [], problems: [{ code: 'input.not-json', file: 'broken.json', where: 'line 3, column 17', message: 'Unexpected token' }] };

describe('analyse', () => {
  it('merges every result, keeps what loaded, and reports each file', () => {
    const a = analyse([good, broken, partial, good]);
    expect(a.summary).toMatchObject({ traces: 1, spans: 3, links: 1, missingTrace: 1, brokenLinks: 1, missingParent: 0 });
    expect(a.files).toEqual([
      { file: 'good.json', format: 'otlp-json', spans: 2, problems: [] },
      { file: 'broken.json', spans: 0, problems: broken.problems },
      { file: 'partial.json', format: 'jaeger', spans: 1, problems: partial.problems },
      { file: 'good.json', format: 'otlp-json', spans: 2, problems: [] },
    ]);
    expect(a.graph.spans).toBe(a.set.spans);
  });

  it('turns each input problem into an error naming the file and place, before other errors', () => {
    const a = analyse([{ ...good, spans: [...good.spans, makeSpan({ id: '4', links: [makeLink('a', 'nothex')] })] }, broken, partial]);
    const codes = a.diagnostics.map((d) => d.code);
    expect(codes.slice(0, 3)).toEqual(['input.not-json', 'input.bad-span', 'link.invalid-context']);
    expect(a.diagnostics[0]).toMatchObject({ severity: 'error', file: 'broken.json', where: 'line 3, column 17' });
    expect(a.diagnostics[0]!.message).toBe('broken.json (line 3, column 17): Unexpected token');
    expect(a.diagnostics[0]!.hint).not.toBe('');
    // a message that already names the file (and the place) is not prefixed a second time
    const named = (message: string) => inputDiagnostic({ code: 'input.not-json', file: 'x.json', where: 'line 1, column 2', message }).message;
    expect(named('x.json is not JSON at line 1, column 2.')).toBe('x.json is not JSON at line 1, column 2.');
    expect(named('x.json is not JSON.')).toBe('x.json is not JSON. (line 1, column 2)');
    expect(codes.indexOf('link.missing-trace')).toBeGreaterThan(2);
  });

  it('gives an empty analysis for no input', () => {
    const a = analyse([]);
    expect(a.summary.spans).toBe(0);
    expect(a.diagnostics).toEqual([]);
    expect(a.graph.traces.size).toBe(0);
  });

  it('re-analyses a set after a file is removed', () => {
    const a = analyse([good, partial]);
    const b = analyseSet(removeSource(a.set, 'good.json'), a.files.filter((f) => f.file !== 'good.json'));
    expect(b.summary).toMatchObject({ spans: 1, links: 0, missingParent: 1 });
    expect(b.diagnostics.map((d) => d.code)).toEqual(['input.bad-span', 'span.missing-parent']);
  });

  it('analyses 100,000 spans and 20,000 links in one pass (a size check, not a timing)', () => {
    const hex = (n: number) => n.toString(16);
    const spans = [];
    for (let i = 0; i < 100_000; i++) {
      const trace = hex(Math.floor(i / 50) + 1);
      // Every fifth span links to the root of the next trace; the last trace's links miss.
      const links = i % 5 === 0 ? [makeLink(hex(Math.floor(i / 50) + 2), hex((Math.floor(i / 50) + 1) * 50 + 1), { 'link.type': 'producer' })] : [];
      spans.push(makeSpan({ trace, id: hex(i + 1), ...(i % 50 === 0 ? {} : { parent: hex(i) }), startUs: i, links }));
    }
    const a = analyse([{ file: 'big.json', format: 'otlp-json', spans, problems: [] }]);
    expect(a.summary).toEqual({ traces: 2_000, spans: 100_000, links: 20_000, brokenLinks: 10, invalidContext: 0, missingTrace: 10, missingSpan: 0, missingParent: 0, droppedLinks: 0 });
    expect(a.graph.parentEdges).toHaveLength(98_000);
    expect(a.diagnostics.map((d) => d.code)).toEqual(Array(10).fill('link.missing-trace'));
  });
});
