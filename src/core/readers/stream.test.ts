import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { generateModel, prng, WRITERS } from '../../../scripts/gen-traces';
import { readTraceFile } from './index';
import { createTraceStreamReader } from './stream';
import type { TraceStreamOptions } from './stream';
import type { ReadBytes } from './stream-places';

const FIXTURES = new URL('../../../../shared/fixtures/', import.meta.url);
const enc = new TextEncoder();

const fixtures: [string, Uint8Array][] = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(new URL(`${d.name}/`, FIXTURES)).map((f) => [`${d.name}/${f}`, new Uint8Array(readFileSync(new URL(`${d.name}/${f}`, FIXTURES)))] as [string, Uint8Array]));


/** Stands for "read `bytes` again" in MODES: streamRead puts the bytes' own reader in its place. */
const AGAIN: ReadBytes = () => {
  throw new Error('streamRead replaces AGAIN');
};

/** The bytes pushed in random chunks (1 byte to `most`), then finished. */
function streamRead(file: string, bytes: Uint8Array, options: TraceStreamOptions, seed: number, most = 4096) {
  // Seeded (the generator's mulberry32), so that a failure can be replayed.
  const next = prng(seed);
  const again = options.readBytes === AGAIN ? { readBytes: (at: number, n: number) => bytes.slice(at, at + n) } : {};
  const reader = createTraceStreamReader(file, { ...options, ...again });
  let at = 0;
  while (at < bytes.length) {
    const n = 1 + Math.floor(next() * most);
    reader.push(bytes.subarray(at, at + n));
    at += n;
  }
  return reader.finish();
}

/**
 * Every way of streaming: buffered (readTraceFile itself), streamed whole values, streamed split
 * documents; the last two also with the file readable again, so spans are kept as columns and
 * each is made again from its bytes when the comparison reads `spans`.
 */
const MODES: [string, TraceStreamOptions][] = [
  ['buffered', {}],
  ['streamed', { bufferBytes: 0 }],
  ['split', { bufferBytes: 0, splitAbove: 0 }],
  ['streamed, as columns', { bufferBytes: 0, readBytes: AGAIN }],
  ['split, as columns', { bufferBytes: 0, splitAbove: 0, readBytes: AGAIN }],
];

describe('createTraceStreamReader gives what readTraceFile gives', () => {
  it.each(fixtures)('%s, in random chunks, plain and gzipped', (name, bytes) => {
    const expected = readTraceFile(name, bytes);
    expect(expected.spans.length).toBeGreaterThan(0);
    const gz = gzipSync(bytes);
    const expectedGz = readTraceFile(`${name}.gz`, gz);
    for (const [mode, options] of MODES) {
      for (const seed of [1, 2, 3]) {
        expect(streamRead(name, bytes, options, seed, seed === 1 ? 7 : 2000), `${mode} ${seed}`).toEqual(expected);
        expect(streamRead(`${name}.gz`, gz, options, seed, 3000), `${mode} ${seed} gz`).toEqual(expectedGz);
      }
    }
  });

  it('generated OTLP: one document and JSON lines, gzipped or not', () => {
    const model = generateModel({ traces: 300, spansPerTrace: 8, links: 500, missingRatio: 0.1, seed: 3 });
    for (const format of ['otlp-json', 'otlp-jsonl'] as const) {
      const bytes = enc.encode(WRITERS[format](model));
      const expected = readTraceFile('gen.json', bytes);
      expect(expected.spans.length).toBe(2400);
      for (const [mode, options] of MODES) {
        expect(streamRead('gen.json', bytes, { ...options, splitAbove: options.splitAbove ?? 10_000 }, 5, 70_000), `${format} ${mode}`).toEqual(expected);
        expect(streamRead('gen.json', gzipSync(bytes), { ...options, splitAbove: 1000 }, 6, 20_000), `${format} ${mode} gz`).toEqual(expected);
      }
    }
  });

  /** Small odd files, streamed (not buffered): problems, lines, formats as readTraceFile says them. */
  const ODD: [string, string | Uint8Array][] = [
    ['JSON lines with a broken line, CRLF and blank lines', '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331"}]}]}]}\r\n\r\n{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b716920333\r\n{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"c7ad6b7169203331"}]}]}]}\r\n'],
    ['a bad span in the second line', '{"resourceSpans":[]}\n{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331"}, 5, {"name":"x"}]}]}, {"scopeSpans":[{"spans":[7]}]}]}\n'],
    ['a bad span in a single document', '{"resourceSpans":[{"scopeSpans":[{"spans":[1]}]}, 2, {"scopeSpans":[{"spans":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331"}, "x"]}]}]}'],
    ['values that are not traces around one that is', '[1]\n{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331"}]}]}]}\n{"x":1}\n'],
    ['Tempo batches', '{"batches":[{"scopeSpans":[{"spans":[{"traceId":"CvdlGRbNQ92ESOshHIAxnA==","spanId":"t61rcWkgMzE=","kind":"SPAN_KIND_SERVER"}]}]}]}'],
    ['empty', ' \n\t '],
    ['not JSON', 'hello world'],
    ['not a trace', '{"resourceMetrics":[]}'],
    ['a UTF-8 BOM', '\uFEFF{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","name":"é中😀"}]}]}]}'],
    ['not UTF-8', Uint8Array.of(...enc.encode('{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"'), 0xff, 0xfe, ...enc.encode('"}]}]}]}'))],
    ['UTF-16LE', Uint8Array.from([0xff, 0xfe, ...[...'{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","name":"é😀"}]}]}]}'].flatMap((c) => { const u = c.codePointAt(0)!; if (u < 0x10000) return [u & 0xff, u >> 8]; const v = u - 0x10000; const hi = 0xd800 + (v >> 10); const lo = 0xdc00 + (v & 0x3ff); return [hi & 0xff, hi >> 8, lo & 0xff, lo >> 8]; })])],
  ];

  // A value nested past MAX_VALUE_DEPTH (cut, and told as input.too-deep) in a link, in a span's
  // attributes and in an event; a span with events; a Jaeger document between OTLP lines.
  let deep: unknown = { stringValue: 'x' };
  for (let i = 0; i < 70; i++) deep = { arrayValue: { values: [deep] } };
  const otlpLine = (span: Record<string, unknown>) => JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: '0af7651916cd43dd8448eb211c80319c', ...span }] }] }] });
  const jaeger = JSON.stringify({ data: [{ traceID: '1af7651916cd43dd8448eb211c80319c', spans: [{ traceID: '1af7651916cd43dd8448eb211c80319c', spanID: 'a7ad6b7169203331', operationName: 'op', references: [], startTime: 1, duration: 2, tags: [], processID: 'p1' }], processes: { p1: { serviceName: 'svc', tags: [] } } }] });
  ODD.push([
    'JSON lines mixing deep values, events, links and a Jaeger document',
    [
      otlpLine({ spanId: 'b7ad6b7169203331', links: [{ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'c7ad6b7169203331', attributes: [{ key: 'deep', value: deep }] }] }),
      otlpLine({ spanId: 'c7ad6b7169203331', attributes: [{ key: 'deep', value: deep }, { key: 'plain', value: { stringValue: 'p' } }] }),
      jaeger,
      otlpLine({ spanId: 'd7ad6b7169203331', events: [{ name: 'e', timeUnixNano: '5000', attributes: [{ key: 'deep', value: deep }] }] }),
      otlpLine({ spanId: 'e7ad6b7169203331', events: [{ name: 'plain' }], attributes: [{ key: 'messaging.system', value: { stringValue: 'kafka' } }], kind: 5 }),
    ].join('\n'),
  ]);

  it.each(ODD)('%s', (name, data) => {
    const bytes = typeof data === 'string' ? enc.encode(data) : data;
    const expected = readTraceFile('odd.json', bytes);
    for (const [mode, options] of MODES) {
      for (const seed of [1, 2]) expect(streamRead('odd.json', bytes, options, seed, 9), `${mode} ${seed}`).toEqual(expected);
    }
  });

  /** JSON lines whose lines arrive whole (the scanner's fast path) and cut anywhere (its byte scan). */
  const S = (id: string) => `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"${id}"}]}]}]}`;
  const LINES: [string, string][] = [
    ['plain lines', `${S('b7ad6b7169203331')}\n${S('c7ad6b7169203331')}\n${S('d7ad6b7169203331')}\n`],
    ['two values on one line', `${S('b7ad6b7169203331')}\n${S('c7ad6b7169203331')} ${S('d7ad6b7169203331')}\n${S('e7ad6b7169203331')}\n`],
    ['a cut line that still ends in a bracket', `${S('b7ad6b7169203331')}\n${S('c7ad6b7169203331').slice(0, 60)}}\n${S('d7ad6b7169203331')}\n`],
    ['a pretty-printed document after lines', `${S('b7ad6b7169203331')}\n${S('c7ad6b7169203331')}\n${JSON.stringify(JSON.parse(S('d7ad6b7169203331')), null, 2)}\n${S('e7ad6b7169203331')}\n`],
    ['CRLF, trailing spaces, no final break', `${S('b7ad6b7169203331')} \r\n${S('c7ad6b7169203331')}\t\r\n${S('d7ad6b7169203331')}`],
    ['an array on a line', `${S('b7ad6b7169203331')}\n[${S('c7ad6b7169203331')}]\n${S('d7ad6b7169203331')}\n`],
  ];

  it.each(LINES)('JSON lines, whole or cut: %s', (_name, text) => {
    const bytes = enc.encode(text);
    const expected = readTraceFile('lines.jsonl', bytes);
    for (const [mode, options] of MODES) {
      for (const [seed, most] of [[1, 100_000], [2, 300], [3, 9]] as const) {
        expect(streamRead('lines.jsonl', bytes, options, seed, most), `${mode} ${seed}`).toEqual(expected);
      }
    }
  });

  it('gzip: several members, a cut file, a damaged one, junk after the end, over the ceiling', () => {
    const doc = fixtures.find(([n]) => n.includes('opentelemetry-proto_examples'))![1];
    const gz = gzipSync(doc);
    const two = Uint8Array.from([...gzipSync(enc.encode('{"resourceSpans":[]}\n')), ...gz]);
    const cut = gz.subarray(0, gz.length - 20);
    const damaged = gz.slice();
    damaged[gz.length - 6] = damaged[gz.length - 6]! ^ 0xff;
    const junk = Uint8Array.from([...gz, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const [what, bytes, options] of [
      ['two members', two, {}],
      ['cut', cut, {}],
      ['damaged', damaged, {}],
      ['junk after', junk, {}],
      ['over the ceiling', gz, { maxInflatedBytes: 1000 }],
    ] as const) {
      const expected = readTraceFile('t.json.gz', bytes, options);
      for (const [mode, o] of MODES) expect(streamRead('t.json.gz', bytes, { ...o, ...options }, 4, 500), `${what} ${mode}`).toEqual(expected);
    }
  });
});

describe('a value longer than a string can hold', () => {
  const otlpLine = (trace: number, span: number) =>
    JSON.stringify({ resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ spans: [{ traceId: trace.toString(16).padStart(32, '0'), spanId: span.toString(16).padStart(16, '0'), name: `s${span}`, startTimeUnixNano: '1', endTimeUnixNano: '2' }] }] }] });
  const stream = (file: string, text: string, options: TraceStreamOptions) => streamRead(file, enc.encode(text), { bufferBytes: 0, ...options }, 7, 64);

  it('is reported by its line as too large, not as an encoding problem, and the rest is read', () => {
    const long = otlpLine(2, 2).replace('"s2"', `"${'x'.repeat(600)}"`);
    const text = [otlpLine(1, 1), long, otlpLine(3, 3)].join('\n');
    for (const options of [{ maxValueBytes: 500 }, { maxValueBytes: 500, readBytes: AGAIN }]) {
      const r = stream('big.jsonl', text, options);
      expect(r.spans.map((s) => s.name)).toEqual(['s1', 's3']);
      expect(r.problems).toHaveLength(1);
      expect(r.problems[0]).toMatchObject({ code: 'input.too-large', file: 'big.jsonl', where: 'line 2' });
      expect(r.problems[0]!.message).toContain(`big.jsonl holds one JSON value of ${long.length} bytes at line 2, longer than a JavaScript string can hold (500 bytes)`);
    }
    // Under the limit, the same file reads whole.
    expect(stream('big.jsonl', text, { maxValueBytes: long.length }).spans).toHaveLength(3);
  });

  it('a wrapped document, which is not split, is one such value', () => {
    const jaeger = readFileSync(new URL('jaeger/jaeger_uimodel_ui_01.json', FIXTURES), 'utf8');
    const r = stream('jaeger.json', jaeger, { maxValueBytes: 1000 });
    expect(r.spans).toEqual([]);
    expect(r.problems.map((p) => [p.code, p.where])).toEqual([['input.too-large', 'line 1']]);
  });

  it('one element of a split document is left out, and the others are read', () => {
    const doc = (i: number) => JSON.parse(otlpLine(i, i)).resourceSpans[0];
    const big = doc(2);
    big.scopeSpans[0].spans[0].name = 'y'.repeat(800);
    const text = JSON.stringify({ resourceSpans: [doc(1), big, doc(3)] });
    const r = stream('split.json', text, { splitAbove: 0, maxValueBytes: 600 });
    expect(r.spans.map((s) => s.name)).toEqual(['s1', 's3']);
    expect(r.problems.map((p) => p.code)).toEqual(['input.too-large']);
    expect(r.problems[0]!.message).toContain('holds one element of `resourceSpans`');
  });

  it('a split document whose other keys are too long is not read, and says so', () => {
    const doc = (i: number) => JSON.parse(otlpLine(i, i)).resourceSpans[0];
    const text = JSON.stringify({ resourceSpans: [doc(1), doc(2)], note: 'z'.repeat(800) });
    const r = stream('shell.json', text, { splitAbove: 0, maxValueBytes: 600 });
    expect(r.spans).toEqual([]);
    expect(r.problems.map((p) => [p.code, p.where])).toEqual([['input.too-large', 'line 1']]);
    expect(r.problems[0]!.message).toContain('holds the rest of a split document (all but its split list) of');
  });
});
