import { describe, expect, it } from 'vitest';
import { describeJson, describeText, detectReader } from './sniff';

describe('detectReader', () => {
  it.each([
    ['OTLP TracesData', { resourceSpans: [] }, 'otlp'],
    ['OTLP snake_case', { resource_spans: [] }, 'otlp'],
    ['Tempo batches', { batches: [] }, 'otlp'],
    ['Jaeger /api/v3 result wrapper', { result: { resourceSpans: [] } }, 'otlp'],
    ['Tempo /api/v2 trace wrapper', { trace: { batches: [] }, status: 'complete' }, 'otlp'],
    ['bare ResourceSpans', { resource: {}, scopeSpans: [] }, 'otlp'],
    ['bare old ResourceSpans', { instrumentationLibrarySpans: [] }, 'otlp'],
    ['array of OTLP documents', [{ resourceSpans: [] }, { resourceSpans: [] }], 'otlp'],
    ['Jaeger {data}', { data: [], total: 0 }, 'jaeger'],
    ['Jaeger {data: null, errors}', { data: null, errors: [{ msg: 'x' }] }, 'jaeger'],
    ['Jaeger bare trace', { traceID: 'a', spans: [], processes: {} }, 'jaeger'],
    ['Jaeger array of traces', [{ traceID: 'a', spans: [] }], 'jaeger'],
    ['Jaeger span list', [{ traceID: 'a', spanID: 'b' }], 'jaeger'],
    ['Zipkin span', { traceId: 'a', id: 'b' }, 'zipkin'],
    ['Zipkin trace', [{ traceId: 'a', id: 'b' }], 'zipkin'],
    ['Zipkin /api/v2/traces', [[], [{ traceId: 'a', id: 'b' }]], 'zipkin'],
    ['Python span', { name: 'x', context: { trace_id: '0x1', span_id: '0x2' } }, 'python'],
    ['Python log record', { body: 'hi', severity_number: 9, trace_id: '0x1' }, 'python'],
    ['Monocle array', [{ context: { trace_id: '1' } }], 'python'],
  ])('%s', (_name, value, kind) => {
    expect(detectReader(value)).toBe(kind);
  });

  it.each([
    ['an empty array', []],
    ['a number', 42],
    ['an object of nothing known', { foo: 1 }],
    ['a wrapper around something else', { result: { foo: 1 } }],
    ['Go stdouttrace', { SpanContext: { TraceID: 'a' } }],
    ['OTLP metrics', { resourceMetrics: [] }],
    ['deeper arrays', [[[{ traceId: 'a', id: 'b' }]]]],
  ])('nothing for %s', (_name, value) => {
    expect(detectReader(value)).toBeUndefined();
  });

  it('does not read a __proto__ key as a wrapper', () => {
    expect(detectReader(JSON.parse('{"__proto__": {"resourceSpans": []}}'))).toBeUndefined();
  });
});

describe('describeJson', () => {
  it('names keys, and shapes it knows but does not read', () => {
    expect(describeJson({ foo: 1, bar: 2 })).toBe('a JSON object (keys `foo`, `bar`)');
    expect(describeJson({ resourceMetrics: [] })).toMatch(/^OTLP metrics, not traces/);
    expect(describeJson({ SpanContext: { TraceID: 'a' }, Name: 'x' })).toMatch(/^Go stdouttrace/);
    expect(describeJson([{ traceId: 'a', spanId: 'b' }])).toMatch(/^a JSON array whose first element is a bare OTLP span/);
    expect(describeJson([])).toBe('an empty JSON array');
    expect(describeJson('x')).toBe('a JSON string');
  });
});

describe('describeText', () => {
  it('recognises the text exporters', () => {
    expect(describeText("{\n  resource: { attributes: {} },\n  traceId: 'abc',\n  id: 'def'\n}")).toMatch(/ConsoleSpanExporter/);
    expect(describeText('Activity.TraceId:            abc\nActivity.SpanId: def')).toMatch(/\.NET/);
    expect(describeText('<html><body>')).toMatch(/HTML/);
    expect(describeText('hello')).toBeUndefined();
  });

  it('names the format of broken JSON by its first keys', () => {
    expect(describeText('{"resourceSpans": [{"resource": {')).toBe('broken OTLP JSON');
    expect(describeText('{"batches":[')).toBe('broken Tempo JSON');
    expect(describeText('{"data": [{"traceID": "ab",')).toBe('broken Jaeger JSON');
    expect(describeText('[{"traceId": "ab", "id": "c",')).toBe('broken Zipkin JSON');
    expect(describeText('{\r\n    "name": "x",\r\n    "context": {\r\n        "trace_id": "0x1",')).toBe('broken Python console exporter output');
    expect(describeText('{"foo": ')).toBe('broken JSON');
  });
});
