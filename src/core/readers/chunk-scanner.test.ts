import { describe, expect, it } from 'vitest';
import { ChunkScanner } from './chunk-scanner';
import type { ChunkScannerOptions, ScanEvent } from './chunk-scanner';

const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: true });

/** Events with their bytes decoded (fatally: a multi-byte character cut in two would throw). */
type Seen = Record<string, unknown>;

function seen(events: readonly ScanEvent[]): Seen[] {
  return events.map((e) => ('bytes' in e ? { ...e, bytes: dec.decode(e.bytes) } : { ...e }));
}

/** Scans `bytes` cut at `cuts` (sorted offsets). */
function scan(bytes: Uint8Array, cuts: readonly number[], options: ChunkScannerOptions = {}): Seen[] {
  const s = new ChunkScanner(options);
  const out: ScanEvent[] = [];
  let at = 0;
  for (const c of [...cuts, bytes.length]) {
    out.push(...s.push(bytes.subarray(at, c)));
    at = c;
  }
  out.push(...s.end());
  return seen(out);
}

/** Every cut into two chunks, and one byte at a time, give what one chunk gives. */
function expectSameAtEveryCut(text: string, options: ChunkScannerOptions = {}): Seen[] {
  const bytes = enc.encode(text);
  const whole = scan(bytes, [], options);
  for (let cut = 0; cut <= bytes.length; cut++) expect(scan(bytes, [cut], options), `cut at ${cut}`).toEqual(whole);
  expect(scan(bytes, Array.from({ length: bytes.length }, (_, i) => i), options)).toEqual(whole);
  return whole;
}

const values = (events: readonly Seen[]) => events.filter((e) => e.type === 'value').map((e) => JSON.parse(e.bytes as string) as unknown);

/** Strings that would fool a scanner that does not track strings and escapes. */
const TRICKY = ['[', ']', '{', '}', '\\"', '\\\\', '\\\\\\"', '\\"resourceSpans\\": [', '\\u005b\\u007B', 'é中😀', '\\/', ':,'];

describe('ChunkScanner: top-level values', () => {
  it('finds each value of JSON Lines (CRLF, blank lines) at every chunk edge, with its line', () => {
    const lines = TRICKY.map((t, i) => JSON.stringify({ i }).replace('}', `,"s":"${t}","a":[{"b":"${t}"}]}`));
    const text = `${lines[0]}\r\n\r\n${lines.slice(1, 6).join('\n')}\n\n   \n${lines.slice(6).join('\r\n')}\r\n`;
    const events = expectSameAtEveryCut(text);
    expect(values(events)).toEqual(lines.map((l) => JSON.parse(l) as unknown));
    expect(events.map((e) => e.line)).toEqual([1, 3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 15]);
    expect(events.every((e) => e.column === 1)).toBe(true);
  });

  it('finds pretty-printed documents back to back, strings, numbers and words between them', () => {
    const docs = [{ a: ['}', { b: '{"x": [' }] }, [1, '\\', { c: '"]' }], 'a string with ] and \\"', 12.5e3, true, null, { d: 'é😀' }];
    const text = docs.map((d) => JSON.stringify(d, null, 2)).join('\n') + '{"e":1}[2]';
    const events = expectSameAtEveryCut(text);
    expect(values(events)).toEqual([...docs, { e: 1 }, [2]]);
    const last = events.at(-1)!;
    expect([last.line, last.column]).toEqual([events.at(-2)!.line, 9]); // after `}` and `{"e":1}`
  });

  it('gives byte offsets of values', () => {
    const text = '{"a":"é"}\n  [1]';
    const events = scan(enc.encode(text), []);
    expect(events.map((e) => e.offset)).toEqual([0, 13]);
    expect(events.map((e) => [e.line, e.column])).toEqual([
      [1, 1],
      [2, 3],
    ]);
  });

  it('ends a JSON line cut short, inside a string or not, at its line: the next line is read', () => {
    const text = '{"a":1}\n{"b":"cut [\n{"c":2}\n{"d":[1,\r\n{"e":3}\n';
    const events = expectSameAtEveryCut(text);
    expect(events.map((e) => e.bytes)).toEqual(['{"a":1}', '{"b":"cut [', '{"c":2}', '{"d":[1,\r', '{"e":3}']);
    expect(events.map((e) => e.line)).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps a pretty-printed document whole (lines starting with a bracket do not cut it)', () => {
    const text = '[\n{"a":1},\n{"b":2}\n]\n';
    expect(expectSameAtEveryCut(text).map((e) => e.bytes)).toEqual(['[\n{"a":1},\n{"b":2}\n]']);
  });

  it('gives an unclosed value at the end as it is', () => {
    expect(expectSameAtEveryCut('{"a":[1,{"b":"x\\"').map((e) => e.bytes)).toEqual(['{"a":[1,{"b":"x\\"']);
    expect(expectSameAtEveryCut('  ').length).toBe(0);
  });
});

/** The split object's shell parts joined, its elements by key. */
function parts(events: readonly Seen[]): { shell: unknown; elements: Record<string, unknown[]>; broken: unknown[] } {
  let shell = '';
  const elements: Record<string, unknown[]> = {};
  const broken: unknown[] = [];
  for (const e of events) {
    if (e.type === 'shell') shell += e.bytes as string;
    if (e.type === 'element') {
      const list = (elements[e.key as string] ??= []);
      expect(e.index).toBe(list.length);
      list.push(JSON.parse(e.bytes as string));
    }
    if (e.type === 'split-end' && e.broken !== undefined) broken.push(e.broken);
  }
  return { shell: shell === '' ? undefined : JSON.parse(shell), elements, broken };
}

describe('ChunkScanner: a document split at its resourceSpans elements', () => {
  const rs = (i: number, t: string) => ({ resource: { attributes: [{ key: 'k', value: { stringValue: t } }] }, scopeSpans: [{ spans: [{ name: `s${i}`, n: [1, [2]] }] }] });
  const doc = {
    before: { resourceSpans: ['not', 'this', { '"resourceSpans"': [1] }] },
    note: '"resourceSpans": [1, 2]',
    resourceSpans: TRICKY.map((t, i) => rs(i, t)),
    after: [{ '[': ']' }],
    batches: ['x', 2, null, [3], { b: '}' }],
  };

  it('yields every element and a shell with those arrays empty, at every chunk edge, pretty or not', () => {
    for (const text of [JSON.stringify(doc), JSON.stringify(doc, null, 2), JSON.stringify(doc, null, '\t').replace(/\n/g, '\r\n')]) {
      const events = expectSameAtEveryCut(text, { splitAbove: 0 });
      expect(events[0]!.type).toBe('split-start');
      const got = parts(events);
      expect(got.elements).toEqual({ resourceSpans: doc.resourceSpans, batches: doc.batches });
      expect(got.shell).toEqual({ ...doc, resourceSpans: [], batches: [] });
      expect(got.broken).toEqual([]);
    }
  });

  it('splits only past splitAbove, then gives the elements already scanned too', () => {
    const text = JSON.stringify(doc);
    expect(scan(enc.encode(text), [], { splitAbove: enc.encode(text).length }).map((e) => e.type)).toEqual(['value']);
    const events = expectSameAtEveryCut(text, { splitAbove: 300 });
    expect(parts(events).elements.resourceSpans).toEqual(doc.resourceSpans);
    // The buffer holds about one element, not the document, once split.
    const s = new ChunkScanner({ splitAbove: 0 });
    const bytes = enc.encode(JSON.stringify({ resourceSpans: Array.from({ length: 2000 }, (_, i) => rs(i, 'x')) }));
    for (let at = 0; at < bytes.length; at += 100) s.push(bytes.subarray(at, at + 100));
    expect((s as unknown as { buf: Uint8Array }).buf.length).toBeLessThan(70_000);
  });

  it('does not split arrays that are not at the top object, nor a top-level array', () => {
    const nested = { result: { resourceSpans: [rs(0, 'a')] } };
    expect(scan(enc.encode(JSON.stringify(nested)), [], { splitAbove: 0 }).map((e) => e.type)).toEqual(['value']);
    expect(scan(enc.encode(JSON.stringify([{ resourceSpans: [1] }])), [], { splitAbove: 0 }).map((e) => e.type)).toEqual(['value']);
  });

  it('splits each JSON line of its own and counts lines across them', () => {
    const text = `${JSON.stringify({ resourceSpans: [rs(0, '\\'), rs(1, '"')] })}\n${JSON.stringify({ resource_spans: [rs(2, ']')] })}\n`;
    const events = expectSameAtEveryCut(text, { splitAbove: 0 });
    expect(events.map((e) => e.type)).toEqual(['split-start', 'shell', 'element', 'element', 'shell', 'split-end', 'split-start', 'shell', 'element', 'shell', 'split-end']);
    expect(events.filter((e) => e.type === 'element').map((e) => e.line)).toEqual([1, 1, 2]);
  });

  it('reports where a split document breaks: a missing or doubled comma, the end of the file', () => {
    const missing = parts(scan(enc.encode('{"resourceSpans": [{"a":1} {"b":2}]}'), [], { splitAbove: 0 }));
    expect(missing.broken).toEqual([{ offset: 27, line: 1, column: 28, message: "Expected ',' or ']' after array element" }]);
    const doubled = parts(scan(enc.encode('{"resourceSpans": [{"a":1},,{"b":2}]}'), [], { splitAbove: 0 }));
    expect(doubled.broken).toEqual([{ offset: 27, line: 1, column: 28, message: "Unexpected token ','" }]);
    const cut = scan(enc.encode('{"resourceSpans": [{"a":1},\n {"b":'), [], { splitAbove: 0 });
    expect(cut.at(-1)).toEqual({ type: 'split-end', broken: { offset: 34, line: 2, column: 7, message: 'Unexpected end of JSON input' } });
  });
});
