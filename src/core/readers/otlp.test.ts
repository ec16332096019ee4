/** Hand-written OTLP and Tempo documents for every edge case of FORMATS.md sections 1, 2 and 7. */
import { describe, expect, it } from 'vitest';
import { readOtlp, readOtlpDocument } from './otlp';
import type { ReaderContext } from './types';

const T = '0af7651916cd43dd8448eb211c80319c';
const S = 'b7ad6b7169203331';
const P = '00f067aa0ba902b7';

function read(doc: unknown): ReaderContext & { tempo: boolean } {
  const ctx: ReaderContext = { file: 'f.json', spans: [], problems: [] };
  const { tempo } = readOtlpDocument(doc, ctx, '');
  return { ...ctx, tempo };
}

/** One span in the usual envelope. */
function doc(span: Record<string, unknown>, resource: unknown = { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] }) {
  return { resourceSpans: [{ resource, scopeSpans: [{ scope: { name: 'lib', version: '1' }, spans: [span] }] }] };
}

describe('readOtlp: ids', () => {
  it('lower-cases hex and keeps the parent', () => {
    const r = read(doc({ traceId: T.toUpperCase(), spanId: S.toUpperCase(), parentSpanId: P.toUpperCase(), name: 'n' }));
    expect(r.spans[0]).toMatchObject({ traceId: T, spanId: S, parentSpanId: P, validId: true, service: 'svc', scope: 'lib', source: 'f.json' });
    expect(r.tempo).toBe(false);
  });

  it('reads 0x-prefixed hex ids as hex, not as a sign of Tempo', () => {
    const r = read(doc({ traceId: `0x${T.toUpperCase()}`, spanId: S, name: 'n' }));
    expect(r.spans[0]).toMatchObject({ traceId: T, validId: true });
    expect(r.tempo).toBe(false);
  });

  it('decodes standard base64 ids (Tempo / protobuf JSON) and says it saw Tempo', () => {
    // "CvdlGRbNQ92ESOshHIAxnA==" is the 16 bytes 0a f7 65 19 …; "t61rcWkgMzE=" is b7 ad 6b 71 69 20 33 31.
    const r = read(doc({ traceId: 'CvdlGRbNQ92ESOshHIAxnA==', spanId: 't61rcWkgMzE=', parentSpanId: 'APBnqgupArc=' }));
    expect(r.spans[0]).toMatchObject({ traceId: T, spanId: S, parentSpanId: P, validId: true });
    expect(r.tempo).toBe(true);
  });

  it('reads Grafana 64-bit trace ids: 16 bytes, the first 8 zero', () => {
    // 8 zero bytes then 00 f0 67 aa 0b a9 02 b7, in standard base64.
    const r = read(doc({ traceId: 'AAAAAAAAAAAA8GeqC6kCtw==', spanId: 't61rcWkgMzE=' }));
    expect(r.spans[0]).toMatchObject({ traceId: `0000000000000000${P}`, spanId: S, validId: true });
  });

  it('is also a plain DocumentReader', () => {
    const ctx: ReaderContext = { file: 'g.json', spans: [], problems: [] };
    readOtlp(doc({ traceId: T, spanId: S }), ctx, 'docs[2]');
    readOtlp({ resourceSpans: 1 }, ctx, 'docs[3]');
    expect(ctx.spans.map((s) => s.source)).toEqual(['g.json']);
    expect(ctx.problems.map((p) => p.where)).toEqual(['docs[3].resourceSpans']);
  });

  it('treats "" / absent / all-zero parents as roots', () => {
    for (const parentSpanId of ['', undefined, '0000000000000000', 'AAAAAAAAAAA=']) {
      expect(read(doc({ traceId: T, spanId: S, parentSpanId })).spans[0]!.parentSpanId, String(parentSpanId)).toBeUndefined();
    }
  });

  it('keeps spans with invalid ids, marked invalid', () => {
    const r = read(doc({ traceId: '', spanId: '0000000000000000' }));
    expect(r.spans[0]).toMatchObject({ traceId: '', spanId: '0000000000000000', validId: false });
    const short = read(doc({ traceId: 'abc', spanId: S }));
    expect(short.spans[0]).toMatchObject({ traceId: 'abc', validId: false });
  });

  it('reads snake_case keys', () => {
    const r = read({
      resource_spans: [{ scope_spans: [{ spans: [{ trace_id: T, span_id: S, parent_span_id: P, start_time_unix_nano: '2000', end_time_unix_nano: '5000', dropped_links_count: 2 }] }] }],
    });
    expect(r.spans[0]).toMatchObject({ traceId: T, spanId: S, parentSpanId: P, startUs: 2, durationUs: 3, droppedLinksCount: 2 });
  });
});

describe('readOtlp: shapes', () => {
  const span = { traceId: T, spanId: S };

  it('reads Tempo batches with instrumentationLibrarySpans', () => {
    const r = read({ batches: [{ resource: { attributes: [] }, instrumentationLibrarySpans: [{ instrumentationLibrary: { name: 'old' }, spans: [span] }] }] });
    expect(r.spans[0]).toMatchObject({ traceId: T, scope: 'old', service: '' });
    expect(r.tempo).toBe(true);
  });

  it('unwraps {result} and {trace}, reads bare ResourceSpans and arrays of documents', () => {
    const rs = { resource: {}, scopeSpans: [{ spans: [span] }] };
    expect(read({ result: { resourceSpans: [rs] } }).spans).toHaveLength(1);
    expect(read({ trace: { resourceSpans: [rs] }, status: 'complete' }).spans).toHaveLength(1);
    expect(read(rs).spans).toHaveLength(1);
    expect(read([{ resourceSpans: [rs] }, rs]).spans).toHaveLength(2);
    expect(read([rs, rs]).problems).toEqual([]);
  });

  it('accepts empty documents quietly', () => {
    for (const d of [{}, { resourceSpans: [] }, { resourceSpans: null }, { trace: {} }, { resourceSpans: [{ resource: {} }] }]) {
      expect(read(d), JSON.stringify(d)).toMatchObject({ spans: [], problems: [] });
    }
  });
});

describe('readOtlp: fields', () => {
  it('maps kinds and status from ints and enum names, ignores flags and traceState of the span', () => {
    const a = read(doc({ traceId: T, spanId: S, kind: 4, status: { code: 2, message: 'boom' }, flags: 769, traceState: 'k=v' })).spans[0]!;
    expect(a).toMatchObject({ kind: 'producer', status: 'error', statusMessage: 'boom' });
    const b = read(doc({ traceId: T, spanId: S, kind: 'SPAN_KIND_CONSUMER', status: { code: 'STATUS_CODE_OK' } }));
    expect(b.spans[0]).toMatchObject({ kind: 'consumer', status: 'ok', statusMessage: undefined });
    expect(b.tempo).toBe(true);
    const c = read(doc({ traceId: T, spanId: S, status: {} })).spans[0]!;
    expect(c).toMatchObject({ kind: 'unspecified', status: 'unset' });
  });

  it('converts ns times to µs, int64 strings or numbers, exactly', () => {
    const s = read(doc({ traceId: T, spanId: S, startTimeUnixNano: '1544712660000000123', endTimeUnixNano: '1544712661000000999' })).spans[0]!;
    expect(s.startUs).toBe(1544712660000000);
    expect(s.durationUs).toBe(1_000_000);
    const n = read(doc({ traceId: T, spanId: S, startTimeUnixNano: 2_000_000, endTimeUnixNano: 7_000_000 })).spans[0]!;
    expect([n.startUs, n.durationUs]).toEqual([2000, 5000]);
    const none = read(doc({ traceId: T, spanId: S, startTimeUnixNano: '0' })).spans[0]!;
    expect([none.startUs, none.durationUs]).toEqual([undefined, undefined]);
  });

  it('reads links: attributes, traceState, validity, base64, and droppedLinksCount as a string', () => {
    const s = read(
      doc({
        traceId: T,
        spanId: S,
        droppedLinksCount: '3',
        links: [
          { traceId: T.toUpperCase(), spanId: P, traceState: 'rojo=00f067aa0ba902b7', flags: 256, attributes: [{ key: 'k', value: { intValue: '5' } }] },
          { traceId: 'CvdlGRbNQ92ESOshHIAxnA==', spanId: 'APBnqgupArc=' },
          { traceId: '0af7651916cd43dd8448eb211c80319g', spanId: P },
          { traceId: T, spanId: '0000000000000000' },
          { spanId: P },
          'not a link',
        ],
      }),
    ).spans[0]!;
    expect(s.droppedLinksCount).toBe(3);
    expect(s.links).toEqual([
      { traceId: T, spanId: P, valid: true, traceState: 'rojo=00f067aa0ba902b7', attributes: [{ key: 'k', value: 5 }] },
      { traceId: T, spanId: P, valid: true, attributes: [] },
      { traceId: '0af7651916cd43dd8448eb211c80319g', spanId: P, valid: false, attributes: [] },
      { traceId: T, spanId: '0000000000000000', valid: false, attributes: [] },
      { traceId: '', spanId: P, valid: false, attributes: [] },
      { traceId: '', spanId: '', valid: false, attributes: [] },
    ]);
  });

  it('keeps a self-link as written', () => {
    const s = read(doc({ traceId: T, spanId: S, links: [{ traceId: T, spanId: S }] })).spans[0]!;
    expect(s.links[0]).toMatchObject({ traceId: s.traceId, spanId: s.spanId, valid: true });
  });

  it('reads events and attributes; the resource is shared by the spans of a ResourceSpans', () => {
    const r = read({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }, { key: 'host', value: { stringValue: 'h' } }] },
          scopeSpans: [{ spans: [{ traceId: T, spanId: S, attributes: [{ key: 'a', value: { boolValue: true } }], events: [{ name: 'e', timeUnixNano: '5000', attributes: [] }, { name: 'no time' }] }, { traceId: T, spanId: P }] }],
        },
      ],
    });
    const [a, b] = r.spans;
    expect(a!.attributes).toEqual([{ key: 'a', value: true }]);
    expect(a!.events).toEqual([{ name: 'e', timeUs: 5, attributes: [] }, { name: 'no time', attributes: [] }]);
    expect(a!.resource).toEqual([{ key: 'service.name', value: 'svc' }, { key: 'host', value: 'h' }]);
    expect(b!.resource).toBe(a!.resource);
    expect(b!.events).toEqual([]);
    expect(b!.links).toEqual([]);
    expect(b!.service).toBe('svc');
  });
});

describe('readOtlp: bad parts become problems with JSON paths, the rest loads', () => {
  it('a span that is not an object, a span without ids', () => {
    const r = read({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: T, spanId: S }, 5, { name: 'no ids' }, { traceId: T, spanId: P }] }] }] });
    expect(r.spans.map((s) => s.spanId)).toEqual([S, P]);
    expect(r.problems.map((p) => [p.code, p.where])).toEqual([
      ['input.bad-span', 'resourceSpans[0].scopeSpans[0].spans[1]'],
      ['input.bad-span', 'resourceSpans[0].scopeSpans[0].spans[2]'],
    ]);
    expect(r.problems[0]!.message).toMatch(/must be an object, found number 5/);
    expect(r.problems.every((p) => p.file === 'f.json')).toBe(true);
  });

  it('lists that are not arrays, and entries that are not objects', () => {
    const good = { resource: {}, scopeSpans: [{ spans: [{ traceId: T, spanId: S }] }] };
    const r = read({ resourceSpans: [good, { scopeSpans: { spans: [] } }, 'x', { scopeSpans: [7, { spans: 'nope' }] }] });
    expect(r.spans).toHaveLength(1);
    expect(r.problems.map((p) => p.where)).toEqual([
      'resourceSpans[1].scopeSpans',
      'resourceSpans[2]',
      'resourceSpans[3].scopeSpans[0]',
      'resourceSpans[3].scopeSpans[1].spans',
    ]);
    expect(read({ resourceSpans: { a: 1 } }).problems[0]).toMatchObject({ where: 'resourceSpans', message: 'Expected an array here, found an object.' });
  });

  it('an array element that is no OTLP document', () => {
    const r = read([{ resourceSpans: [] }, { foo: 1 }, 3]);
    expect(r.problems.map((p) => p.where)).toEqual(['[1]', '[2]']);
  });
});

describe('readOtlp: documents it owns', () => {
  const text = JSON.stringify(
    doc({
      traceId: T,
      spanId: S,
      name: 'n',
      attributes: [{ key: 'a', value: { intValue: '1' } }],
      events: [{ name: 'e', timeUnixNano: '1000', attributes: [{ key: 'ev', value: { stringValue: 'x' } }] }],
      links: [{ traceId: T, spanId: P, attributes: [{ key: 'link.type', value: { stringValue: 'retry' } }] }],
    }),
  );

  it('reads the same spans in place as by copying, and leaves a document it does not own as it was', () => {
    const given = JSON.parse(text) as unknown;
    const copied = read(given);
    expect(given).toEqual(JSON.parse(text));
    const owned: ReaderContext = { file: 'f.json', spans: [], problems: [], ownsInput: true };
    readOtlpDocument(JSON.parse(text), owned, '');
    expect(owned.spans).toEqual(copied.spans);
    expect(owned.spans[0]!.attributes).toEqual([{ key: 'a', value: 1 }]);
    expect(owned.spans[0]!.links[0]!.attributes).toEqual([{ key: 'link.type', value: 'retry' }]);
    expect(owned.spans[0]!.resource).toEqual([{ key: 'service.name', value: 'svc' }]);
  });
});
