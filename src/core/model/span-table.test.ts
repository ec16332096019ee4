import { describe, expect, it } from 'vitest';
import { spanKey, type SpanId, type TraceId } from '../ids';
import { makeLink, makeSpan, spanId } from '../test-support/make-span';
import { ROW_CONSUMER_WITHOUT_LINKS, ROW_DROPPED_LINKS, ROW_HAS_LINKS, ROW_PARENT_MASK, ROW_PARENT_NONE, ROW_PARENT_PACKED, ROW_PARENT_TEXT, ROW_VALID_ID } from './row-flags';
import { SpanTable } from './span-table';

const key = (t: string, s: string) => spanKey(t, s);

describe('SpanTable', () => {
  it('keeps packed (hex) and text (malformed) ids apart, each found by ids and by key', () => {
    const table = new SpanTable();
    const zeros = makeSpan({ trace: 'a', id: 'zz' }); // text span id in a hex trace
    const allZero = { ...makeSpan({ trace: 'a', id: '1' }), spanId: '0000000000000000' as SpanId }; // packed words 0, 0
    const upper = { ...makeSpan({ trace: 'a', id: '2' }), spanId: 'ABCDEF0123456789' as SpanId }; // not lower-case: text
    const oddTrace = makeSpan({ trace: 'not-hex', id: '3' }); // hex span id in a text trace
    for (const s of [zeros, allZero, upper, oddTrace]) expect(table.insert(s)).toBeLessThan(0);
    expect(table.size).toBe(4);
    for (const s of [zeros, allZero, upper, oddTrace]) {
      expect(table.get(key(s.traceId, s.spanId))).toBe(s);
      expect(table.keyOf(s.traceId, s.spanId)).toBe(key(s.traceId, s.spanId));
      // Again: the existing row, not a new one.
      expect(table.insert({ ...s })).toBeGreaterThanOrEqual(0);
    }
    expect(table.size).toBe(4);
    expect(table.keyOf(zeros.traceId, 'ABCDEF0123456788' as SpanId)).toBeUndefined();
    expect(table.get(key(zeros.traceId, 'abcdef0123456789'))).toBeUndefined();
    expect(table.get(key('b'.repeat(32), '0000000000000000'))).toBeUndefined();
    expect(table.traceSize(zeros.traceId)).toBe(3);
    expect(table.traceSize('b'.repeat(32) as TraceId)).toBe(0);
  });

  it('finds 100,000 packed spans in many traces by ids and by key, and no near miss', () => {
    const table = new SpanTable();
    const hex = (n: number, len: number) => n.toString(16).padStart(len, '0');
    const spans = Array.from({ length: 100_000 }, (_, i) => ({ ...makeSpan({ id: '1' }), traceId: hex(i % 997, 32) as TraceId, spanId: hex(i * 7919, 16) as SpanId }));
    for (const s of spans) table.insert(s);
    expect(table.size).toBe(100_000);
    for (let i = 0; i < spans.length; i += 7) {
      const s = spans[i]!;
      expect(table.rowOf(s.traceId, s.spanId)).toBe(i);
      expect(table.get(key(s.traceId, s.spanId))).toBe(s);
      // Same span id in the next trace: not loaded.
      expect(table.rowOf(hex((i + 1) % 997, 32) as TraceId, s.spanId)).toBe(-1);
    }
  });

  it('keeps each row’s facts: how its parent is held, valid ids, dropped links, a consumer without links, start, service', () => {
    const table = new SpanTable();
    const rows = [
      makeSpan({ id: '1', startUs: 5, service: 'a' }),
      makeSpan({ id: '2', parent: '1', links: [makeLink('b', '9')], service: 'b' }),
      makeSpan({ id: '3', parent: 'NOT-HEX', kind: 'consumer', droppedLinksCount: 2 }),
      makeSpan({ id: '4', parent: '1', attributes: { 'messaging.operation.type': 'process' } }),
      { ...makeSpan({ trace: 'odd', id: 'x' }), startUs: undefined },
    ].map((span) => ~table.insert(span));
    const facts = rows.map((row) => table.flagsAt(row));
    expect(facts.map((f) => f & ROW_PARENT_MASK)).toEqual([ROW_PARENT_NONE, ROW_PARENT_PACKED, ROW_PARENT_TEXT, ROW_PARENT_PACKED, ROW_PARENT_NONE]);
    expect(facts.map((f) => (f & ROW_VALID_ID) !== 0)).toEqual([true, true, true, true, false]);
    expect(facts.map((f) => (f & ROW_HAS_LINKS) !== 0)).toEqual([false, true, false, false, false]);
    expect(facts.map((f) => (f & ROW_DROPPED_LINKS) !== 0)).toEqual([false, false, true, false, false]);
    // The consumer with dropped links had links: not one "without links".
    expect(facts.map((f) => (f & ROW_CONSUMER_WITHOUT_LINKS) !== 0)).toEqual([false, false, false, true, false]);
    expect(table.droppedLinks).toBe(2);
    expect(table.startAt(rows[0]!)).toBe(5);
    expect(table.startAt(rows[4]!)).toBeNaN();
    expect(rows.map((row) => table.serviceAt(row))).toEqual(['a', 'b', 'svc', 'svc', 'svc']);
  });

  it('finds a row’s parent by its packed words, by text, or not at all, and sees a parent loaded later', () => {
    const table = new SpanTable();
    const child = ~table.insert(makeSpan({ id: '2', parent: '1' }));
    const textChild = ~table.insert(makeSpan({ trace: 'odd', id: 'y', parent: 'x' }));
    const textParentInHexTrace = ~table.insert(makeSpan({ id: '3', parent: 'Not-Hex' }));
    expect(table.parentRowOf(child)).toBe(-1);
    const parent = ~table.insert(makeSpan({ id: '1' }));
    const textParent = ~table.insert(makeSpan({ trace: 'odd', id: 'x' }));
    const odd = ~table.insert({ ...makeSpan({ id: '4' }), spanId: 'Not-Hex' as SpanId });
    expect(table.parentRowOf(child)).toBe(parent);
    expect(table.parentRowOf(textChild)).toBe(textParent);
    expect(table.parentRowOf(textParentInHexTrace)).toBe(odd);
    expect(table.parentRowOf(parent)).toBe(-1);
  });

  it('makes keys only when asked, the same keys a Map of the spans would hold', () => {
    const table = new SpanTable();
    const spans = [makeSpan({ id: '1' }), makeSpan({ trace: 'odd/x', id: 'y' }), makeSpan({ trace: 'b', id: '2' })];
    for (const s of spans) table.insert(s);
    const byMap = new Map(spans.map((s) => [key(s.traceId, s.spanId), s]));
    // A key looked up first (text keys compare the row's own key), then all of them in order.
    expect(table.get(key('odd/x', spanId('y')))).toBe(spans[1]);
    expect([...table.keys()]).toEqual([...byMap.keys()]);
    expect([...table.entries()]).toEqual([...byMap.entries()]);
    expect(table.keyAt(2)).toBe(key(spans[2]!.traceId, spans[2]!.spanId));
  });
});
