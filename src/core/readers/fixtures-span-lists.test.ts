/**
 * Every Jaeger, Zipkin and Python console fixture, read by its reader, gives what
 * shared/fixtures/SOURCES.md states. Spans are looked up by id, never by position alone.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyse } from '../analyse';
import { attr } from '../model/span';
import type { Span } from '../model/span';
import { readTraceFile } from './index';
import { readJaeger } from './jaeger';
import { readPythonConsole } from './python-console';
import type { DocumentReader, ReaderContext } from './types';
import { readZipkin } from './zipkin';

const fixture = (dir: string, name: string) => readFileSync(new URL(`../../../../shared/fixtures/${dir}/${name}`, import.meta.url), 'utf8');

function read(dir: string, name: string, reader: DocumentReader): ReaderContext {
  const text = fixture(dir, name);
  const ctx: ReaderContext = { file: name, spans: [], problems: [] };
  reader(JSON.parse(text), ctx, '');
  return ctx;
}

function byId(spans: readonly Span[], spanId: string): Span[] {
  return spans.filter((s) => s.spanId === spanId);
}

function one(spans: readonly Span[], spanId: string): Span {
  const found = byId(spans, spanId);
  expect(found, `span ${spanId}`).toHaveLength(1);
  return found[0]!;
}

/** Spans whose parent id is set but not among the spans read. */
function orphans(spans: readonly Span[]): Span[] {
  const keys = new Set(spans.map((s) => `${s.traceId}/${s.spanId}`));
  return spans.filter((s) => s.parentSpanId !== undefined && !keys.has(`${s.traceId}/${s.parentSpanId}`));
}

const traces = (spans: readonly Span[]) => new Set(spans.map((s) => s.traceId));
const linkCount = (spans: readonly Span[]) => spans.reduce((n, s) => n + s.links.length, 0);

describe('jaeger fixtures', () => {
  it('otlp2jaeger-out: {data:[trace]}, the same span twice, CHILD_OF to a missing parent', () => {
    const { spans, problems } = read('jaeger', 'jaeger_otlp2jaeger-out.json', readJaeger);
    expect(problems).toEqual([]);
    expect(spans).toHaveLength(2);
    expect(spans[0]).toEqual(spans[1]);
    const s = spans[0]!;
    expect(s.traceId).toBe('83a9efd15c1c98a977e0711cc93ee28b');
    expect(s.spanId).toBe('e127af99e3b3e074');
    expect(s.validId).toBe(true);
    expect(s.parentSpanId).toBe('909541b92cf05311');
    expect(orphans(spans)).toHaveLength(2);
    expect(s.service).toBe('telemetrygen');
    expect(s.kind).toBe('server');
    expect(s.scope).toBe('telemetrygen');
    expect(s.startUs).toBe(1706678909209712);
    expect(s.durationUs).toBe(123);
    expect(s.links).toEqual([]);
    // span.kind and otel.scope.name became fields, as the Collector's translation does.
    expect(s.attributes.map((a) => a.key)).toEqual(['net.peer.ip', 'peer.service']);
  });

  it('ui_01: bare trace, 64-bit trace id padded, references split into parent and links', () => {
    const { spans, problems } = read('jaeger', 'jaeger_uimodel_ui_01.json', readJaeger);
    expect(problems).toEqual([]);
    expect(spans).toHaveLength(5);
    expect([...traces(spans)]).toEqual(['00000000000000000000000000000001']);
    expect(spans.every((s) => s.validId)).toBe(true);
    // Two different spans share span id …0002: both are kept, under the same key.
    const twins = byId(spans, '0000000000000002');
    expect(twins.map((s) => s.name)).toEqual(['test-general-conversion', 'some-operation']);
    const ref = one(spans, '0000000000000004');
    expect(ref.parentSpanId).toBe('0000000000000002');
    expect(ref.links).toEqual([
      {
        traceId: '000000000000000000000000000000ff',
        spanId: '00000000000000ff',
        valid: true,
        attributes: [{ key: 'opentracing.ref_type', value: 'child_of' }],
      },
      {
        traceId: '00000000000000000000000000000001',
        spanId: '0000000000000002',
        valid: true,
        attributes: [{ key: 'opentracing.ref_type', value: 'follows_from' }],
      },
    ]);
    expect(linkCount(spans)).toBe(2);
    expect(one(spans, '0000000000000005').parentSpanId).toBe('0000000000000004');
    expect(one(spans, '0000000000000003').service).toBe('service-y');
    expect(twins[0]!.service).toBe('service-x');
    expect(twins[0]!.resource).toEqual([{ key: 'service.name', value: 'service-x' }]);
    // Typed tags: int64 that fits, int64 that does not (kept as written), float, binary; error -> status.
    const typed = twins[1]!;
    expect(typed.status).toBe('error');
    expect(attr(typed.attributes, 'peer.ipv4')).toBe(23456);
    expect(attr(typed.attributes, 'javascript_limit')).toBe('9223372036854775222');
    expect(attr(typed.attributes, 'temperature')).toBe(72.5);
    expect(attr(typed.attributes, 'blob')).toBe('AAAwOQ==');
    expect(attr(typed.attributes, 'error')).toBeUndefined();
    // Logs -> events: the `event` field names the event.
    expect(twins[0]!.events).toEqual([
      { name: 'some-event', timeUs: 1485467191639875, attributes: [] },
      { name: '', timeUs: 1485467191639875, attributes: [{ key: 'x', value: 'y' }] },
    ]);
  });

  it('spansAmongEachOther: 31-char trace id and 15-char span id are left-padded and valid', () => {
    const { spans, problems } = read('jaeger', 'jaeger-ui_spansAmongEachOther.json', readJaeger);
    expect(problems).toEqual([]);
    expect(spans).toHaveLength(12);
    expect([...traces(spans)]).toEqual(['0df84e36b9e2ee3815d07f0867a5be1f']);
    expect(spans.every((s) => s.validId && s.spanId.length === 16)).toBe(true);
    expect(one(spans, '0a68c6983a6d81a2').parentSpanId).toBe('6f9bbe751e5fd944');
    expect(orphans(spans)).toEqual([]);
    expect(spans.filter((s) => s.parentSpanId === undefined).map((s) => s.spanId)).toEqual(['9afcdf2e24e8d70a']);
    expect(new Set(spans.map((s) => s.service))).toEqual(new Set(['api-gateway', 'customers-service']));
    expect(linkCount(spans)).toBe(0);
  });

  it('testTrace: non-hex ids are kept as written and invalid; a FOLLOWS_FROM-only span gets it as parent', () => {
    const { spans, problems } = read('jaeger', 'jaeger-ui_TraceGraph_testTrace.json', readJaeger);
    expect(problems).toEqual([]);
    expect(spans).toHaveLength(11);
    expect([...traces(spans)]).toEqual(['trace-123']);
    expect(spans.every((s) => !s.validId)).toBe(true);
    expect(one(spans, 'span-2_1').parentSpanId).toBe('span-1');
    const follows = one(spans, 'span-7');
    expect(follows.parentSpanId).toBe('span-6');
    expect(follows.links).toEqual([]);
    expect(linkCount(spans)).toBe(0);
    expect(orphans(spans)).toEqual([]);
    expect(one(spans, 'span-2').status).toBe('error'); // bool tag written as the string "true"
    expect(spans.filter((s) => s.status === 'error').map((s) => s.spanId)).toEqual(['span-2']);
  });

  it('anonymizer: an array of spans with embedded processes', () => {
    const { spans, problems } = read('jaeger', 'jaeger_anonymizer_trace_success.json', readJaeger);
    expect(problems).toEqual([]);
    expect(spans).toHaveLength(2);
    expect([...traces(spans)]).toEqual(['00000000000000002be38093ead7a083']);
    const [first, second] = spans as [Span, Span];
    expect(first.service).toBe('16af988c443cff37');
    expect(second.service).toBe('3c220036602f839e');
    expect(orphans(spans).map((s) => s.spanId)).toEqual(['7606ddfe69932d34']);
    expect(second.parentSpanId).toBe(first.spanId);
    expect([first.kind, second.kind]).toEqual(['server', 'client']);
    expect(second.status).toBe('error');
  });
});

describe('zipkin fixtures', () => {
  it('messaging: 128-bit trace, SERVER -> PRODUCER -> CONSUMER -> local chain', () => {
    const { spans, problems } = read('zipkin', 'zipkin_messaging.json', readZipkin);
    expect(problems).toEqual([]);
    expect(spans).toHaveLength(4);
    expect([...traces(spans)]).toEqual(['5aab74dbb904746bb33447baae403ed6']);
    const root = one(spans, 'b33447baae403ed6');
    expect(root.parentSpanId).toBeUndefined();
    expect(root.traceId.endsWith(root.spanId)).toBe(true);
    const chain = [root];
    for (let next = spans.find((s) => s.parentSpanId === root.spanId); next; next = spans.find((s) => s.parentSpanId === chain.at(-1)!.spanId)) {
      chain.push(next);
    }
    expect(chain.map((s) => s.kind)).toEqual(['server', 'producer', 'consumer', 'unspecified']);
    expect(attr(one(spans, '05e3ac9a4f6e3b90').attributes, 'peer.service')).toBe('rabbitmq');
    expect(linkCount(spans)).toBe(0);
  });

  it('skew: the CLIENT and shared SERVER halves of 74280ae0c10d8062 are one span', () => {
    const { spans, problems } = read('zipkin', 'zipkin_skew.json', readZipkin);
    expect(problems).toEqual([]);
    expect(spans).toHaveLength(3);
    expect([...traces(spans)]).toEqual(['00000000000000001e223ff1f80f1c69']);
    const rpc = one(spans, '74280ae0c10d8062');
    expect(rpc.kind).toBe('client');
    expect(rpc.parentSpanId).toBe('bf396325699c84bf');
    expect(rpc.service).toBe('servicea');
    expect(attr(rpc.attributes, 'peer.service')).toBe('serviceb');
    // Earliest start (server half, skewed clock) to the widest end (client half).
    expect(rpc.startUs).toBe(1470150004008761);
    expect(rpc.startUs! + rpc.durationUs!).toBe(1470150004074202 + 94539);
    expect(one(spans, '43210ae0c10d1234').parentSpanId).toBe('74280ae0c10d8062');
    expect(orphans(spans)).toEqual([]);
  });

  it('messaging-kafka: 28 spans, 9 producers, 7 consumers, 2 services, root id = trace id', () => {
    const { spans, problems } = read('zipkin', 'zipkin_messaging-kafka.json', readZipkin);
    expect(problems).toEqual([]);
    expect(spans).toHaveLength(28);
    expect(traces(spans).size).toBe(1);
    expect(spans.filter((s) => s.kind === 'producer')).toHaveLength(9);
    expect(spans.filter((s) => s.kind === 'consumer')).toHaveLength(7);
    expect(new Set(spans.map((s) => s.service)).size).toBe(2);
    const roots = spans.filter((s) => s.parentSpanId === undefined);
    expect(roots).toHaveLength(1);
    expect(roots[0]!.traceId).toBe(`0000000000000000${roots[0]!.spanId}`);
    expect(orphans(spans)).toEqual([]);
    expect(spans.every((s) => s.validId)).toBe(true);
  });

  it('zipkin2-client: a single span object with annotations and tags', () => {
    const { spans, problems } = read('zipkin', 'zipkin_zipkin2-client.json', readZipkin);
    expect(problems).toEqual([]);
    expect(spans).toHaveLength(1);
    const s = spans[0]!;
    expect(s.traceId).toBe('4d1e00c0db9010db86154a4ba6e91385');
    expect(s.parentSpanId).toBe('86154a4ba6e91385');
    expect(orphans(spans)).toHaveLength(1);
    expect(s.kind).toBe('client');
    expect(s.service).toBe('frontend');
    expect(s.events.map((e) => [e.name, e.timeUs])).toEqual([
      ['foo', 1472470996238000],
      ['bar', 1472470996403000],
    ]);
    expect(attr(s.attributes, 'http.path')).toBe('/api');
    expect(attr(s.attributes, 'peer.service')).toBe('backend');
  });
});

describe('python console fixtures', () => {
  it('monocle trace3: an array of to_json spans with ids without 0x', () => {
    const { spans, problems } = read('otel-python-console', 'monocle_trace3.json', readPythonConsole);
    expect(problems).toEqual([]);
    expect(spans).toHaveLength(6);
    expect([...traces(spans)]).toEqual(['cc777ffa12c2506f3e07fa56d160bfe9']);
    expect(spans.every((s) => s.validId && s.status === 'ok' && s.kind === 'internal')).toBe(true);
    expect(new Set(spans.map((s) => s.service))).toEqual(new Set(['aws_strands_nba_agent']));
    expect(orphans(spans)).toEqual([]);
    expect(spans.filter((s) => s.parentSpanId === undefined).map((s) => s.spanId)).toEqual(['d80988020d2417d1']);
    const first = one(spans, '76fb624f9a779057');
    expect(first.startUs).toBe(Date.UTC(2025, 11, 18, 0, 6, 19) * 1000 + 658928);
    expect(first.durationUs).toBe(2778611);
    expect(first.events.map((e) => e.name).slice(0, 2)).toEqual(['data.input', 'data.output']);
    expect(linkCount(spans)).toBe(0);
  });
});

/**
 * The same fixtures through the merge, graph and diagnostics: what the app and CLI will show.
 * Expected counts follow from SOURCES.md and DIAGNOSTICS.md (e.g. ui_01's duplicate …0002 keeps
 * the first span, so 4 spans; its link to trace …00ff is the one missing trace).
 */
describe('fixtures through analyse', () => {
  const cases: [string, string, DocumentReader, Record<string, number>, Record<string, number>][] = [
    ['jaeger', 'jaeger_uimodel_ui_01.json', readJaeger, { traces: 1, spans: 4, links: 2, brokenLinks: 1, missingTrace: 1, missingSpan: 0, missingParent: 0 }, { 'span.duplicate-id': 1, 'link.missing-trace': 1 }],
    ['jaeger', 'jaeger_otlp2jaeger-out.json', readJaeger, { traces: 1, spans: 1, links: 0, missingParent: 1 }, { 'span.duplicate-id': 0, 'span.missing-parent': 1 }],
    ['jaeger', 'jaeger-ui_TraceGraph_testTrace.json', readJaeger, { traces: 1, spans: 11, links: 0, missingParent: 0 }, { 'span.invalid-id': 11 }],
    ['jaeger', 'jaeger-ui_spansAmongEachOther.json', readJaeger, { traces: 1, spans: 12, links: 0, missingParent: 0 }, { 'span.invalid-id': 0 }],
    ['jaeger', 'jaeger_anonymizer_trace_success.json', readJaeger, { traces: 1, spans: 2, missingParent: 1 }, {}],
    ['zipkin', 'zipkin_skew.json', readZipkin, { traces: 1, spans: 3, links: 0, missingParent: 0 }, { 'span.duplicate-id': 0 }],
    ['zipkin', 'zipkin_messaging.json', readZipkin, { traces: 1, spans: 4, links: 0, missingParent: 0 }, {}],
    ['zipkin', 'zipkin_messaging-kafka.json', readZipkin, { traces: 1, spans: 28, links: 0, missingParent: 0 }, { 'span.invalid-id': 0 }],
    ['zipkin', 'zipkin_zipkin2-client.json', readZipkin, { traces: 1, spans: 1, missingParent: 1 }, {}],
    ['otel-python-console', 'monocle_trace3.json', readPythonConsole, { traces: 1, spans: 6, links: 0, missingParent: 0 }, { 'span.invalid-id': 0 }],
  ];
  it.each(cases)('%s/%s', (dir, name, reader, summary, codes) => {
    const ctx = read(dir, name, reader);
    const analysis = analyse([{ file: name, spans: ctx.spans, problems: ctx.problems }]);
    expect(analysis.summary).toMatchObject(summary);
    for (const [code, n] of Object.entries(codes)) {
      expect(analysis.diagnostics.filter((d) => d.code === code), code).toHaveLength(n);
    }
    expect(analysis.diagnostics.filter((d) => d.code.startsWith('input.'))).toEqual([]);
  });
});

/** End to end: the dispatcher detects each fixture by its content (the name says nothing). */
describe('fixtures through readTraceFile', () => {
  const formats: Record<string, string> = { jaeger: 'jaeger', zipkin: 'zipkin', 'otel-python-console': 'otel-python-console' };
  const readers: Record<string, DocumentReader> = { jaeger: readJaeger, zipkin: readZipkin, 'otel-python-console': readPythonConsole };
  const all: [string, string][] = [
    ['jaeger', 'jaeger_uimodel_ui_01.json'],
    ['jaeger', 'jaeger_otlp2jaeger-out.json'],
    ['jaeger', 'jaeger-ui_TraceGraph_testTrace.json'],
    ['jaeger', 'jaeger-ui_spansAmongEachOther.json'],
    ['jaeger', 'jaeger_anonymizer_trace_success.json'],
    ['zipkin', 'zipkin_skew.json'],
    ['zipkin', 'zipkin_messaging.json'],
    ['zipkin', 'zipkin_messaging-kafka.json'],
    ['zipkin', 'zipkin_zipkin2-client.json'],
    ['otel-python-console', 'monocle_trace3.json'],
  ];
  it.each(all)('%s/%s', (dir, name) => {
    const result = readTraceFile('input', fixture(dir, name));
    expect(result.problems).toEqual([]);
    expect(result.format).toBe(formats[dir]);
    const direct = read(dir, name, readers[dir]!);
    expect(result.spans).toEqual(direct.spans.map((s) => ({ ...s, source: 'input' })));
  });
});

describe('one span in two formats', () => {
  it("the Jaeger converter's OTLP input and Jaeger output read as the same span (kept once)", () => {
    const otlp = readTraceFile('in.json', readFileSync(new URL('../../../../shared/fixtures/otlp-json/jaeger_otlp2jaeger-in.json', import.meta.url)));
    const jaeger = readTraceFile('out.json', fixture('jaeger', 'jaeger_otlp2jaeger-out.json'));
    expect(jaeger.spans[0]).toEqual({ ...otlp.spans[0], source: 'out.json' });
    const analysis = analyse([otlp, jaeger]);
    expect(analysis.summary).toMatchObject({ spans: 1, missingParent: 1 });
    expect(analysis.diagnostics.map((d) => d.code)).toEqual(['span.missing-parent']);
  });
});
