import { describe, expect, it } from 'vitest';
import { attr } from '../model/span';
import { readTraceFile } from './index';
import { readPythonConsole } from './python-console';
import { isoToMicros, traceStateFromRepr } from './python-values';
import type { ReaderContext } from './types';

function read(...docs: unknown[]): ReaderContext {
  const ctx: ReaderContext = { file: 'py.txt', spans: [], problems: [] };
  for (const doc of docs) readPythonConsole(doc, ctx, '');
  return ctx;
}

/** What ConsoleSpanExporter prints for a consumer span with a link (SDK >= 1.12). */
const CONSUMER = `{
    "name": "process orders",
    "context": {
        "trace_id": "0x5b8efff798038103d269b633813fc60c",
        "span_id": "0xeee19b7ec3c1b174",
        "trace_state": "[]"
    },
    "kind": "SpanKind.CONSUMER",
    "parent_id": "0x051581bf3cb55c13",
    "start_time": "2024-03-01T10:00:00.123456Z",
    "end_time": "2024-03-01T10:00:01.000001Z",
    "status": {
        "status_code": "ERROR",
        "description": "queue closed"
    },
    "attributes": {
        "messaging.operation.type": "process",
        "messaging.batch.message_count": 2,
        "tags": ["a", "b"]
    },
    "events": [
        {
            "name": "exception",
            "timestamp": "2024-03-01T10:00:00.500000Z",
            "attributes": {"exception.type": "ValueError"}
        }
    ],
    "links": [
        {
            "context": {
                "trace_id": "0xA1B2C3D4E5F60718293A4B5C6D7E8F90",
                "span_id": "0x1111111111111111",
                "trace_state": "['{key=vendor, value=abc}', '{key=rojo, value=00f067aa0ba902b7}']"
            },
            "attributes": {"link.type": "producer"}
        },
        {
            "context": {
                "trace_id": "0x00000000000000000000000000000000",
                "span_id": "0x2222222222222222",
                "trace_state": "[]"
            },
            "attributes": {}
        }
    ],
    "resource": {
        "attributes": {
            "telemetry.sdk.language": "python",
            "service.name": "billing"
        },
        "schema_url": ""
    }
}`;

/** LogRecord.to_json() as the console log exporter prints it into the same stream. */
const LOG = `{
    "body": "processing 2 orders",
    "severity_number": 9,
    "severity_text": "INFO",
    "attributes": {},
    "timestamp": "2024-03-01T10:00:00.200000Z",
    "trace_id": "0x5b8efff798038103d269b633813fc60c",
    "span_id": "0xeee19b7ec3c1b174",
    "trace_flags": 1,
    "resource": {"attributes": {"service.name": "billing"}, "schema_url": ""}
}`;

/** A root span as SDK < 1.2 printed it: ids without 0x on the parent, flat resource, `{}` state. */
const OLD = `{
    "name": "GET /",
    "context": {"trace_id": "0x5b8efff798038103d269b633813fc60c", "span_id": "0x051581bf3cb55c13", "trace_state": "{}"},
    "kind": "SpanKind.SERVER",
    "parent_id": null,
    "start_time": "2024-03-01T10:00:00.000000Z",
    "end_time": "2024-03-01T10:00:02.000000Z",
    "status": {"status_code": "UNSET"},
    "attributes": {},
    "events": [],
    "links": [],
    "resource": {"service.name": "shop", "telemetry.sdk.version": "1.1.0"}
}`;

describe('readPythonConsole', () => {
  it('reads a stream of span and log objects: spans with 0x ids and links, the log record skipped', () => {
    const ctx = read(JSON.parse(OLD), JSON.parse(LOG), JSON.parse(CONSUMER));
    expect(ctx.problems).toEqual([]);
    expect(ctx.spans).toHaveLength(2);
    const [root, consumer] = ctx.spans as [(typeof ctx.spans)[0], (typeof ctx.spans)[0]];
    expect(consumer).toMatchObject({
      traceId: '5b8efff798038103d269b633813fc60c',
      spanId: 'eee19b7ec3c1b174',
      validId: true,
      parentSpanId: '051581bf3cb55c13',
      name: 'process orders',
      service: 'billing',
      kind: 'consumer',
      startUs: Date.UTC(2024, 2, 1, 10, 0, 0) * 1000 + 123456,
      durationUs: 876545,
      status: 'error',
      statusMessage: 'queue closed',
      droppedLinksCount: 0,
      source: 'py.txt',
    });
    expect(consumer.links).toEqual([
      {
        traceId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
        spanId: '1111111111111111',
        valid: true,
        traceState: 'vendor=abc,rojo=00f067aa0ba902b7',
        attributes: [{ key: 'link.type', value: 'producer' }],
      },
      { traceId: '00000000000000000000000000000000', spanId: '2222222222222222', valid: false, attributes: [] },
    ]);
    expect(attr(consumer.attributes, 'messaging.batch.message_count')).toBe(2);
    expect(attr(consumer.attributes, 'tags')).toEqual(['a', 'b']);
    expect(consumer.events).toEqual([{ name: 'exception', timeUs: Date.UTC(2024, 2, 1, 10, 0, 0) * 1000 + 500000, attributes: [{ key: 'exception.type', value: 'ValueError' }] }]);
    expect(root).toMatchObject({ spanId: '051581bf3cb55c13', parentSpanId: undefined, service: 'shop', kind: 'server', status: 'unset', durationUs: 2_000_000 });
    expect(root.resource).toEqual([
      { key: 'service.name', value: 'shop' },
      { key: 'telemetry.sdk.version', value: '1.1.0' },
    ]);
  });

  it('reads an array (Monocle) with ids without 0x and a parent id without 0x', () => {
    const span = JSON.parse(OLD) as Record<string, unknown>;
    const child = { ...span, context: { trace_id: '5b8efff798038103d269b633813fc60c', span_id: 'aaaaaaaaaaaaaaaa' }, parent_id: '051581bf3cb55c13' };
    const ctx = read([span, child]);
    expect(ctx.spans.map((s) => [s.spanId, s.parentSpanId, s.validId])).toEqual([
      ['051581bf3cb55c13', undefined, true],
      ['aaaaaaaaaaaaaaaa', '051581bf3cb55c13', true],
    ]);
  });

  it('reports spans without a context with their path, and skips metric dumps and log records silently', () => {
    const ctx = read([JSON.parse(OLD), { name: 'no context' }, 3, JSON.parse(LOG), { resource_metrics: [] }]);
    expect(ctx.spans).toHaveLength(1);
    expect(ctx.problems.map((p) => [p.code, p.where])).toEqual([
      ['input.bad-span', '[1]'],
      ['input.bad-span', '[2]'],
    ]);
  });

  it.each([null, 1, 'x', [], [null], { context: null }, { context: { trace_id: 1, span_id: {} } }, { context: {}, links: [null, {}] }])(
    'never throws on %j',
    (doc) => {
      expect(() => read(doc)).not.toThrow();
    },
  );

  it('keeps `__proto__` attribute keys as data, nested objects as kvlists', () => {
    const doc: unknown = JSON.parse(
      '{"context":{"trace_id":"0x5b8efff798038103d269b633813fc60c","span_id":"0x051581bf3cb55c13"},"attributes":{"__proto__":{"polluted":true},"x":1}}',
    );
    const [s] = read(doc).spans;
    expect(s!.attributes).toEqual([
      { key: '__proto__', value: { kvlist: [{ key: 'polluted', value: true }] } },
      { key: 'x', value: 1 },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a link without a context is an invalid link record, not a lost one', () => {
    const [s] = read({ context: { trace_id: '0x5b8efff798038103d269b633813fc60c', span_id: '0x051581bf3cb55c13' }, links: [{ attributes: { a: 'b' } }] }).spans;
    expect(s!.links).toEqual([{ traceId: '', spanId: '', valid: false, attributes: [{ key: 'a', value: 'b' }] }]);
  });
});

describe('python values', () => {
  it.each([
    ['1970-01-01T00:00:01.000002Z', 1_000_002],
    ['1970-01-01T00:00:01Z', 1_000_000],
    ['1970-01-01T00:00:01.5', 1_500_000],
    ['1970-01-01T01:00:01.000001+01:00', 1_000_001],
    ['1970-01-01T00:00:00.000000500Z', 0.5],
    ['2025-12-18T00:06:19.658928Z', 1766016379658928],
  ])('isoToMicros(%s) = %d', (text, us) => {
    expect(isoToMicros(text)).toBe(us);
  });

  it.each([undefined, null, 5, '', 'yesterday', '2024-13-45', '2024-13-01T00:00:00Z', '2024-01-01T24:00:00Z'])('isoToMicros(%j) is undefined', (v) => {
    expect(isoToMicros(v)).toBeUndefined();
  });

  it.each([
    ['[]', undefined],
    ['{}', undefined],
    ["['{key=a, value=1}']", 'a=1'],
    ['congo=t61rcWkgMzE', 'congo=t61rcWkgMzE'],
    [undefined, undefined],
  ])('traceStateFromRepr(%j) = %j', (repr, header) => {
    expect(traceStateFromRepr(repr)).toBe(header);
  });
});

describe('Python console through readTraceFile', () => {
  it('reads a CRLF stream of spans with a log record among them, without problems', () => {
    const text = [OLD, LOG, CONSUMER].map((o) => o.replace(/\n/g, '\r\n')).join('\r\n') + '\r\n';
    const result = readTraceFile('console.log', text);
    expect(result.problems).toEqual([]);
    expect(result.format).toBe('otel-python-console');
    expect(result.spans.map((s) => [s.spanId, s.parentSpanId, s.links.length])).toEqual([
      ['051581bf3cb55c13', undefined, 0],
      ['eee19b7ec3c1b174', '051581bf3cb55c13', 2],
    ]);
  });

  it('reports a span without context with the line its value starts on', () => {
    const text = `${OLD}\n{"name": "broken", "context": {"trace_id": "0x5b8efff798038103d269b633813fc60c"}}\n`;
    const result = readTraceFile('console.log', text);
    expect(result.spans).toHaveLength(1);
    expect(result.problems.map((p) => [p.code, p.where])).toEqual([['input.bad-span', `line ${OLD.split('\n').length + 1}`]]);
  });
});
