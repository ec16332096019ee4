import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeShareFragment } from '../../core/share/url-codec';
import { DEFAULT_VIEW, NO_REDACTION, type ShareState } from '../../core/share/types';
import { coreDeps } from './core-deps';
import { buildExport, overviewDrawing } from './exports';
import type { ExportRequest } from './protocol';
import { LoadSession } from './session';

const DEMO = resolve(process.cwd(), 'public/demo');
const demo = ['order-flow.json', 'email-retries.json', 'analytics-and-refunds.json'].map((name) => ({
  name,
  data: new Uint8Array(readFileSync(resolve(DEMO, name))),
}));
const state: ShareState = { notes: [{ target: 'trace:x', text: 'a note' }], view: DEFAULT_VIEW, redaction: NO_REDACTION };
const request = (kind: ExportRequest['kind'], extra: Partial<ExportRequest> = {}): ExportRequest => ({
  kind,
  state,
  level: 'spans',
  theme: 'light',
  title: 'demo',
  ...extra,
});

async function loaded(): Promise<LoadSession> {
  const s = new LoadSession(coreDeps);
  await s.add(demo, () => {});
  return s;
}

describe('buildExport', () => {
  it('says so when nothing is loaded', () => {
    expect(buildExport(null, request('svg'))).toEqual({ ok: false, message: 'Nothing is loaded to export.' });
  });

  it('a snapshot and a share link reload to the same summary and diagnostics, with the notes', async () => {
    const s = await loaded();
    const before = s.view()!.payload;
    for (const kind of ['snapshot', 'share'] as const) {
      const answer = buildExport(s.view(), request(kind));
      if (!answer.ok) throw new Error(answer.message);
      const text = kind === 'share' ? decodeShareFragment(answer.text) : { ok: true as const, text: answer.text };
      if (!text.ok) throw new Error(text.message);
      const again = new LoadSession(coreDeps);
      const reloaded = await again.add([{ name: 'x.tracelinks.json', data: text.text }], () => {});
      expect(reloaded.analysis?.summary).toEqual(before.summary);
      expect(reloaded.analysis?.diagnostics).toEqual(before.diagnostics);
      expect(reloaded.share?.notes).toEqual(state.notes);
    }
  });

  it('images and diagrams of the current view draw only its traces', async () => {
    const s = await loaded();
    const { graph } = s.view()!.payload;
    const analytics = [...graph.traces.values()].find((t) => t.services.includes('analytics-service'))!;
    const all = buildExport(s.view(), request('mermaid'));
    const some = buildExport(s.view(), request('mermaid', { traces: [analytics.traceId] }));
    if (!all.ok || !some.ok) throw new Error('mermaid failed');
    expect(all.text).toContain('process refunds');
    expect(some.text).not.toContain('process refunds');
    expect(some.text).toContain('process orders-analytics');
    const svg = buildExport(s.view(), request('svg', { level: 'traces' }));
    if (!svg.ok) throw new Error(svg.message);
    expect(svg.text).toContain('<svg');
    expect(svg.text).toContain('process refunds');
  });

  it('the trace-level drawing keeps only edges between drawn traces', async () => {
    const s = await loaded();
    const { overview } = s.view()!.payload;
    const first = overview.graph.edges[0]!;
    const drawing = overviewDrawing(overview.graph, overview.layout, new Set([first.from, first.to]));
    expect(drawing.nodes.map((n) => n.traceId).sort()).toEqual([first.from, first.to].sort());
    expect(drawing.edges.every((e) => [first.from, first.to].includes(e.from) && [first.from, first.to].includes(e.to))).toBe(true);
  });
});

describe('trace-level exports of a fan-in', () => {
  /** One producer and 40 consumer traces whose root links to it (OTLP JSON). */
  function fanInFile(): { name: string; data: Uint8Array } {
    const hex = (n: number, w: number) => n.toString(16).padStart(w, '0');
    const producer = { traceId: hex(0xfeed, 32), spanId: hex(0xfeed, 16) };
    const spans = [{ ...producer, name: 'publish batch', startTimeUnixNano: '1748943667000000000' }];
    for (let c = 0; c < 40; c++) {
      spans.push({ traceId: hex(0xc000 + c, 32), spanId: hex(0x3000 + c, 16), name: 'process batch item', startTimeUnixNano: '1748943667000001000', links: [producer] } as never);
    }
    const doc = { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'batch' } }] }, scopeSpans: [{ spans }] }] };
    return { name: 'fan-in.json', data: new TextEncoder().encode(JSON.stringify(doc)) };
  }

  it('stacks alike traces as the canvas does, and draws an opened stack one node per trace', async () => {
    const s = new LoadSession(coreDeps);
    await s.add([fanInFile()], () => {});
    const { overview } = s.view()!.payload;
    expect(overview.graph.nodes).toHaveLength(41);
    const stacked = overviewDrawing(overview.graph, overview.layout);
    expect(stacked.nodes.map((n) => n.stackSize)).toEqual([undefined, 40]);
    expect(stacked.edges).toEqual([expect.objectContaining({ count: 40, broken: 0 })]);
    const head = stacked.nodes[1]!.traceId;
    expect(overviewDrawing(overview.graph, overview.layout, undefined, new Set([head])).nodes).toHaveLength(41);
    const mermaid = buildExport(s.view(), request('mermaid', { level: 'traces' }));
    if (!mermaid.ok) throw new Error(mermaid.message);
    expect(mermaid.text).toContain('process batch item · 40 traces · batch · 40 spans');
    expect(mermaid.text).toContain('40 links');
    const opened = buildExport(s.view(), request('mermaid', { level: 'traces', unstacked: [head] }));
    if (!opened.ok) throw new Error(opened.message);
    expect(opened.text.match(/process batch item/g)).toHaveLength(40);
  });
});

describe('LoadSession redaction and replace', () => {
  it('redacts names across files consistently; the summary stays', async () => {
    const s = await loaded();
    const plain = s.view()!.payload;
    const red = await s.redact({ values: true, names: true }, () => {});
    expect(red.analysis?.summary).toEqual(plain.summary);
    expect(red.analysis?.diagnostics.map((d) => [d.code, d.traceId, d.spanId])).toEqual(plain.diagnostics.map((d) => [d.code, d.traceId, d.spanId]));
    const names = new Set([...red.analysis!.graph.spans.values()].map((x) => x.service));
    expect([...names].every((n) => /^service-\d+$/.test(n))).toBe(true);
    expect(red.analysis?.redaction).toEqual({ values: true, names: true });
    const back = await s.redact(NO_REDACTION, () => {});
    expect([...back.analysis!.graph.spans]).toEqual([...plain.graph.spans]);
  });

  it('replace keeps what was loaded when the new file does not read', async () => {
    const s = await loaded();
    const bad = await s.replace({ name: 'shared-link.tracelinks.json', data: '{"tracelinks":"snapshot","version":99}' }, () => {});
    expect(bad.errors).toHaveLength(1);
    expect(bad.analysis?.summary.spans).toBe(42);
  });
});

describe('a graph too large for a link', () => {
  it('is refused with its size and the snapshot offered instead', async () => {
    const { generateOtlp } = await import('../../../scripts/gen-traces');
    const s = new LoadSession(coreDeps);
    await s.add([{ name: 'big.json', data: generateOtlp({ traces: 1500, spansPerTrace: 20, links: 3000, missingRatio: 0.05, seed: 3 }) }], () => {});
    const answer = buildExport(s.view(), request('share'));
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.tooLarge).toBe(true);
    expect(answer.message).toMatch(/needs a [\d.]+ MB link, more than the 1\.0 MB a link can hold.*snapshot/);
  });
});
