import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SpanId, TraceId } from '../ids';
import type { AttrValue, Span } from '../model/span';
import { readTraceFile } from '../readers/index';
import { spanSet } from '../test-support/arbitrary-spans';
import { attrs, makeLink, makeSpan } from '../test-support/make-span';
import { toOtlpJson } from './otlp-writer';

const ROOT = new URL('../../../../shared/fixtures/', import.meta.url);

/** The spans as read back: every one names the file it was read from. */
const from = (spans: readonly Span[], file: string): Span[] => spans.map((s) => ({ ...s, source: file }));

function back(spans: readonly Span[], file = 'out.otlp.json'): Span[] {
  const r = readTraceFile(file, toOtlpJson(spans));
  expect(r.problems).toEqual([]);
  expect(r.format).toBe('otlp-json');
  return r.spans;
}

// Protobuf JSON shapes, for reading the document in tests.
interface Doc {
  resourceSpans: {
    resource: { attributes: { key: string; value: unknown }[] };
    scopeSpans: { scope?: { name: string }; spans: Record<string, unknown>[] }[];
  }[];
}
const docOf = (spans: readonly Span[]): Doc => JSON.parse(toOtlpJson(spans)) as Doc;

describe('toOtlpJson', () => {
  it('writes TracesData: resources and scopes by run, hex ids, int kinds, nanosecond strings, status, links, events', () => {
    const link = { ...makeLink('b', '2', { 'link.type': 'producer' }), traceState: 'vendor=1' };
    const a = makeSpan({ trace: 'a', id: '1', service: 'checkout', kind: 'consumer', startUs: 1_700_000_000_000_001, durationUs: 250, links: [link], droppedLinksCount: 3 });
    const b = { ...makeSpan({ trace: 'a', id: '2', parent: '1', service: 'checkout', kind: 'server' }), resource: a.resource, scope: 'lib' };
    const c: Span = {
      ...makeSpan({ trace: 'a', id: '3', service: 'payments' }),
      status: 'error',
      statusMessage: 'boom',
      events: [{ name: 'exception', timeUs: 5, attributes: attrs({ 'exception.type': 'E' }) }],
    };
    const doc = docOf([a, b, c]);
    expect(doc.resourceSpans).toHaveLength(2);
    expect(doc.resourceSpans[0]!.resource.attributes).toEqual([{ key: 'service.name', value: { stringValue: 'checkout' } }]);
    expect(doc.resourceSpans[0]!.scopeSpans.map((s) => s.scope)).toEqual([undefined, { name: 'lib' }]);
    const [first] = doc.resourceSpans[0]!.scopeSpans[0]!.spans;
    expect(first).toEqual({
      traceId: '0000000000000000000000000000000a',
      spanId: '0000000000000001',
      name: 'op-1',
      kind: 5,
      startTimeUnixNano: '1700000000000001000',
      endTimeUnixNano: '1700000000000251000',
      attributes: [],
      links: [
        {
          traceId: '0000000000000000000000000000000b',
          spanId: '0000000000000002',
          traceState: 'vendor=1',
          attributes: [{ key: 'link.type', value: { stringValue: 'producer' } }],
        },
      ],
      droppedLinksCount: 3,
      status: {},
    });
    expect(doc.resourceSpans[0]!.scopeSpans[1]!.spans[0]).toMatchObject({ parentSpanId: '0000000000000001', kind: 2 });
    expect(doc.resourceSpans[1]!.scopeSpans[0]!.spans[0]).toMatchObject({
      status: { code: 2, message: 'boom' },
      events: [{ timeUnixNano: '5000', name: 'exception', attributes: [{ key: 'exception.type', value: { stringValue: 'E' } }] }],
    });
    expect(back([a, b, c])).toEqual(from([a, b, c], 'out.otlp.json'));
  });

  it('keeps the order of the spans: a resource met again opens a new ResourceSpans', () => {
    const x = makeSpan({ id: '1', service: 'x' });
    const y = makeSpan({ id: '2', service: 'y' });
    const x2 = { ...makeSpan({ id: '1', service: 'x', name: 'other' }), resource: x.resource };
    const doc = docOf([x, y, x2]);
    expect(doc.resourceSpans.map((r) => r.scopeSpans[0]!.spans.length)).toEqual([1, 1, 1]);
    // The first of two spans under one id is the one kept: the order decides it.
    expect(back([x, y, x2]).map((s) => s.name)).toEqual(['op-1', 'op-2', 'other']);
  });

  it('writes every attribute value as an AnyValue the reader gives back', () => {
    const values: AttrValue[] = [
      'text',
      '',
      '42',
      true,
      false,
      null,
      42,
      -7,
      0.5,
      1e300,
      2 ** 60,
      Number.MAX_SAFE_INTEGER,
      '9007199254740993',
      '-9223372036854775808',
      '9223372036854775808',
      '007',
      [1, 'a', [null, { kvlist: [] }]],
      { kvlist: [{ key: '__proto__', value: { kvlist: [{ key: 'constructor', value: 'x' }] } }] },
      [],
    ];
    const span = { ...makeSpan({ id: '1' }), attributes: values.map((value, i) => ({ key: `k${i}`, value })) };
    const written = docOf([span]).resourceSpans[0]!.scopeSpans[0]!.spans[0]!.attributes as { value: unknown }[];
    expect(written.slice(0, 16).map((a) => a.value)).toEqual([
      { stringValue: 'text' },
      { stringValue: '' },
      { stringValue: '42' },
      { boolValue: true },
      { boolValue: false },
      {},
      { intValue: '42' },
      { intValue: '-7' },
      { doubleValue: 0.5 },
      { doubleValue: 1e300 },
      { doubleValue: 2 ** 60 },
      { intValue: '9007199254740991' },
      { intValue: '9007199254740993' },
      { intValue: '-9223372036854775808' },
      // Past int64: not an int64 the model kept, a text.
      { stringValue: '9223372036854775808' },
      { stringValue: '007' },
    ]);
    expect(written[16]!.value).toEqual({
      arrayValue: { values: [{ intValue: '1' }, { stringValue: 'a' }, { arrayValue: { values: [{}, { kvlistValue: { values: [] } }] } }] },
    });
    expect(back([span])).toEqual(from([span], 'out.otlp.json'));
    expect(Object.prototype).not.toHaveProperty('constructor', 'x');
  });

  it('writes -0 and the non-finite numbers as protobuf JSON does (the latter come back as text)', () => {
    const span = { ...makeSpan({ id: '1' }), attributes: attrs({ z: -0, n: NaN, i: Infinity, m: -Infinity }) };
    const [read] = back([span]);
    expect(Object.is(read!.attributes[0]!.value, -0)).toBe(true);
    expect(read!.attributes.slice(1).map((a) => a.value)).toEqual(['NaN', 'Infinity', '-Infinity']);
  });

  it('writes malformed ids as they are, and they come back the same and invalid', () => {
    const span: Span = {
      ...makeSpan({ trace: 'trace-123', id: 'span-1', parent: '__proto__' }),
      links: [makeLink('a', 'zz-not-hex'), makeLink('0'.repeat(32), '1'), makeLink('trace-123', 'span-1')],
    };
    const doc = docOf([span]);
    expect(doc.resourceSpans[0]!.scopeSpans[0]!.spans[0]).toMatchObject({ traceId: 'trace-123', spanId: 'span-1', parentSpanId: '__proto__' });
    const [read] = back([span]);
    expect(read).toEqual({ ...span, source: 'out.otlp.json' });
    expect(read!.validId).toBe(false);
    expect(read!.links.map((l) => l.valid)).toEqual([false, false, false]);
  });

  it('documents what is not kept: source, non-normal malformed ids, times at or below zero, empty texts, a resource not saying the service', () => {
    const base = makeSpan({ id: '1', service: 'svc' });
    const spans: Span[] = [
      { ...base, traceId: ' ABC ' as TraceId, spanId: '0xZZ' as SpanId, validId: false },
      { ...base, startUs: 0, durationUs: 5 },
      { ...base, startUs: undefined, durationUs: 5, statusMessage: '', scope: '' },
      { ...base, startUs: 10, durationUs: -10, events: [{ name: 'e', timeUs: 0, attributes: [] }] },
      { ...base, startUs: 10.75, durationUs: 1, links: [{ ...makeLink('a', '1'), traceState: '' }] },
      { ...base, service: 'svc', resource: attrs({ 'host.name': 'h' }) },
      { ...base, service: '', resource: attrs({ 'service.name': 'named' }) },
    ];
    const read = back(spans, 'x.json');
    expect(read.every((s) => s.source === 'x.json')).toBe(true);
    // Ids not in the readers' normal form (untrimmed, upper case) come back normal: trimmed, ASCII lower case, `0x` kept.
    expect([read[0]!.traceId, read[0]!.spanId]).toEqual(['abc', '0xzz']);
    expect([read[1]!.startUs, read[1]!.durationUs]).toEqual([undefined, undefined]);
    expect([read[2]!.durationUs, read[2]!.statusMessage, read[2]!.scope]).toEqual([undefined, undefined, undefined]);
    expect([read[3]!.startUs, read[3]!.durationUs, read[3]!.events[0]!.timeUs]).toEqual([10, undefined, undefined]);
    expect([read[4]!.startUs, read[4]!.durationUs, read[4]!.links[0]!.traceState]).toEqual([10, 1, undefined]);
    expect([read[5]!.service, read[5]!.resource]).toEqual(['svc', attrs({ 'service.name': 'svc', 'host.name': 'h' })]);
    expect([read[6]!.service, read[6]!.resource]).toEqual(['', [{ key: 'service.name', value: '' }, { key: 'service.name', value: 'named' }]]);
  });

  it('writes an empty list as an empty document', () => {
    expect(toOtlpJson([])).toBe('{"resourceSpans":[]}\n');
    expect(readTraceFile('e.json', toOtlpJson([]))).toMatchObject({ format: 'otlp-json', spans: [], problems: [] });
  });

  it('gives back every fixture of every format as it was read', () => {
    for (const dir of readdirSync(ROOT).filter((d) => !d.includes('.'))) {
      for (const name of readdirSync(new URL(`${dir}/`, ROOT))) {
        const read = readTraceFile(name, new Uint8Array(readFileSync(new URL(`${dir}/${name}`, ROOT))));
        expect(read.spans.length, name).toBeGreaterThan(0);
        expect(back(read.spans, name), name).toEqual(read.spans);
      }
    }
  });

  it('gives back generated spans as the OTLP reader makes them (property)', () => {
    fc.assert(
      fc.property(spanSet({ form: 'read' }), (spans) => {
        expect(back(spans, 'gen.json')).toEqual(from(spans, 'gen.json'));
      }),
      { numRuns: 200 },
    );
  });
});
