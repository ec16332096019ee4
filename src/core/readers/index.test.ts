/** The dispatcher end to end: bytes in, spans, format and `input.*` problems out. Never throws. */
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readTraceFile } from './index';

const T = '0af7651916cd43dd8448eb211c80319c';
const S = 'b7ad6b7169203331';
const P = '00f067aa0ba902b7';
const utf8 = (s: string) => new TextEncoder().encode(s);
const otlp = (spanId: string) => ({ resourceSpans: [{ resource: {}, scopeSpans: [{ spans: [{ traceId: T, spanId }] }] }] });

describe('readTraceFile: formats', () => {
  it('reads one OTLP document as otlp-json, from bytes or text', () => {
    const text = JSON.stringify(otlp(S));
    for (const input of [text, utf8(text)]) {
      const r = readTraceFile('a.json', input);
      expect(r).toMatchObject({ file: 'a.json', format: 'otlp-json', problems: [] });
      expect(r.spans.map((s) => s.spanId)).toEqual([S]);
    }
  });

  it('reads gzip by content, with a BOM inside', () => {
    const bytes = gzipSync(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(JSON.stringify(otlp(S)))]));
    const r = readTraceFile('upload.bin', bytes);
    expect(r).toMatchObject({ format: 'otlp-json', problems: [] });
    expect(r.spans).toHaveLength(1);
  });

  it('calls several OTLP documents otlp-jsonl, lines or stream', () => {
    const lines = `${JSON.stringify(otlp(S))}\n${JSON.stringify(otlp(P))}\n`;
    const stream = `${JSON.stringify(otlp(S), null, 2)}${JSON.stringify(otlp(P), null, 2)}`;
    for (const text of [lines, stream]) {
      const r = readTraceFile('x', text);
      expect(r).toMatchObject({ format: 'otlp-jsonl', problems: [] });
      expect(r.spans.map((s) => s.spanId)).toEqual([S, P]);
    }
  });

  it('calls Tempo shapes tempo', () => {
    expect(readTraceFile('x', JSON.stringify({ batches: [] })).format).toBe('tempo');
    const b64 = { trace: { resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'CvdlGRbNQ92ESOshHIAxnA==', spanId: 't61rcWkgMzE=' }] }] }] } };
    const r = readTraceFile('x', JSON.stringify(b64));
    expect(r.format).toBe('tempo');
    expect(r.spans[0]).toMatchObject({ traceId: T, spanId: S });
  });

  it('sends Jaeger, Zipkin (also /traces arrays of arrays) and Python console to their readers', () => {
    const jaeger = readTraceFile('x', JSON.stringify({ data: [{ traceID: T, spans: [{ traceID: T, spanID: S, operationName: 'op' }] }] }));
    expect(jaeger).toMatchObject({ format: 'jaeger', problems: [] });
    expect(jaeger.spans[0]).toMatchObject({ traceId: T, spanId: S, name: 'op' });
    const zipkin = readTraceFile('x', JSON.stringify([[{ traceId: T, id: S, name: 'a' }], [{ traceId: T, id: P, parentId: S, name: 'b' }]]));
    expect(zipkin).toMatchObject({ format: 'zipkin', problems: [] });
    expect(zipkin.spans.map((s) => s.spanId)).toEqual([S, P]);
  });

  it('reads a Python console stream with CRLF, NaN and a log record in it', () => {
    const span = (id: string, parent: string | null) =>
      JSON.stringify({ name: 'n', context: { trace_id: `0x${T}`, span_id: `0x${id}`, trace_state: '[]' }, parent_id: parent, attributes: { ratio: 'NaN' }, links: [] }, null, 4)
        .replace('"NaN"', 'NaN')
        .replace(/\n/g, '\r\n');
    const log = JSON.stringify({ body: 'hello', severity_number: 9, trace_id: `0x${T}` }, null, 4).replace(/\n/g, '\r\n');
    const r = readTraceFile('console.txt', `${span(S, null)}\r\n${log}\r\n${span(P, `0x${S}`)}\r\n`);
    expect(r).toMatchObject({ format: 'otel-python-console', problems: [] });
    expect(r.spans.map((s) => [s.spanId, s.parentSpanId])).toEqual([
      [S, undefined],
      [P, S],
    ]);
    expect(r.spans[0]!.attributes).toEqual([{ key: 'ratio', value: null }]);
  });
});

describe('readTraceFile: problems', () => {
  it('an empty file', () => {
    expect(readTraceFile('e.json', new Uint8Array(0))).toEqual({ file: 'e.json', spans: [], problems: [{ code: 'input.empty', file: 'e.json', message: 'e.json is empty.' }] });
    expect(readTraceFile('e.json', ' \n').problems[0]!.code).toBe('input.empty');
  });

  it('truncated JSON: input.not-json with line and column', () => {
    const text = JSON.stringify(otlp(S), null, 2);
    const r = readTraceFile('cut.json', text.slice(0, 80));
    expect(r.format).toBeUndefined();
    expect(r.spans).toEqual([]);
    expect(r.problems).toHaveLength(1);
    const lines = text.slice(0, 80).split('\n');
    expect(r.problems[0]).toMatchObject({ code: 'input.not-json', file: 'cut.json', where: `line ${lines.length}, column ${lines.at(-1)!.length + 1}` });
    expect(r.problems[0]!.message).toMatch(/^cut\.json is not JSON: .* at line \d+, column \d+\. It looks like broken OTLP JSON\.$/);
  });

  it('text that is not JSON names what it looks like', () => {
    const js = readTraceFile('console.log', "{\n  resource: { attributes: {} },\n  traceId: '0af7',\n  id: 'b7ad'\n}\n");
    expect(js.problems[0]!.code).toBe('input.not-json');
    expect(js.problems[0]!.where).toBe('line 2, column 3');
    expect(js.problems[0]!.message).toMatch(/ConsoleSpanExporter/);
  });

  it('binary junk: an encoding problem, not a crash', () => {
    const r = readTraceFile('trace.pb', new Uint8Array([0x0a, 0xff, 0x01, 0x12, 0x00, 0x9c, 0xfe]));
    expect(r.spans).toEqual([]);
    expect(r.problems.map((p) => p.code)).toEqual(['input.encoding']);
  });

  it('corrupt gzip', () => {
    const packed = gzipSync(utf8(JSON.stringify(otlp(S))));
    packed[packed.length - 6]! ^= 0xff; // breaks the CRC
    expect(readTraceFile('t.json.gz', packed).problems.map((p) => p.code)).toEqual(['input.gzip']);
  });

  it('JSON of no known format: one input.unknown-format naming the keys', () => {
    const r = readTraceFile('other.json', '{"foo": 1, "bar": [2]}');
    expect(r).toEqual({
      file: 'other.json',
      spans: [],
      problems: [{ code: 'input.unknown-format', file: 'other.json', where: '(top level)', message: 'other.json is not a trace format tracelinks reads: it holds a JSON object (keys `foo`, `bar`).' }],
    });
    const lines = readTraceFile('m.jsonl', '{"a":1}\n{"b":2}\n');
    expect(lines.problems).toHaveLength(1);
    expect(lines.problems[0]).toMatchObject({ code: 'input.unknown-format', where: 'line 1' });
    expect(lines.problems[0]!.message).toMatch(/all 2 JSON values/);
  });

  it('JSON of the wrong shape: the JSON path', () => {
    const r = readTraceFile('w.json', '{"resourceSpans": [{"scopeSpans": [{"spans": {"traceId": "x"}}]}]}');
    expect(r.format).toBe('otlp-json');
    expect(r.problems).toEqual([
      { code: 'input.bad-span', file: 'w.json', where: 'resourceSpans[0].scopeSpans[0].spans', message: 'Expected an array here, found an object.' },
    ]);
  });

  it('in a multi-document file, paths say which line the document starts on', () => {
    const r = readTraceFile('m.jsonl', `${JSON.stringify(otlp(S))}\n{"resourceSpans":[{"scopeSpans":[{"spans":[5]}]}]}\n{"other":1}\n`);
    expect(r.spans).toHaveLength(1);
    expect(r.problems.map((p) => [p.code, p.where])).toEqual([
      ['input.bad-span', 'line 2: resourceSpans[0].scopeSpans[0].spans[0]'],
      ['input.unknown-format', 'line 3'],
    ]);
  });

  it('a broken line among good ones: the good ones load', () => {
    const r = readTraceFile('m.jsonl', `${JSON.stringify(otlp(S))}\n{"resourceSpans": [}\n${JSON.stringify(otlp(P))}\n`);
    expect(r.format).toBe('otlp-jsonl');
    expect(r.spans.map((s) => s.spanId)).toEqual([S, P]);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ code: 'input.not-json', where: 'line 2, column 20' });
  });

  it('never throws: an exception inside becomes an input problem without a stack', () => {
    const hostile = new Proxy(new Uint8Array(4), {
      get() {
        throw new Error('boom');
      },
    });
    const r = readTraceFile('weird.json', hostile);
    expect(r.spans).toEqual([]);
    expect(r.problems).toEqual([{ code: 'input.unreadable', file: 'weird.json', message: 'weird.json could not be read: boom' }]);
  });
});
