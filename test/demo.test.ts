/**
 * The demo traces (public/demo) through the real pipeline: every scenario of public/demo/README.md
 * produces its diagnostic, on the span it is about, and nothing else is reported.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyse } from '../src/core/analyse';
import { layoutGraph } from '../src/core/layout/elk-layout';
import { orderTraces } from '../src/core/layout/trace-order';
import { readTraceFile } from '../src/core/readers/index';

const dir = new URL('../public/demo/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')) as { files: string[] };
const load = (names: readonly string[]) => analyse(names.map((f) => readTraceFile(f, readFileSync(new URL(f, dir)))));

const ORDER = '0ab511c1b921d567f223e08148437498';
const PAYMENT = '6bfeb29d0804c52b849c421b973baaf4';
const INVENTORY = '97e483e2f480c5ee6b930df04f8c1426';
const NOTIFICATION = 'affd1809937bf0974045a24375bab0e5';
const SHIPPING = '83c409c05d7d1f7e2cc6a6d7fb9b61f9';
const ATTEMPTS = ['9f720a5d19016d61a107b1d7b0923369', '29126ad6ed5b86b22c3c86f420a94825', '3c1072937a037df2a21bd2acd189efeb'];
const BATCH = '6cd2f2ce63ee5aebbedeb8f251d94e52';
const REFUND = 'e5d17dba86ad49a9dc97b2c5732ff3e2';

describe('demo traces', () => {
  const a = load(manifest.files);
  const codes = (code: string) => a.diagnostics.filter((d) => d.code === code);
  const spanNamed = (traceId: string, name: string) => [...a.set.spans.values()].find((s) => s.traceId === traceId && s.name === name)!;

  it('lists existing OTLP JSON files that read without problems', () => {
    expect(manifest.files.length).toBeGreaterThanOrEqual(2);
    expect(a.files.map((f) => [f.format, f.problems.length])).toEqual(manifest.files.map(() => ['otlp-json', 0]));
  });

  it('has the counts public/demo/README.md states', () => {
    expect(a.summary).toEqual({
      traces: 10,
      spans: 42,
      links: 15,
      brokenLinks: 3,
      invalidContext: 1,
      missingTrace: 1,
      missingSpan: 1,
      missingParent: 0,
      droppedLinks: 3,
    });
  });

  it('raises each intended diagnostic on the batch and refund consumers, and nothing else', () => {
    const batch = spanNamed(BATCH, 'process orders-analytics');
    const refund = spanNamed(REFUND, 'process refunds');
    const on = (code: string) => codes(code).map((d) => [d.traceId, d.spanId, d.linkIndex]);
    expect(on('link.missing-trace')).toEqual([[BATCH, batch.spanId, 2]]);
    expect(on('link.missing-span')).toEqual([[BATCH, batch.spanId, 3]]);
    expect(on('link.invalid-context')).toEqual([[BATCH, batch.spanId, 4]]);
    expect(codes('link.invalid-context')[0]!.message).toMatch(/g/);
    expect(on('span.dropped-links').map((d) => d.slice(0, 2))).toEqual([[BATCH, batch.spanId]]);
    expect(on('span.expected-link-absent').map((d) => d.slice(0, 2))).toEqual([[REFUND, refund.spanId]]);
    expect(a.diagnostics).toHaveLength(5);
  });

  it('links the fan-out, the order chain and the retries with their attributes', () => {
    const publish = spanNamed(ORDER, 'publish orders');
    const publishKey = `${ORDER}/${publish.spanId}`;
    const fanOut = a.graph.linkEdges.filter((e) => e.from === publishKey && e.status === 'ok');
    expect(new Set(fanOut.map((e) => e.to.split('/')[0]))).toEqual(new Set([PAYMENT, INVENTORY, NOTIFICATION, BATCH]));
    for (const e of fanOut) expect(e.attributes).toContainEqual({ key: 'link.type', value: 'producer' });
    const retries = a.graph.linkEdges.filter((e) => e.attributes.some((x) => x.key === 'link.type' && x.value === 'retry'));
    expect(retries.map((e) => [e.from.split('/')[0], e.to.split('/')[0], e.status])).toEqual([
      [ATTEMPTS[0], ATTEMPTS[1], 'ok'],
      [ATTEMPTS[1], ATTEMPTS[2], 'ok'],
    ]);
    expect(retries.map((e) => e.attributes.find((x) => x.key === 'retry.attempt')?.value)).toEqual([2, 3]);
  });

  it('orders and lays out the traces causally: order -> payment/inventory -> shipping, attempts in turn', async () => {
    const order = orderTraces(a.graph) as string[];
    const at = (t: string) => order.indexOf(t);
    expect(at(ORDER)).toBeLessThan(at(PAYMENT));
    expect(at(ORDER)).toBeLessThan(at(INVENTORY));
    expect(at(PAYMENT)).toBeLessThan(at(SHIPPING));
    expect(at(INVENTORY)).toBeLessThan(at(SHIPPING));
    expect(at(ATTEMPTS[0]!)).toBeLessThan(at(ATTEMPTS[1]!));
    expect(at(ATTEMPTS[1]!)).toBeLessThan(at(ATTEMPTS[2]!));
    const layout = await layoutGraph(a.graph);
    const box = new Map(layout.traces.map((b) => [b.traceId as string, b]));
    expect(box.size).toBe(a.graph.traces.size);
    expect(box.get(ORDER)!.x + box.get(ORDER)!.width).toBeLessThanOrEqual(box.get(PAYMENT)!.x);
    expect(box.get(PAYMENT)!.x + box.get(PAYMENT)!.width).toBeLessThanOrEqual(box.get(SHIPPING)!.x);
  });

  it('shows only missing traces when the batch file is loaded alone', () => {
    const alone = analyse([
      readTraceFile('analytics-and-refunds.json', readFileSync(new URL('analytics-and-refunds.json', dir))),
    ]);
    expect(alone.summary).toMatchObject({ links: 5, missingTrace: 4, missingSpan: 0, invalidContext: 1 });
  });
});
