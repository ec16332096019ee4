/**
 * A file the stream reader can read again (`readBytes`: the CLI's files) keeps its spans as
 * columns, and makes a whole span again from its line or element only when it is asked for.
 * The columns must merge and analyse exactly as the spans read as objects, and only the parts
 * whose spans are asked for may be read again.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { generateModel, prng, WRITERS } from '../../../scripts/gen-traces';
import { analyse } from '../analyse';
import { addRows, addSpans, createSpanSet, removeSource } from '../model/merge';
import { SpanRows } from '../model/span-rows';
import type { Span, SpanLink } from '../model/span';
import type { SpanId, TraceId } from '../ids';
import { toOtlpJson } from '../share/otlp-writer';
import { spanSet } from '../test-support/arbitrary-spans';
import { expectSameSets } from '../test-support/same-sets';
import { readTraceFile } from './index';
import { plainValues } from './otlp';
import { spanRowsOf } from './read-result';
import { createTraceStreamReader } from './stream';
import { InputChangedError } from './stream-places';
import type { TraceStreamOptions } from './stream';

const enc = new TextEncoder();

/** `bytes` streamed in seeded random chunks, readable again; `reads` counts the parts read again. */
function readAsColumns(file: string, bytes: Uint8Array, options: TraceStreamOptions = {}, seed = 1) {
  const reads: number[] = [];
  const reader = createTraceStreamReader(file, {
    bufferBytes: 0,
    ...options,
    readBytes: (at, n) => {
      reads.push(at);
      return bytes.slice(at, at + n);
    },
  });
  const next = prng(seed);
  for (let at = 0; at < bytes.length; ) {
    const n = 1 + Math.floor(next() * 5000);
    reader.push(bytes.subarray(at, at + n));
    at += n;
  }
  return { result: reader.finish(), reads };
}

/** The spans as JSON Lines: groups of consecutive spans, one OTLP document per line. */
function asLines(spans: readonly Span[], cuts: readonly number[]): string {
  const lines: string[] = [];
  let from = 0;
  for (const cut of [...cuts, spans.length]) {
    const to = Math.min(spans.length, Math.max(from, cut));
    if (to > from) lines.push(toOtlpJson(spans.slice(from, to)).trim());
    from = to;
  }
  return lines.join('\n') + '\n';
}

describe('a stream read as columns', () => {
  it('merges and analyses as the same file read as span objects (JSON Lines, and one document split)', () => {
    fc.assert(
      fc.property(
        spanSet({ form: 'read', maxSpans: 20 }),
        fc.array(fc.nat(20), { maxLength: 6 }),
        fc.nat(8),
        fc.boolean(),
        (spans, cuts, repeat, split) => {
          // Some spans again at the end: copies of loaded spans, or other spans under their keys.
          const all = [...spans, ...spans.slice(0, repeat)];
          const text = split ? toOtlpJson(all) : asLines(all, [...cuts].sort((a, b) => a - b));
          const bytes = enc.encode(text);
          const objects = readTraceFile('f.jsonl', bytes);
          const { result } = readAsColumns('f.jsonl', bytes, split ? { splitAbove: 0 } : {});
          expect(result.problems).toEqual(objects.problems);
          expect(result.format).toBe(objects.format);
          const rows = spanRowsOf(result);
          if (objects.spans.length === 0) return;
          expect(rows?.count).toBe(objects.spans.length);
          const bySpans = createSpanSet();
          const counts = addSpans(bySpans, objects.spans);
          const byRows = createSpanSet();
          expect(addRows(byRows, rows!)).toEqual(counts);
          expectSameSets(bySpans, byRows);
        },
      ),
      { numRuns: 120 },
    );
  });

  it('packs the ids of parsed spans as readSpan normalises them: every form of parent and span id', () => {
    const T = '0af7651916cd43dd8448eb211c80319c';
    // Span ids of every form, each one distinct (a repeated key would be a duplicate, not a row).
    const hex = (k: number) => `ab${k.toString(16).padStart(14, '0')}`;
    const b64 = (k: number) => btoa(String.fromCharCode(0xab, 0, 0, 0, 0, 0, (k >> 8) & 255, k & 255));
    const forms = [hex, (k: number) => hex(k).toUpperCase(), b64, (k: number) => `0x${hex(k)}`, (k: number) => hex(k).slice(-6), (k: number) => k + 1];
    const parents = [undefined, null, '', '0000000000000000', 'c7ad6b7169203331', 'C7AD6B7169203331', 'ab00000000000001', 'x', 5];
    const ids: unknown[] = ['0000000000000000'];
    for (let k = 0; ids.length < parents.length * forms.length * 2; k++) ids.push(forms[k % forms.length]!(k));
    const lines: string[] = [];
    for (let n = 0; n < ids.length; n += 2) {
      const [spanId, snakeId, parentSpanId] = [ids[n], ids[n + 1], parents[(n / 2) % parents.length]];
      {
        const span: Record<string, unknown> = { traceId: T, spanId, name: 'n' };
        if (parentSpanId !== undefined) span.parentSpanId = parentSpanId;
        lines.push(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [span, { trace_id: T, span_id: snakeId, parent_span_id: parentSpanId }] }] }] }));
      }
    }
    const bytes = enc.encode(lines.join('\n'));
    const objects = readTraceFile('ids.jsonl', bytes);
    const { result } = readAsColumns('ids.jsonl', bytes);
    expect(result.problems).toEqual(objects.problems);
    const bySpans = createSpanSet();
    const counts = addSpans(bySpans, objects.spans);
    expect(counts).toEqual({ added: ids.length, duplicates: 0 });
    const byRows = createSpanSet();
    expect(addRows(byRows, spanRowsOf(result)!)).toEqual(counts);
    expectSameSets(bySpans, byRows);
  });

  it('reads nothing again for a summary of a file without repeated keys, and only the parts a repeat needs', () => {
    const model = generateModel({ traces: 400, spansPerTrace: 6, links: 300, missingRatio: 0.1, seed: 9 });
    const text = WRITERS['otlp-jsonl'](model);
    const bytes = enc.encode(text);
    const clean = readAsColumns('g.jsonl', bytes);
    expect(spanRowsOf(clean.result)?.count).toBe(2400);
    const expected = analyse([readTraceFile('g.jsonl', bytes)]);
    const got = analyse([clean.result]);
    expect(got.summary).toEqual(expected.summary);
    expect(got.diagnostics).toEqual(expected.diagnostics);
    expect(clean.reads).toEqual([]);

    // Line 2 again at the end (copies), then one span of line 1 with another name (a duplicate).
    const lines = text.trimEnd().split('\n');
    expect(lines.length).toBe(4);
    const doc = JSON.parse(lines[0]!) as { resourceSpans: { scopeSpans: { spans: { name: string }[] }[] }[] };
    doc.resourceSpans[0]!.scopeSpans[0]!.spans[0]!.name = 'renamed';
    const again = enc.encode(`${text}${lines[1]}\n${JSON.stringify(doc)}\n`);
    const repeated = readAsColumns('g.jsonl', again);
    const byObjects = analyse([readTraceFile('g.jsonl', again)]);
    const byColumns = analyse([repeated.result]);
    expect(byColumns.summary).toEqual(byObjects.summary);
    expect(byColumns.diagnostics).toEqual(byObjects.diagnostics);
    expect(byColumns.set.duplicates).toEqual(byObjects.set.duplicates);
    expect(byColumns.diagnostics.filter((d) => d.code === 'span.duplicate-id')).toHaveLength(1);
    // Lines 1, 2 (the kept spans), 5 and 6 (their repeats): each read once more, no other line.
    const starts = [0];
    for (const l of new TextDecoder().decode(again).split('\n')) starts.push(starts.at(-1)! + enc.encode(l).length + 1);
    expect([...repeated.reads].sort((a, b) => a - b)).toEqual([starts[0], starts[1], starts[4], starts[5]]);
  });

  it('tells a file loaded twice (or lines in two exports) copies by their bytes, without making their spans', () => {
    const model = generateModel({ traces: 300, spansPerTrace: 5, links: 200, missingRatio: 0.1, seed: 12 });
    const text = WRITERS['otlp-jsonl'](model);
    const lines = text.trimEnd().split('\n');
    // b.jsonl: a's lines again, one of them with a span renamed (a duplicate), plus a line of its own.
    const doc = JSON.parse(lines[1]!) as { resourceSpans: { scopeSpans: { spans: { name: string }[] }[] }[] };
    doc.resourceSpans[0]!.scopeSpans[0]!.spans[3]!.name = 'renamed';
    const other = WRITERS['otlp-jsonl'](generateModel({ traces: 40, spansPerTrace: 2, links: 0, missingRatio: 0, seed: 13 }));
    const files: [string, Uint8Array][] = [
      ['a.jsonl', enc.encode(text)],
      ['b.jsonl', enc.encode([lines[0], JSON.stringify(doc), ...lines.slice(2), other.trimEnd()].join('\n') + '\n')],
    ];
    const made = vi.spyOn(SpanRows.prototype, 'span');
    let byColumns: ReturnType<typeof analyse>;
    try {
      byColumns = analyse(files.map(([name, bytes]) => readAsColumns(name, bytes).result));
      // 500 spans a line: only the renamed span's line is made again, in both files (its spans
      // then compared one by one); the other two lines' 1,000 rows are copies by their bytes.
      expect(lines.length).toBe(3);
      expect(made.mock.calls.length).toBe(2 * 500);
    } finally {
      made.mockRestore();
    }
    const byObjects = analyse(files.map(([name, bytes]) => readTraceFile(name, bytes)));
    expect(byColumns.summary).toEqual(byObjects.summary);
    expect(byColumns.diagnostics).toEqual(byObjects.diagnostics);
    expect(byColumns.set.duplicates).toEqual(byObjects.set.duplicates);
    expect(byColumns.set.duplicates.map((d) => d.second.name)).toEqual(['renamed']);
    // The copies were noted: without a.jsonl, its spans stay, read from b.jsonl.
    const left = (set: typeof byObjects.set) => [...removeSource(set, 'a.jsonl').spans.values()].map((s) => [s.traceId, s.spanId, s.name, s.source]);
    expect(left(byColumns.set)).toEqual(left(byObjects.set));
    expect(left(byColumns.set).length).toBe(1500 + 80);
  });

  it('tells copies by their bytes in split documents, past a BOM, and through unaligned views', () => {
    const model = generateModel({ traces: 60, spansPerTrace: 4, links: 30, missingRatio: 0.1, seed: 21 });
    const doc = enc.encode(WRITERS['otlp-json'](model));
    const bom = Uint8Array.from([0xef, 0xbb, 0xbf, ...doc]);
    // The file's bytes handed back as views one byte into a larger buffer (not 4-byte aligned).
    const unaligned = (bytes: Uint8Array) => (at: number, n: number) => {
      const buffer = new Uint8Array(n + 1);
      buffer.set(bytes.subarray(at, at + n), 1);
      return buffer.subarray(1);
    };
    const read = (name: string, bytes: Uint8Array) => {
      const reader = createTraceStreamReader(name, { bufferBytes: 0, splitAbove: 0, readBytes: unaligned(bytes) });
      reader.push(bytes);
      return reader.finish();
    };
    const made = vi.spyOn(SpanRows.prototype, 'span');
    let byColumns: ReturnType<typeof analyse>;
    try {
      byColumns = analyse([read('a.json', doc), read('b.json', bom), read('a.json', doc)]);
      expect(made.mock.calls.length).toBe(0);
    } finally {
      made.mockRestore();
    }
    const byObjects = analyse([readTraceFile('a.json', doc), readTraceFile('b.json', bom), readTraceFile('a.json', doc)]);
    expect(byColumns.summary).toEqual(byObjects.summary);
    expect(byColumns.set.duplicates).toEqual([]);
    const left = (set: typeof byObjects.set) => [...removeSource(set, 'a.json').spans.values()].map((s) => [s.spanId, s.source]);
    expect(left(byColumns.set)).toEqual(left(byObjects.set));
    expect(left(byColumns.set).length).toBe(240);
  });

  it('says which file changed when a part read again no longer holds its spans', () => {
    const bytes = enc.encode(WRITERS['otlp-jsonl'](generateModel({ traces: 200, spansPerTrace: 3, links: 0, missingRatio: 0, seed: 2 })));
    const reader = createTraceStreamReader('x.jsonl', { bufferBytes: 0, readBytes: (at, n) => bytes.slice(at + 1, at + 1 + n) });
    reader.push(bytes);
    const rows = spanRowsOf(reader.finish())!;
    expect(() => rows.span(0)).toThrow(InputChangedError);
    expect(() => rows.span(0)).toThrow(/^x\.jsonl changed while tracelinks read it/);
    // Bytes that are no longer UTF-8.
    const bad = createTraceStreamReader('y.jsonl', { bufferBytes: 0, readBytes: (_at, n) => new Uint8Array(n).fill(0xff) });
    bad.push(bytes);
    expect(() => spanRowsOf(bad.finish())!.span(0)).toThrow(InputChangedError);
  });

  it('reads a split element again as it read it the first time (NaN as null)', () => {
    const span = (id: string, name: string) => `{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"${id}","name":"${name}","attributes":[{"key":"x","value":{"doubleValue":NaN}}]}`;
    const rs = (spans: string) => `{"scopeSpans":[{"spans":[${spans}]}]}`;
    // The second element repeats the first's key with another name: a duplicate, read again.
    const text = `{"resourceSpans":[${rs(span('b7ad6b7169203331', 'a'))},${rs(span('b7ad6b7169203331', 'b'))}]}`;
    const bytes = enc.encode(text);
    const { result, reads } = readAsColumns('nan.json', bytes, { splitAbove: 0 });
    const objects = createTraceStreamReader('nan.json', { bufferBytes: 0, splitAbove: 0 });
    objects.push(bytes);
    const byObjects = analyse([objects.finish()]);
    const byColumns = analyse([result]);
    expect(spanRowsOf(result)?.count).toBe(2);
    expect(byColumns.diagnostics).toEqual(byObjects.diagnostics);
    expect(byColumns.set.duplicates).toEqual(byObjects.set.duplicates);
    expect(byColumns.set.duplicates[0]?.second.attributes).toEqual([{ key: 'x', value: null }]);
    // Both elements' bytes, compared (not equal), then both read again to compare their spans.
    expect(reads.length).toBe(4);
  });

  it('reads a file holding other formats than OTLP into span objects from the first such value on', () => {
    const T = '0af7651916cd43dd8448eb211c80319c';
    const otlp = (id: string, name: string) => JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: T, spanId: id, name }] }] }] });
    const zipkin = (id: string, kind: string, name: string) => JSON.stringify([{ traceId: T, id, kind, name, ...(kind === 'SERVER' ? { shared: true } : {}) }]);
    const cases = [
      // The two halves of a shared Zipkin span on two lines merge into one span.
      [otlp('a000000000000001', 'o'), zipkin('b7ad6b7169203331', 'CLIENT', 'call'), zipkin('b7ad6b7169203331', 'SERVER', 'serve')],
      // Zipkin and OTLP on one line, the same key in both, and the line again.
      [`${zipkin('a000000000000001', 'CLIENT', 'zipkin-first')} ${otlp('a000000000000001', 'otlp-second')}`, `${zipkin('c7ad6b7169203331', 'CLIENT', 'z')} ${otlp('a000000000000002', 'o2')}`, `${zipkin('c7ad6b7169203331', 'CLIENT', 'z')} ${otlp('a000000000000002', 'o2')}`],
    ];
    for (const lines of cases) {
      const bytes = enc.encode(lines.join('\n') + '\n');
      const { result } = readAsColumns('mixed.jsonl', bytes);
      const objects = createTraceStreamReader('mixed.jsonl', { bufferBytes: 0 });
      objects.push(bytes);
      const expected = objects.finish();
      expect(spanRowsOf(result)).toBeUndefined();
      expect(result).toEqual(expected);
      expect(analyse([result]).diagnostics).toEqual(analyse([expected]).diagnostics);
    }
    expect(readTraceFile('m.jsonl', enc.encode(cases[0]!.join('\n'))).spans.map((s) => s.name)).toEqual(['o', 'call']);
  });

  it('keeps span objects for gzip and UTF-16, whose places in the file are not the scanner’s', () => {
    const text = WRITERS['otlp-jsonl'](generateModel({ traces: 150, spansPerTrace: 2, links: 0, missingRatio: 0, seed: 4 }));
    const utf16 = new Uint8Array(2 + text.length * 2);
    utf16.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) utf16[2 + 2 * i] = text.charCodeAt(i);
    const { result, reads } = readAsColumns('u.jsonl', utf16);
    expect(spanRowsOf(result)).toBeUndefined();
    expect(result).toEqual(readTraceFile('u.jsonl', utf16));
    expect(reads).toEqual([]);
    const plain = readAsColumns('p.jsonl', enc.encode(text));
    expect(spanRowsOf(plain.result)?.count).toBe(300);
  });

  it('takes back the rows of a split document that turns out broken', () => {
    const span = (id: string) => `{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"${id}"}`;
    const rs = (id: string) => `{"scopeSpans":[{"spans":[${span(id)}]}]}`;
    const line = `{"resourceSpans":[${rs('a7ad6b7169203331')}]}`;
    // Two elements read, then a missing comma: the whole document is not read.
    const text = `${line}\n{"resourceSpans":[${rs('b7ad6b7169203331')},${rs('c7ad6b7169203331')} ${rs('d7ad6b7169203331')}]}\n${line.replace('a7ad', 'e7ad')}\n`;
    const bytes = enc.encode(text);
    const { result } = readAsColumns('s.jsonl', bytes, { splitAbove: 0 });
    // As the same stream read into span objects (readTraceFile words the break as V8 does).
    const objects = createTraceStreamReader('s.jsonl', { bufferBytes: 0, splitAbove: 0 });
    objects.push(bytes);
    expect(result).toEqual(objects.finish());
    expect(result.spans.map((s) => s.spanId)).toEqual(['a7ad6b7169203331', 'e7ad6b7169203331']);
    expect(spanRowsOf(result)?.count).toBe(2);
  });
});

describe('plainValues: when a row need not read a span’s attributes', () => {
  it('is true only for scalar attribute values and no events', () => {
    const kv = (value: unknown) => [{ key: 'k', value }];
    expect(plainValues(undefined, undefined)).toBe(true);
    expect(plainValues(kv({ stringValue: 'a' }), [])).toBe(true);
    expect(plainValues([...kv({ intValue: '5' }), ...kv({ boolValue: true }), ...kv({ doubleValue: 1.5 }), ...kv(7), ...kv(null)], undefined)).toBe(true);
    expect(plainValues(kv({ stringValue: 'a' }), [{ name: 'e' }])).toBe(false);
    expect(plainValues(kv({ arrayValue: { values: [] } }), undefined)).toBe(false);
    expect(plainValues(kv({ kvlistValue: { values: [] } }), undefined)).toBe(false);
    expect(plainValues(kv({ stringValue: { deep: [1] } }), undefined)).toBe(false);
    expect(plainValues(kv([1, 2]), undefined)).toBe(false);
    expect(plainValues(kv({ array_value: { values: [] } }), undefined)).toBe(false);
  });
});

describe('SpanRows.truncate', () => {
  it('leaves the rows a fresh set of the first rows would hold', () => {
    const row = (rows: SpanRows, i: number) => {
      const links: SpanLink[] = i % 3 === 0 ? [{ traceId: `${i}`.padStart(32, '0') as TraceId, spanId: `${i}`.padStart(16, '0') as SpanId, valid: true, attributes: [] }] : [];
      // Every fourth span id and parent is malformed (kept as text), every fifth dropped links.
      const id = i % 4 === 0 ? `bad-${i}` : `${i + 1}`.padStart(16, '0');
      rows.addRow(`${i % 2}`.padStart(32, 'a') as TraceId, id as SpanId, i % 4 !== 0, i % 4 === 1 ? (`p${i}` as SpanId) : undefined, `n${i}`, 's', i, i % 5 === 0 ? 2 : 0, links, false, false);
    };
    const make = (): Span => {
      throw new Error('not asked');
    };
    const a = new SpanRows(make);
    for (let i = 0; i < 20; i++) row(a, i);
    a.truncate(7);
    for (let i = 7; i < 12; i++) row(a, i);
    const b = new SpanRows(make);
    for (let i = 0; i < 12; i++) row(b, i);
    expect(a.count).toBe(12);
    for (let i = 0; i < 12; i++) {
      expect([a.spanIdAt(i), a.parentIdAt(i), a.droppedAt(i), a.linksAt(i), a.flagsAt(i), a.nameAt(i)]).toEqual([b.spanIdAt(i), b.parentIdAt(i), b.droppedAt(i), b.linksAt(i), b.flagsAt(i), b.nameAt(i)]);
    }
  });
});
