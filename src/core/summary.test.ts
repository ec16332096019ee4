import { describe, expect, it } from 'vitest';
import { buildGraph } from './graph/build-graph';
import { SUMMARY_KEYS } from './graph/types';
import { addSpans, createSpanSet } from './model/merge';
import type { Span } from './model/span';
import { summarise } from './summary';
import { makeLink, makeSpan } from './test-support/make-span';

function summaryOf(spans: Span[]) {
  const set = createSpanSet();
  addSpans(set, spans);
  return summarise(buildGraph(set), set);
}

describe('summarise', () => {
  it('has exactly the keys of DIAGNOSTICS.md "Counts"', () => {
    expect(Object.keys(summaryOf([])).sort()).toEqual([...SUMMARY_KEYS].sort());
    expect(summaryOf([])).toEqual({ traces: 0, spans: 0, links: 0, brokenLinks: 0, invalidContext: 0, missingTrace: 0, missingSpan: 0, missingParent: 0, droppedLinks: 0 });
  });

  it('counts every kind of link once per link record', () => {
    const s = summaryOf([
      makeSpan({ trace: 'a', id: '1' }),
      makeSpan({
        trace: 'b',
        id: '2',
        links: [makeLink('a', '1'), makeLink('b', '2'), makeLink('a', '9'), makeLink('c', '1'), makeLink('c', '1'), makeLink('a', 'xyz')],
      }),
    ]);
    expect(s).toMatchObject({ traces: 2, spans: 2, links: 6, invalidContext: 1, missingTrace: 2, missingSpan: 1, brokenLinks: 4 });
  });

  it('counts orphans (not roots, not children of loaded spans) and sums dropped links', () => {
    const s = summaryOf([
      makeSpan({ id: '1', droppedLinksCount: 2 }),
      makeSpan({ id: '2', parent: '1', droppedLinksCount: 5 }),
      makeSpan({ id: '3', parent: '7' }),
      makeSpan({ trace: 'b', id: '4', parent: '1' }),
    ]);
    expect(s).toMatchObject({ traces: 2, spans: 4, missingParent: 2, droppedLinks: 7, links: 0, brokenLinks: 0 });
  });

  it('counts the same span loaded twice once, and a duplicate id once', () => {
    const s = summaryOf([makeSpan({ id: '1' }), makeSpan({ id: '1', source: 'again.json' }), makeSpan({ id: '1', name: 'other' })]);
    expect(s.spans).toBe(1);
    expect(s.traces).toBe(1);
  });

  it('does not count placeholder traces as traces', () => {
    expect(summaryOf([makeSpan({ id: '1', links: [makeLink('c', '1'), makeLink('d', '1')] })]).traces).toBe(1);
  });
});
