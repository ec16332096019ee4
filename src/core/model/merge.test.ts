import { describe, expect, it } from 'vitest';
import { spanKey } from '../ids';
import { attrs, makeLink, makeSpan, spanId } from '../test-support/make-span';
import { addSpans, createSpanSet, removeSource, sameSpan } from './merge';

describe('addSpans', () => {
  it('keeps the same span loaded twice once, even from another file', () => {
    const set = createSpanSet();
    const a = makeSpan({ id: '1', source: 'a.json', links: [makeLink('b', '2')] });
    const again = makeSpan({ id: '1', source: 'b.json', links: [makeLink('b', '2')] });
    expect(addSpans(set, [a])).toEqual({ added: 1, duplicates: 0 });
    expect(addSpans(set, [again, a])).toEqual({ added: 0, duplicates: 0 });
    expect(set.spans.size).toBe(1);
    expect(set.duplicates).toEqual([]);
    expect(set.spans.get(spanKey(a.traceId, a.spanId))).toBe(a);
  });

  it('keeps the first of two different spans under one key and records the second', () => {
    const set = createSpanSet();
    const first = makeSpan({ id: '2', name: 'client', kind: 'client' });
    const second = makeSpan({ id: '2', name: 'server', kind: 'server' });
    expect(addSpans(set, [first, second])).toEqual({ added: 1, duplicates: 1 });
    expect(set.spans.size).toBe(1);
    expect(set.spans.get(spanKey(first.traceId, first.spanId))).toBe(first);
    expect(set.duplicates).toEqual([{ key: spanKey(first.traceId, first.spanId), first, second }]);
  });

  it('records a duplicate once when the same file is loaded again', () => {
    const set = createSpanSet();
    const file = [makeSpan({ id: '2', name: 'x' }), makeSpan({ id: '2', name: 'y' })];
    addSpans(set, file);
    expect(addSpans(set, file.map((s) => ({ ...s })))).toEqual({ added: 0, duplicates: 0 });
    expect(set.duplicates).toHaveLength(1);
  });

  it('tells spans apart by a deep difference (attribute value, link attribute)', () => {
    const base = makeSpan({ id: '3', attributes: { k: 1 }, links: [makeLink('b', '1', { 'link.type': 'a' })] });
    expect(sameSpan(base, { ...base, source: 'other.json' })).toBe(true);
    expect(sameSpan(base, { ...base, attributes: attrs({ k: 2 }) })).toBe(false);
    expect(sameSpan(base, { ...base, links: [makeLink('b', '1', { 'link.type': 'b' })] })).toBe(false);
    expect(sameSpan(base, { ...base, startUs: 5 })).toBe(false);
  });
});

describe('the span table', () => {
  it('finds loaded spans by trace and span id, and by key, with the keys the set holds', () => {
    const set = createSpanSet();
    const a = makeSpan({ trace: 'a', id: '1' });
    addSpans(set, [a]);
    expect(set.spans.keyOf(a.traceId, a.spanId)).toBe(spanKey(a.traceId, a.spanId));
    expect(set.spans.keyOf(a.traceId, spanId('2'))).toBeUndefined();
    expect(set.spans.get(spanKey(a.traceId, a.spanId))).toBe(a);
    expect(set.spans.has(spanKey(a.traceId, spanId('2')))).toBe(false);
  });

  it('reads like a Map in load order, past many rehashes', () => {
    const set = createSpanSet();
    const spans = Array.from({ length: 5000 }, (_, i) => makeSpan({ trace: String(i % 7), id: String(i) }));
    expect(addSpans(set, spans)).toEqual({ added: 5000, duplicates: 0 });
    const asMap = new Map(spans.map((s) => [spanKey(s.traceId, s.spanId), s]));
    expect([...set.spans.keys()]).toEqual([...asMap.keys()]);
    expect([...set.spans.values()]).toEqual([...asMap.values()]);
    expect(new Map(set.spans)).toEqual(asMap);
    for (const [key, span] of asMap) expect(set.spans.get(key)).toBe(span);
    expect(set.spans.size).toBe(5000);
    expect(set.spans.rowsOf(spans[3]!.traceId).map((r) => set.spans.spanAt(r).spanId)).toEqual(
      spans.filter((s) => s.traceId === spans[3]!.traceId).map((s) => s.spanId),
    );
  });

  it('sees malformed ids that spell the same key as one key', () => {
    const set = createSpanSet();
    const first = makeSpan({ trace: 'x/y', id: 'z', name: 'one' });
    const second = makeSpan({ trace: 'x', id: 'y/z', name: 'two' });
    expect(addSpans(set, [first, second])).toEqual({ added: 1, duplicates: 1 });
    expect(set.spans.size).toBe(1);
    expect(set.duplicates[0]!.second).toBe(second);
  });
});

describe('removeSource', () => {
  it('drops only the spans of that file and keeps the old set as it was', () => {
    const set = createSpanSet();
    addSpans(set, [makeSpan({ id: '1', source: 'a.json' }), makeSpan({ id: '2', source: 'b.json' })]);
    const next = removeSource(set, 'a.json');
    expect([...next.spans.values()].map((s) => s.source)).toEqual(['b.json']);
    expect(set.spans.size).toBe(2);
  });

  it('keeps the load order of what stays', () => {
    const set = createSpanSet();
    addSpans(set, [makeSpan({ trace: 'a', id: '1', source: 'x' }), makeSpan({ trace: 'b', id: '2', source: 'y' }), makeSpan({ trace: 'a', id: '3', source: 'x' }), makeSpan({ trace: 'c', id: '4', source: 'z' })]);
    const next = removeSource(set, 'y');
    expect([...next.spans.values()].map((s) => s.spanId)).toEqual([spanId('1'), spanId('3'), spanId('4')]);
  });

  it('keeps a span that another file also held, now from that file', () => {
    const set = createSpanSet();
    addSpans(set, [makeSpan({ id: '1', source: 'a.json' })]);
    addSpans(set, [makeSpan({ id: '1', source: 'b.json' })]);
    const next = removeSource(set, 'a.json');
    expect([...next.spans.values()].map((s) => s.source)).toEqual(['b.json']);
    expect(removeSource(next, 'b.json').spans.size).toBe(0);
  });

  it('promotes a duplicate when its kept span goes, and forgets it when it goes itself', () => {
    const set = createSpanSet();
    addSpans(set, [makeSpan({ id: '1', name: 'first', source: 'a.json' })]);
    addSpans(set, [makeSpan({ id: '1', name: 'second', source: 'b.json' })]);
    const withoutA = removeSource(set, 'a.json');
    expect([...withoutA.spans.values()].map((s) => s.name)).toEqual(['second']);
    expect(withoutA.duplicates).toEqual([]);
    const withoutB = removeSource(set, 'b.json');
    expect([...withoutB.spans.values()].map((s) => s.name)).toEqual(['first']);
    expect(withoutB.duplicates).toEqual([]);
  });
});
