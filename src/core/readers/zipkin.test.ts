import { describe, expect, it } from 'vitest';
import { attr } from '../model/span';
import type { ReaderContext } from './types';
import { readZipkin } from './zipkin';
import { readTraceFile } from './index';

function read(...docs: unknown[]): ReaderContext {
  const ctx: ReaderContext = { file: 'z.json', spans: [], problems: [] };
  for (const doc of docs) readZipkin(doc, ctx, '');
  return ctx;
}

const T16 = '463ac35c9f6413ad';
const T32 = '463ac35c9f6413ad48485a3953bb6124';
const zspan = (id: string, extra: Record<string, unknown> = {}) => ({
  traceId: T32,
  id,
  name: `op-${id}`,
  timestamp: 1700000000000000,
  duration: 100,
  localEndpoint: { serviceName: 'svc' },
  ...extra,
});

describe('readZipkin shapes', () => {
  it('reads an array of spans, an array of arrays and a single span', () => {
    expect(read([zspan('a'), zspan('b', { parentId: 'a' })]).spans.map((s) => [s.spanId, s.parentSpanId])).toEqual([
      ['000000000000000a', undefined],
      ['000000000000000b', '000000000000000a'],
    ]);
    const traces = read([[zspan('a')], [zspan('b', { traceId: T16 })]]);
    expect(traces.problems).toEqual([]);
    expect(traces.spans.map((s) => s.traceId)).toEqual([T32, `0000000000000000${T16}`]);
    expect(read(zspan('c')).spans).toHaveLength(1);
  });

  it('a 32-char trace id with 16 leading zeros is the same trace as its 16-char form', () => {
    const { spans } = read([zspan('a', { traceId: `0000000000000000${T16}` }), zspan('b', { traceId: T16 })]);
    expect(spans[0]!.traceId).toBe(spans[1]!.traceId);
    expect(spans[0]!.traceId).toHaveLength(32);
    expect(spans.every((s) => s.validId)).toBe(true);
  });

  it('an all-zero parentId is a root; absent timestamp and duration stay absent', () => {
    const [s] = read([{ traceId: T32, id: '1', parentId: '0000000000000000' }]).spans;
    expect(s).toMatchObject({ parentSpanId: undefined, startUs: undefined, durationUs: undefined, service: '', name: '', kind: 'unspecified' });
    expect(s!.resource).toEqual([]);
  });

  it('a zero timestamp or duration means unknown, as in Zipkin', () => {
    const [s] = read([zspan('a', { timestamp: 0, duration: 0 })]).spans;
    expect(s!.startUs).toBeUndefined();
    expect(s!.durationUs).toBeUndefined();
  });

  it('reports malformed spans with their paths in an array of arrays, and reads the rest', () => {
    const ctx = read([[zspan('a'), 5], [{ traceId: T32 }, zspan('b')]]);
    expect(ctx.spans.map((s) => s.spanId)).toEqual(['000000000000000a', '000000000000000b']);
    expect(ctx.problems.map((p) => [p.code, p.where])).toEqual([
      ['input.bad-span', '[0][1]'],
      ['input.bad-span', '[1][0]'],
    ]);
    expect(read(null).problems.map((p) => p.where)).toEqual(['(top level)']);
  });

  it.each([null, 1, 'x', [], [[]], [[null]], { id: 1 }, [{ traceId: {}, id: [] }]])('never throws on %j', (doc) => {
    expect(() => read(doc)).not.toThrow();
  });

  it('keeps invalid ids as written and marks them invalid', () => {
    const [s] = read([{ traceId: 'not-hex', id: '0000000000000000' }]).spans;
    expect(s).toMatchObject({ traceId: 'not-hex', spanId: '0000000000000000', validId: false });
  });
});

describe('readZipkin fields', () => {
  it('maps kind, endpoints, tags and annotations', () => {
    const [s] = read([
      zspan('a', {
        kind: 'PRODUCER',
        remoteEndpoint: { serviceName: 'kafka' },
        tags: { 'messaging.destination': 'orders', count: 3 },
        annotations: [{ timestamp: 1700000000000005, value: 'ws' }, 'junk'],
      }),
    ]).spans;
    expect(s).toMatchObject({ kind: 'producer', service: 'svc', status: 'unset', links: [], droppedLinksCount: 0 });
    expect(s!.attributes).toEqual([
      { key: 'messaging.destination', value: 'orders' },
      { key: 'count', value: '3' },
      { key: 'peer.service', value: 'kafka' },
    ]);
    expect(s!.events).toEqual([{ name: 'ws', timeUs: 1700000000000005, attributes: [] }]);
    expect(s!.resource).toEqual([{ key: 'service.name', value: 'svc' }]);
  });

  it.each([
    [{ error: '' }, 'error', undefined],
    [{ error: 'connection refused' }, 'error', 'connection refused'],
    [{ 'otel.status_code': 'ERROR', error: 'timeout' }, 'error', 'timeout'],
    [{ 'otel.status_code': 'OK' }, 'ok', undefined],
    [{ 'http.status_code': '500' }, 'unset', undefined],
  ])('status from tags %j', (tags, status, message) => {
    const [s] = read([zspan('a', { tags })]).spans;
    expect(s!.status).toBe(status);
    expect(s!.statusMessage).toBe(message);
    expect(attr(s!.attributes, 'error')).toBeUndefined();
  });

  it('keeps a `__proto__` tag as data', () => {
    const doc: unknown = JSON.parse(`[{"traceId":"${T32}","id":"1","tags":{"__proto__":"x","constructor":"y"}}]`);
    const [s] = read(doc).spans;
    expect(s!.attributes).toEqual([
      { key: '__proto__', value: 'x' },
      { key: 'constructor', value: 'y' },
    ]);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('readZipkin shared spans', () => {
  const client = zspan('5', { kind: 'CLIENT', parentId: '4', timestamp: 1000, duration: 50, tags: { 'http.method': 'GET' }, annotations: [{ timestamp: 1001, value: 'ws' }] });
  const server = zspan('5', {
    kind: 'SERVER',
    shared: true,
    parentId: '4',
    name: 'server-side',
    timestamp: 990,
    duration: 80,
    localEndpoint: { serviceName: 'backend' },
    tags: { 'http.method': 'POST', 'http.route': '/x', error: 'boom' },
    annotations: [{ timestamp: 995, value: 'wr' }],
  });

  it('merges halves by trace and span id: the same span id in another trace is another span', () => {
    const other = { traceId: T16 };
    const { spans } = read([client, { ...client, ...other }, { ...server, ...other }, server]);
    expect(spans.map((s) => [s.traceId, s.name])).toEqual([
      [T32, 'op-5'],
      [`0000000000000000${T16}`, 'op-5'],
    ]);
    expect(spans.every((s) => s.status === 'error' && s.durationUs === 80)).toBe(true);
    // One resource list per service, shared by its spans.
    const many = read([zspan('a'), zspan('b'), zspan('c', { localEndpoint: { serviceName: 'other' } })]).spans;
    expect(many[0]!.resource).toBe(many[1]!.resource);
    expect(many[2]!.resource).toEqual([{ key: 'service.name', value: 'other' }]);
  });

  it('merges the CLIENT and SERVER halves into one span, client first, whatever the order', () => {
    for (const order of [[client, server], [server, client]]) {
      const { spans } = read(order);
      expect(spans).toHaveLength(1);
      const s = spans[0]!;
      expect(s).toMatchObject({ kind: 'client', name: 'op-5', service: 'svc', parentSpanId: '0000000000000004', startUs: 990, durationUs: 80, status: 'error', statusMessage: 'boom' });
      expect(s.attributes).toEqual([
        { key: 'http.method', value: 'GET' },
        { key: 'http.route', value: '/x' },
        { key: 'peer.service', value: 'backend' },
      ]);
      expect(s.events.map((e) => e.name)).toEqual(['wr', 'ws']);
    }
  });

  it('fills gaps from the server half and takes the widest end', () => {
    const bare = { traceId: T32, id: '5', kind: 'CLIENT', timestamp: 1000, duration: 500 };
    const [s] = read([bare, server]).spans;
    expect(s).toMatchObject({ name: 'server-side', service: 'backend', parentSpanId: '0000000000000004', startUs: 990, durationUs: 510 });
    expect(s!.resource).toEqual([{ key: 'service.name', value: 'backend' }]);
  });

  it('merges halves read from two documents of one file (a stream)', () => {
    expect(read([client], [server]).spans).toHaveLength(1);
  });

  it('does not merge two spans of the same side, nor a third half', () => {
    expect(read([client, { ...client, name: 'again' }]).spans).toHaveLength(2);
    const three = read([client, server, { ...server, name: 'late' }]).spans;
    expect(three.map((s) => [s.kind, s.name])).toEqual([
      ['client', 'op-5'],
      ['server', 'late'],
    ]);
    // Same id in two traces: different keys, nothing to merge.
    expect(read([client, { ...server, traceId: T16 }]).spans).toHaveLength(2);
  });
});

describe('readZipkin v1', () => {
  it('reads core annotations, binary annotations and endpoints', () => {
    const v1 = {
      traceId: T16,
      id: 'b',
      parentId: 'a',
      name: 'get',
      annotations: [
        { timestamp: 100, value: 'cs', endpoint: { serviceName: 'frontend' } },
        { timestamp: 110, value: 'sr', endpoint: { serviceName: 'backend' } },
        { timestamp: 150, value: 'custom', endpoint: { serviceName: 'frontend' } },
        { timestamp: 190, value: 'ss', endpoint: { serviceName: 'backend' } },
        { timestamp: 200, value: 'cr', endpoint: { serviceName: 'frontend' } },
      ],
      binaryAnnotations: [
        { key: 'http.path', value: '/api', endpoint: { serviceName: 'frontend' } },
        { key: 'sa', value: true, endpoint: { serviceName: 'backend' } },
        { key: 'error', value: 'oops', endpoint: { serviceName: 'frontend' } },
      ],
    };
    const [s] = read([v1]).spans;
    expect(s).toMatchObject({
      traceId: `0000000000000000${T16}`,
      spanId: '000000000000000b',
      parentSpanId: '000000000000000a',
      kind: 'client',
      service: 'frontend',
      startUs: 100,
      durationUs: 100,
      status: 'error',
      statusMessage: 'oops',
    });
    expect(s!.attributes).toEqual([
      { key: 'http.path', value: '/api' },
      { key: 'peer.service', value: 'backend' },
    ]);
    expect(s!.events).toEqual([{ name: 'custom', timeUs: 150, attributes: [] }]);
  });

  it('a local v1 span takes its service from the lc annotation', () => {
    const [s] = read([{ traceId: T16, id: 'c', name: 'work', timestamp: 5, duration: 2, binaryAnnotations: [{ key: 'lc', value: 'worker', endpoint: { serviceName: 'batch' } }] }]).spans;
    expect(s).toMatchObject({ kind: 'unspecified', service: 'batch', startUs: 5, durationUs: 2 });
  });
});

describe('Zipkin through readTraceFile', () => {
  it('reads /api/v2/traces (an array of arrays) and merges shared halves', () => {
    const client = zspan('5', { kind: 'CLIENT' });
    const server = zspan('5', { kind: 'SERVER', shared: true, localEndpoint: { serviceName: 'backend' } });
    const result = readTraceFile('traces.json', JSON.stringify([[client, server], [zspan('6', { traceId: T16 })]]));
    expect(result.format).toBe('zipkin');
    expect(result.problems).toEqual([]);
    expect(result.spans.map((s) => [s.traceId, s.spanId, s.kind])).toEqual([
      [T32, '0000000000000005', 'client'],
      [`0000000000000000${T16}`, '0000000000000006', 'unspecified'],
    ]);
  });
});
