import { describe, expect, it } from 'vitest';
import { attr } from '../model/span';
import { readTraceFile } from './index';
import { readJaeger } from './jaeger';
import type { ReaderContext } from './types';

function read(doc: unknown): ReaderContext {
  const ctx: ReaderContext = { file: 'j.json', spans: [], problems: [] };
  readJaeger(doc, ctx, '');
  return ctx;
}
/** JSON text -> value, so that keys such as `__proto__` are own data properties, as in a file. */
const parse = (text: string): unknown => JSON.parse(text);

const T = '4bf92f3577b34da6a3ce929d0e0e4736';
const span = (spanID: string, extra: Record<string, unknown> = {}) => ({
  traceID: T,
  spanID,
  operationName: `op-${spanID}`,
  references: [],
  startTime: 1700000000000000,
  duration: 10,
  tags: [],
  logs: [],
  processID: 'p1',
  ...extra,
});
const trace = (spans: unknown[]) => ({ traceID: T, spans, processes: { p1: { serviceName: 'svc', tags: [{ key: 'host', type: 'string', value: 'h1' }] } } });

describe('readJaeger shapes', () => {
  const spans = [span('00f067aa0ba902b7'), span('00f067aa0ba902b8', { references: [{ refType: 'CHILD_OF', traceID: T, spanID: '00f067aa0ba902b7' }] })];
  const expected = read(trace(spans)).spans;

  it('reads a bare trace', () => {
    expect(expected.map((s) => [s.spanId, s.parentSpanId, s.service])).toEqual([
      ['00f067aa0ba902b7', undefined, 'svc'],
      ['00f067aa0ba902b8', '00f067aa0ba902b7', 'svc'],
    ]);
    expect(expected[0]!.resource).toEqual([
      { key: 'service.name', value: 'svc' },
      { key: 'host', value: 'h1' },
    ]);
  });

  it.each([
    ['{data:[trace]}', { data: [trace(spans)], total: 0 }],
    ['{data:trace}', { data: trace(spans) }],
    ['an array of traces', [trace(spans)]],
    ['an array of spans with embedded processes', spans.map((s) => ({ ...s, processID: undefined, process: { serviceName: 'svc', tags: [{ key: 'host', type: 'string', value: 'h1' }] } }))],
  ])('reads %s the same way', (_name, doc) => {
    const ctx = read(doc);
    expect(ctx.problems).toEqual([]);
    expect(ctx.spans).toEqual(expected);
  });

  it('reads several traces of {data:[…]} with their own processes', () => {
    const other = { traceID: 'a', spans: [span('1', { traceID: 'a', processID: 'p1' })], processes: { p1: { serviceName: 'other' } } };
    const { spans: out } = read({ data: [trace(spans), other] });
    expect(out.map((s) => [s.traceId, s.service])).toEqual([
      [T, 'svc'],
      [T, 'svc'],
      ['0000000000000000000000000000000a', 'other'],
    ]);
  });

  it('takes the trace id of the trace when a span has none', () => {
    const { spans: out } = read({ traceID: 'abc', spans: [{ spanID: '1' }] });
    expect(out[0]!.traceId).toBe('00000000000000000000000000000abc');
    expect(out[0]!.validId).toBe(true);
  });
});

describe('readJaeger bad input', () => {
  it('reports a malformed span with its JSON path and reads the rest', () => {
    const ctx = read({ data: [trace([span('1'), null, 'x', span('2'), { traceID: T }])] });
    expect(ctx.spans.map((s) => s.spanId)).toEqual(['0000000000000001', '0000000000000002']);
    expect(ctx.problems.map((p) => [p.code, p.where, p.file])).toEqual([
      ['input.bad-span', 'data[0].spans[1]', 'j.json'],
      ['input.bad-span', 'data[0].spans[2]', 'j.json'],
      ['input.bad-span', 'data[0].spans[4]', 'j.json'],
    ]);
  });

  it('prefixes the path it is given', () => {
    const ctx: ReaderContext = { file: 'j.json', spans: [], problems: [] };
    readJaeger([span('1'), 7], ctx, 'line 3');
    expect(ctx.problems[0]!.where).toBe('line 3[1]');
  });

  it('reports the query API error answer and a trace without a spans array', () => {
    const ctx = read({ data: null, errors: [{ code: 404, msg: 'trace not found' }] });
    expect(ctx.problems).toEqual([{ code: 'input.bad-trace', file: 'j.json', where: 'data', message: 'Jaeger returned errors: trace not found' }]);
    expect(read({ data: [{ traceID: T, spans: 3 }] }).problems.map((p) => p.where)).toEqual(['data[0].spans']);
  });

  it.each([null, 42, 'text', true, [], [null], { data: 5 }, { spans: null }, [[1, 2]]])('never throws on %j', (doc) => {
    expect(() => read(doc)).not.toThrow();
  });

  it('keeps non-hex ids as written (lower-cased) and marks them invalid', () => {
    const { spans: out } = read([{ traceID: 'Trace-X', spanID: 'Span-1', references: [{ refType: 'CHILD_OF', traceID: 'Trace-X', spanID: 'Span-0' }] }]);
    expect(out[0]).toMatchObject({ traceId: 'trace-x', spanId: 'span-1', validId: false, parentSpanId: 'span-0' });
  });
});

describe('readJaeger references', () => {
  const ref = (refType: string | undefined, traceID: string, spanID: string) => ({ refType, traceID, spanID });
  const linksOf = (s: { links: readonly { traceId: string; spanId: string; valid: boolean; attributes: readonly { value: unknown }[] }[] }) =>
    s.links.map((l) => [l.traceId, l.spanId, l.valid, l.attributes[0]!.value]);

  it('prefers the first CHILD_OF in the own trace over an earlier FOLLOWS_FROM', () => {
    const [s] = read([span('5', { references: [ref('FOLLOWS_FROM', T, '3'), ref('CHILD_OF', T, '4'), ref('CHILD_OF', T, '2')] })]).spans;
    expect(s!.parentSpanId).toBe('0000000000000004');
    expect(linksOf(s!)).toEqual([
      [T, '0000000000000003', true, 'follows_from'],
      [T, '0000000000000002', true, 'child_of'],
    ]);
  });

  it('a CHILD_OF to another trace is a link; a FOLLOWS_FROM in the own trace is then the parent', () => {
    const other = 'ff';
    const [s] = read([span('5', { references: [ref('CHILD_OF', other, 'ff'), ref('FOLLOWS_FROM', T, '3')] })]).spans;
    expect(s!.parentSpanId).toBe('0000000000000003');
    expect(linksOf(s!)).toEqual([['000000000000000000000000000000ff', '00000000000000ff', true, 'child_of']]);
  });

  it('a span whose only references are in other traces is a root with links', () => {
    const [s] = read([span('5', { references: [ref('FOLLOWS_FROM', '1', '2')] })]).spans;
    expect(s!.parentSpanId).toBeUndefined();
    expect(linksOf(s!)).toEqual([['00000000000000000000000000000001', '0000000000000002', true, 'follows_from']]);
  });

  it('a missing refType is CHILD_OF (the enum default); malformed link ids are invalid links', () => {
    const [s] = read([span('5', { references: [ref(undefined, T, '4'), ref('CHILD_OF', 'zz', '1'), 'junk', ref('FOLLOWS_FROM', T, '0000000000000000')] })]).spans;
    expect(s!.parentSpanId).toBe('0000000000000004');
    expect(linksOf(s!)).toEqual([
      ['zz', '0000000000000001', false, 'child_of'],
      [T, '0000000000000000', false, 'follows_from'],
    ]);
  });

  it('reads the legacy parentSpanID field as the first CHILD_OF', () => {
    const [legacy] = read([span('5', { parentSpanID: '4' })]).spans;
    expect(legacy!.parentSpanId).toBe('0000000000000004');
    expect(legacy!.links).toEqual([]);
    const [both] = read([span('5', { parentSpanID: '4', references: [ref('CHILD_OF', T, '4'), ref('FOLLOWS_FROM', T, '3')] })]).spans;
    expect(both!.parentSpanId).toBe('0000000000000004');
    expect(linksOf(both!)).toEqual([[T, '0000000000000003', true, 'follows_from']]);
    const [zero] = read([span('5', { parentSpanID: '0' })]).spans;
    expect(zero!.parentSpanId).toBeUndefined();
  });
});

describe('readJaeger tags', () => {
  const tag = (key: string, type: string, value: unknown) => ({ key, type, value });
  const one = (tags: unknown[]) => read([span('1', { tags })]).spans[0]!;

  it('maps span.kind, status tags and dropped links, and keeps them out of the attributes', () => {
    const s = one([
      tag('span.kind', 'string', 'consumer'),
      tag('otel.status_code', 'string', 'ERROR'),
      tag('otel.status_description', 'string', 'boom'),
      tag('otel.dropped_links_count', 'int64', 3),
      tag('messaging.system', 'string', 'kafka'),
    ]);
    expect(s).toMatchObject({ kind: 'consumer', status: 'error', statusMessage: 'boom', droppedLinksCount: 3 });
    expect(s.attributes).toEqual([{ key: 'messaging.system', value: 'kafka' }]);
  });

  it.each([
    [[tag('error', 'bool', true)], 'error'],
    [[tag('error', 'bool', 'true')], 'error'],
    [[tag('error', 'bool', false)], 'unset'],
    [[tag('error', 'bool', true), tag('otel.status_code', 'string', 'OK')], 'ok'],
    [[tag('otel.status_code', 'string', 'UNSET')], 'unset'],
    [[], 'unset'],
  ])('status from %j is %s', (tags, status) => {
    expect(one(tags).status).toBe(status);
  });

  it('reads dropped links written as a string, and typed values of every type', () => {
    expect(one([tag('otel.dropped_links_count', 'int64', '7')]).droppedLinksCount).toBe(7);
    const s = one([tag('b', 'bool', 'false'), tag('i', 'int64', '42'), tag('big', 'int64', '12345678901234567890'), tag('f', 'float64', '1.5'), tag('bin', 'binary', 'AQI=')]);
    expect(s.attributes).toEqual([
      { key: 'b', value: false },
      { key: 'i', value: 42 },
      { key: 'big', value: '12345678901234567890' },
      { key: 'f', value: 1.5 },
      { key: 'bin', value: 'AQI=' },
    ]);
  });

  it('keeps `__proto__` keys as data and never pollutes Object.prototype', () => {
    const doc = parse(
      `{"traceID":"1","spans":[{"traceID":"1","spanID":"2","processID":"__proto__","tags":[{"key":"__proto__","type":"string","value":"x"}],` +
        `"logs":[{"timestamp":5,"fields":[{"key":"__proto__","type":"string","value":"y"}]}]}],"processes":{"__proto__":{"serviceName":"evil"}}}`,
    );
    const [s] = read(doc).spans;
    expect(s!.service).toBe('evil');
    expect(attr(s!.attributes, '__proto__')).toBe('x');
    expect(s!.events[0]!.attributes).toEqual([{ key: '__proto__', value: 'y' }]);
    expect(({} as Record<string, unknown>).serviceName).toBeUndefined();
    // A processID that only exists on Object.prototype finds no process.
    expect(read(parse('{"traceID":"1","spans":[{"traceID":"1","spanID":"2","processID":"toString"}],"processes":{}}')).spans[0]!.service).toBe('');
  });

  it('reads logs without an event field and without a timestamp', () => {
    const s = read([span('1', { logs: [{ fields: [tag('message', 'string', 'hi')] }, 'junk', { timestamp: 9, fields: [tag('event', 'string', 'retry')] }] })]).spans[0]!;
    expect(s.events).toEqual([
      { name: '', attributes: [{ key: 'message', value: 'hi' }] },
      { name: 'retry', timeUs: 9, attributes: [] },
    ]);
  });

  it('upper-case hex ids are lower-cased; numeric-string times are read', () => {
    const [s] = read([{ traceID: T.toUpperCase(), spanID: '00F067AA0BA902B7', startTime: '1700000000000001', duration: '5' }]).spans;
    expect(s).toMatchObject({ traceId: T, spanId: '00f067aa0ba902b7', validId: true, startUs: 1700000000000001, durationUs: 5 });
  });
});

describe('Jaeger through readTraceFile', () => {
  it('reads {data:[…]} text, reporting a bad span by its JSON path', () => {
    const result = readTraceFile('t.json', JSON.stringify({ data: [trace([span('1'), 'oops', span('2')])] }));
    expect(result.format).toBe('jaeger');
    expect(result.spans.map((s) => s.spanId)).toEqual(['0000000000000001', '0000000000000002']);
    expect(result.problems.map((p) => [p.code, p.where])).toEqual([['input.bad-span', 'data[0].spans[1]']]);
  });

  it('reads a span list (anonymizer shape) as JSON Lines', () => {
    const lines = [span('1'), span('2', { references: [{ refType: 'FOLLOWS_FROM', traceID: T, spanID: '1' }] })].map((s) => JSON.stringify(s)).join('\n');
    const result = readTraceFile('spans.jsonl', lines);
    expect(result.problems).toEqual([]);
    expect(result.spans.map((s) => s.parentSpanId)).toEqual([undefined, '0000000000000001']);
  });
});
