/**
 * Every OTLP JSON, OTLP multi-document and Tempo fixture, read through `readTraceFile` (decode,
 * parse, sniff, read), gives what shared/fixtures/SOURCES.md states. Distinct spans are counted
 * through merge.ts, as the app counts them. Then every fixture of every format is read again
 * under a neutral name: detection is by content only.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addSpans, createSpanSet } from '../model/merge';
import { attr } from '../model/span';
import type { Span } from '../model/span';
import { readTraceFile } from './index';
import type { ReadResult } from './types';

const ROOT = new URL('../../../../shared/fixtures/', import.meta.url);

function bytesOf(dir: string, name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`${dir}/${name}`, ROOT)));
}

function read(dir: string, name: string): ReadResult {
  return readTraceFile(name, bytesOf(dir, name));
}

interface Counts {
  spans: number;
  traces: number;
  links: number;
}

/** Distinct spans (merge.ts keeps one per key), their traces, and their links. */
function counts(result: ReadResult): Counts {
  const set = createSpanSet();
  addSpans(set, result.spans);
  const spans = [...set.spans.values()];
  return { spans: spans.length, traces: new Set(spans.map((s) => s.traceId)).size, links: spans.reduce((n, s) => n + s.links.length, 0) };
}

function bySpanId(result: ReadResult, spanId: string): Span {
  const found = result.spans.filter((s) => s.spanId === spanId);
  expect(found.length, `span ${spanId}`).toBeGreaterThan(0);
  return found[0]!;
}

describe('otlp-json fixtures', () => {
  it('opentelemetry-proto example: upper-case hex normalised, orphan parent, kind 2', () => {
    const r = read('otlp-json', 'opentelemetry-proto_examples_trace.json');
    expect(r.problems).toEqual([]);
    expect(r.format).toBe('otlp-json');
    expect(counts(r)).toEqual({ spans: 1, traces: 1, links: 0 });
    const s = r.spans[0]!;
    expect(s.traceId).toBe('5b8efff798038103d269b633813fc60c');
    expect(s.spanId).toBe('eee19b7ec3c1b174');
    expect(s.parentSpanId).toBe('eee19b7ec3c1b173');
    expect(s.validId).toBe(true);
    expect(s.kind).toBe('server');
    expect(s.service).toBe('my.service');
    expect(s.name).toBe("I'm a server span");
    expect(s.startUs).toBe(1544712660000000);
    expect(s.durationUs).toBe(1_000_000);
  });

  it('jaeger memory fixture: 4 spans, 2 traces, 8 links, a self-link, error status, kinds 2-5', () => {
    const r = read('otlp-json', 'jaeger_memory_otel_traces_01.json');
    expect(r.problems).toEqual([]);
    expect(counts(r)).toEqual({ spans: 4, traces: 2, links: 8 });
    expect(r.spans.map((s) => s.kind)).toEqual(['server', 'client', 'producer', 'consumer']);
    expect(r.spans.every((s) => s.status === 'error' && s.statusMessage === undefined)).toBe(true);
    const self = r.spans.find((s) => s.spanId === '0000000000000004')!;
    expect(self.traceId).toBe('00000000000000010000000000000000');
    expect(self.links.some((l) => l.traceId === self.traceId && l.spanId === self.spanId)).toBe(true);
    // flags: 1 on links and spans is not part of the model; the links are still valid.
    for (const s of r.spans) {
      expect(s.links.map((l) => l.valid)).toEqual([true, true]);
      expect(s.links[1]!.traceId).toBe('00000000000000ff0000000000000000');
      expect(attr(s.links[0]!.attributes, 'opentracing.ref_type')).toBe('follows_from');
    }
  });

  it('jaeger link attributes: 3 links, every value type, the same target twice', () => {
    const r = read('otlp-json', 'jaeger_link_attributes_trace.json');
    expect(r.problems).toEqual([]);
    expect(counts(r)).toEqual({ spans: 1, traces: 1, links: 3 });
    const s = r.spans[0]!;
    expect(s.kind).toBe('unspecified');
    const [first, second, third] = s.links;
    expect(first!.attributes).toEqual([
      { key: 'opentracing.ref_type', value: 'child_of' },
      { key: 'sameplacelinkattribute1', value: 'sameplacevalue' },
      { key: 'sameplacelinkattribute2', value: 123 },
      { key: 'sameplacelinkattribute4', value: true },
      { key: 'sameplacelinkattribute3', value: 72.5 },
      { key: 'linkblob', value: 'AAAwOQ==' },
    ]);
    expect([second!.traceId, second!.spanId]).toEqual([third!.traceId, third!.spanId]);
    expect(second!.spanId).toBe('0000000000000002');
  });

  it('otlp2jaeger-in: the same span twice dedupes to one, empty status is unset', () => {
    const r = read('otlp-json', 'jaeger_otlp2jaeger-in.json');
    expect(r.problems).toEqual([]);
    expect(r.spans).toHaveLength(2);
    expect(counts(r)).toEqual({ spans: 1, traces: 1, links: 0 });
    expect(r.spans[0]!.status).toBe('unset');
    expect(r.spans[0]!.service).toBe('telemetrygen');
    expect(r.spans[0]!.parentSpanId).toBe('909541b92cf05311');
  });

  it('jaeger /api/v3 GetTrace: {result} wrapper, no service, no timestamps, status 2', () => {
    const r = read('otlp-json', 'jaeger_apiv3_GetTrace.json');
    expect(r.problems).toEqual([]);
    expect(r.format).toBe('otlp-json');
    expect(counts(r)).toEqual({ spans: 1, traces: 1, links: 0 });
    const s = r.spans[0]!;
    expect(s.service).toBe('');
    expect(s.startUs).toBeUndefined();
    expect(s.durationUs).toBeUndefined();
    expect(s.status).toBe('error');
    expect(s.traceId).toBe('00000000000000000000000000000001');
  });

  it('opentelemetry-bash curl: 6 spans, 2 traces, 2 mutual links, roots with parentSpanId ""', () => {
    const r = read('otlp-json', 'opentelemetry-bash_context_propagation_http_curl_otlp.json');
    expect(r.problems).toEqual([]);
    expect(counts(r)).toEqual({ spans: 6, traces: 2, links: 2 });
    const client = bySpanId(r, '34c55fb23d7d808f');
    const server = bySpanId(r, '9bf8289cfc5a8820');
    expect(client.links).toEqual([{ traceId: server.traceId, spanId: server.spanId, valid: true, attributes: [] }]);
    expect(server.links[0]!.spanId).toBe(client.spanId);
    expect(server.parentSpanId).toBeUndefined();
    expect(bySpanId(r, '6dd45ff60ec3a019').parentSpanId).toBeUndefined();
    expect(server.kind).toBe('consumer');
    expect(server.scope).toBe('shell');
    expect(server.service).toBe('unknown_service');
  });
});

describe('otlp-jsonl fixtures', () => {
  it('jaeger-ui multi: 4 JSON lines of one span each, one trace', () => {
    const r = read('otlp-jsonl', 'jaeger-ui_otlp2jaeger-multi-in.jsonl');
    expect(r.problems).toEqual([]);
    expect(r.format).toBe('otlp-jsonl');
    expect(counts(r)).toEqual({ spans: 4, traces: 1, links: 0 });
    expect(r.spans.filter((s) => s.parentSpanId === undefined)).toHaveLength(1);
  });

  it('opentelemetry-bash netcat: two pretty-printed documents back to back, 8 spans, a link cycle', () => {
    const r = read('otlp-jsonl', 'opentelemetry-bash_context_propagation_http_netcat_otlp.json');
    expect(r.problems).toEqual([]);
    expect(r.format).toBe('otlp-jsonl');
    expect(counts(r)).toEqual({ spans: 8, traces: 2, links: 2 });
    const linked = r.spans.filter((s) => s.links.length > 0);
    expect(linked).toHaveLength(2);
    const [a, b] = linked;
    expect(a!.links[0]).toMatchObject({ traceId: b!.traceId, spanId: b!.spanId });
    expect(b!.links[0]).toMatchObject({ traceId: a!.traceId, spanId: a!.spanId });
    expect(new Set(r.spans.map((s) => s.kind))).toEqual(new Set(['internal', 'server', 'client', 'producer', 'consumer']));
  });
});

describe('tempo fixtures', () => {
  it('vulture 2021: batches, instrumentationLibrarySpans, base64 ids decoded, events', () => {
    const r = read('tempo', 'tempo_vulture_trace_batches_2021.json');
    expect(r.problems).toEqual([]);
    expect(r.format).toBe('tempo');
    expect(counts(r)).toEqual({ spans: 25, traces: 1, links: 0 });
    // By hand: "JOzOehYQAj4=" -> J=9 O=14 z=51 O=14 -> 001001 001110 110011 001110 -> 24 ec ce ...
    const s = bySpanId(r, '24ecce7a1610023e');
    expect(s.traceId).toBe('09208f8f6bf45242631dabcb06d7c9c6');
    expect(s.validId).toBe(true);
    expect(s.name).toBe('vulture-5');
    expect(s.durationUs).toBe(97);
    expect(s.events).toHaveLength(2);
    expect(s.events[0]!.timeUs).toBe(1636729665000000);
    expect(r.spans.every((x) => x.parentSpanId === undefined && x.kind === 'unspecified' && x.service === 'tempo-vulture')).toBe(true);
  });

  it('servicegraphs failed requests: enum names mapped, 3 errors (one with a message)', () => {
    const r = read('tempo', 'tempo_servicegraphs_trace-with-failed-requests.json');
    expect(r.problems).toEqual([]);
    expect(r.format).toBe('tempo');
    expect(counts(r)).toEqual({ spans: 15, traces: 1, links: 0 });
    const errors = r.spans.filter((s) => s.status === 'error');
    expect(errors).toHaveLength(3);
    expect(errors.filter((s) => s.statusMessage !== undefined).map((s) => s.name)).toEqual(['pg.query:INSERT']);
    expect(r.spans.filter((s) => s.status === 'ok')).toHaveLength(3);
    expect(r.spans.filter((s) => s.kind === 'internal')).toHaveLength(8);
    expect(r.spans.filter((s) => s.kind === 'client')).toHaveLength(6);
    expect(r.spans.filter((s) => s.kind === 'server')).toHaveLength(1);
  });

  it('servicegraphs virtual nodes: 3 spans in 2 traces, parent decoded from base64', () => {
    const r = read('tempo', 'tempo_servicegraphs_trace-with-virtual-nodes.json');
    expect(r.problems).toEqual([]);
    expect(counts(r)).toEqual({ spans: 3, traces: 2, links: 0 });
    const server = bySpanId(r, 'd606579e57787587'); // "1gZXnld4dYc="
    expect(server.traceId).toBe('4290b5877a9930de79bb428365398ecc');
    expect(server.kind).toBe('server');
    expect(server.status).toBe('ok');
    const client = r.spans.find((s) => s.kind === 'client')!;
    expect(client.parentSpanId).toBe(server.spanId);
    const consumer = r.spans.find((s) => s.kind === 'consumer')!;
    expect(consumer.parentSpanId).toBeUndefined();
    expect(consumer.service).toBe('internal-consumer');
  });
});

describe('detection is by content: every fixture read under a neutral name', () => {
  const dirs = readdirSync(ROOT, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  const files = dirs.flatMap((dir) => readdirSync(new URL(`${dir}/`, ROOT)).map((name) => ({ dir, name })));

  it('finds fixtures in every format folder', () => {
    expect(dirs.sort()).toEqual(['jaeger', 'otel-python-console', 'otlp-json', 'otlp-jsonl', 'tempo', 'zipkin']);
    expect(files.length).toBeGreaterThanOrEqual(21);
  });

  for (const { dir, name } of files) {
    it(`${dir}/${name}`, () => {
      const named = read(dir, name);
      const neutral = readTraceFile('upload', bytesOf(dir, name));
      expect(named.problems).toEqual([]);
      expect(named.spans.length).toBeGreaterThan(0);
      // Each folder is named by its FormatId.
      expect(named.format).toBe(dir);
      expect(neutral.format).toBe(named.format);
      expect(neutral.problems).toEqual([]);
      expect(neutral.spans.map((s) => ({ ...s, source: name }))).toEqual(named.spans);
      expect(neutral.spans.every((s) => s.source === 'upload')).toBe(true);
    });
  }
});
