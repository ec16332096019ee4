import { describe, expect, it } from 'vitest';
import { spanKey, type SpanId, type TraceId } from '../ids';
import { makeSpan } from '../test-support/make-span';
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
});
