/**
 * readTraceFile keeps an OTLP file's spans as columns (SpanRows and tree-spans.ts) and makes each
 * whole span again when asked: what it makes must be exactly what the tree reader makes as span
 * objects (readOtlpDocument without columns), with the same problems at the same paths, on the
 * shared fixtures, generated span sets, JSON Lines and mutated documents.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toOtlpJson } from '../share/otlp-writer';
import { spanSet } from '../test-support/arbitrary-spans';
import { readTraceFile } from './index';
import { readOtlpDocument } from './otlp';
import { spanRowsOf } from './read-result';
import type { ReaderContext } from './types';
import { CUT_VALUE, MAX_VALUE_DEPTH } from './tags';

const FIXTURES = new URL('../../../../shared/fixtures/', import.meta.url);

/** The tree reader's span objects and problems for the OTLP documents in `docs`. */
function byObjects(docs: readonly unknown[], file = 'f.json') {
  const ctx: ReaderContext = { file, spans: [], problems: [], ownsInput: true };
  for (const doc of docs) readOtlpDocument(doc, ctx, '');
  return { spans: ctx.spans, problems: ctx.problems };
}

/** readTraceFile's spans (made from its columns) and problems; it must have kept columns. */
function byColumns(text: string, file = 'f.json') {
  const result = readTraceFile(file, text);
  const rows = spanRowsOf(result);
  expect(rows).toBeDefined();
  // Made twice, the same: each call makes the span again from the columns.
  const spans = Array.from({ length: rows!.count }, (_, i) => rows!.span(i));
  expect(Array.from({ length: rows!.count }, (_, i) => rows!.span(i))).toStrictEqual(spans);
  expect(result.spans).toStrictEqual(spans);
  return { spans, problems: result.problems };
}

describe('readTraceFile keeps an OTLP file as columns and makes the tree reader’s spans from them', () => {
  for (const folder of ['otlp-json', 'tempo']) {
    for (const name of readdirSync(new URL(`${folder}/`, FIXTURES))) {
      it(`${folder}/${name}`, () => {
        const text = readFileSync(new URL(`${folder}/${name}`, FIXTURES), 'utf8');
        const read = byColumns(text, name);
        expect(read.spans.length).toBeGreaterThan(0);
        expect(read).toStrictEqual(byObjects([JSON.parse(text)], name));
      });
    }
  }

  it('JSON Lines: every line’s spans, with the problems of each line at its line', () => {
    const name = 'jaeger-ui_otlp2jaeger-multi-in.jsonl';
    const text = readFileSync(new URL(`otlp-jsonl/${name}`, FIXTURES), 'utf8');
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    expect(lines.length).toBeGreaterThan(1);
    expect(byColumns(text, name).spans).toStrictEqual(byObjects(lines.map((l) => JSON.parse(l) as unknown), name).spans);

    const bad = { traceId: 'x' };
    const two = `${lines[0]}\n${JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [bad] }] }] })}\n`;
    const read = byColumns(two, name);
    expect(read.problems.map((p) => p.where)).toStrictEqual(['line 2: resourceSpans[0].scopeSpans[0].spans[0]']);
  });

  it('generated span sets, compact or pretty-printed', () => {
    fc.assert(
      fc.property(spanSet({ maxSpans: 12 }), fc.boolean(), (spans, pretty) => {
        const compact = toOtlpJson(spans);
        const text = pretty ? JSON.stringify(JSON.parse(compact), null, 2) : compact;
        expect(byColumns(text)).toStrictEqual(byObjects([JSON.parse(text)]));
      }),
      { numRuns: 60 },
    );
  });

  it('odd members: snake_case, events, status messages, odd ids, no times, values cut for depth', () => {
    let deep: unknown = { stringValue: 'bottom' };
    for (let i = 0; i < MAX_VALUE_DEPTH + 2; i++) deep = { arrayValue: { values: [deep] } };
    const spans = [
      { trace_id: '0AF7651916CD43DD8448EB211C80319C', span_id: 'B7AD6B7169203331', parent_span_id: '00f067aa0ba902b7', name: 'snake', kind: 'SPAN_KIND_CONSUMER' },
      { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'short', parentSpanId: 'also-bad', status: { code: 2, message: 'boom' }, events: [{ name: 'exception', timeUnixNano: '1700000000000001000', attributes: [{ key: 'exception.type', value: { stringValue: 'E' } }] }] },
      { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: '00f067aa0ba902b7', attributes: [{ key: 'deep', value: deep }, { key: 'messaging.system', value: { stringValue: 'kafka' } }], kind: 5 },
      { traceId: 12, spanId: null },
      { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: '53995c3f42cd8ad8', startTimeUnixNano: 1700000000000000000, endTimeUnixNano: '1700000000000005000', droppedLinksCount: 3, links: [{ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceState: 'a=b', attributes: [{ key: 'k', value: { intValue: '7' } }] }] },
    ];
    const doc = { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] }, scopeSpans: [{ scope: { name: 'lib' }, spans }] }] };
    const text = JSON.stringify(doc);
    const read = byColumns(text);
    expect(read).toStrictEqual(byObjects([JSON.parse(text)]));
    expect(read.spans).toHaveLength(4);
    expect(JSON.stringify(read.spans[2]!.attributes)).toContain(CUT_VALUE);
    expect(read.problems.map((p) => p.code)).toStrictEqual(expect.arrayContaining(['input.bad-span', 'input.too-deep']));
  });

  it('a file holding another format besides OTLP is read as span objects, in file order', () => {
    const otlp = JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', name: 'otlp' }] }] }] });
    const zipkin = JSON.stringify([{ traceId: '0af7651916cd43dd8448eb211c80319c', id: '00f067aa0ba902b7', name: 'zipkin' }]);
    const result = readTraceFile('mixed.jsonl', `${otlp}\n${zipkin}\n`);
    expect(spanRowsOf(result)).toBeUndefined();
    expect(result.spans.map((s) => s.name)).toStrictEqual(['otlp', 'zipkin']);
  });
});
