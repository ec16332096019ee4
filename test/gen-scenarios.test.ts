import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyse } from '../src/core/analyse';
import { readTraceFile } from '../src/core/readers/index';
import { SCENARIO_NAMES, scenarioFiles, writeScenario, type ScenarioName } from '../scripts/gen-scenarios';

/** The scenario at `scale`, read and analysed by the core as the benchmark does. */
function load(name: ScenarioName, scale: number, seed = 1) {
  const { files, stats } = scenarioFiles(name, { scale, seed });
  const results = files.map((f) => readTraceFile(f.name, f.text));
  return { files, stats, results, analysis: analyse(results) };
}

const tmp = mkdtempSync(join(tmpdir(), 'gen-scenarios-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('gen-scenarios', () => {
  it.each(SCENARIO_NAMES.filter((n) => n !== 'over-limit-600MB'))('%s at a small scale reads back with the counts it reports', (name) => {
    const { stats, results, analysis } = load(name, 0.02);
    for (const r of results) expect(r.problems).toEqual([]);
    const s = analysis.summary;
    expect(s.spans).toBe(stats.spans);
    expect(s.traces).toBe(stats.traces);
    expect(s.links).toBe(stats.links);
    expect(s.missingTrace).toBe(stats.missingTrace);
    expect(s.missingSpan).toBe(stats.missingSpan);
    expect(s.invalidContext).toBe(0);
    expect(s.missingParent).toBe(0);
  });

  it('makes the sizes the issue names at scale 1 (counted, not read: the big two are only planned)', () => {
    const count = (name: ScenarioName) => scenarioFiles(name).stats;
    expect(count('small-2k')).toMatchObject({ traces: 1, spans: 2000, links: 200, missingTrace: 0, missingSpan: 0 });
    expect(count('fanout-10k')).toMatchObject({ traces: 2001, spans: 10_000, links: 2000 });
    expect(count('deep-10k')).toMatchObject({ traces: 1, spans: 10_000, links: 1000 });
    expect(count('incident-500')).toMatchObject({ traces: 500, spans: 25_000, links: 3000, missingTrace: 75, missingSpan: 75 });
  });

  it('incident-500: 20 files in four formats, each read as its format, no links on Zipkin spans', () => {
    const { files, results, stats } = load('incident-500', 0.1);
    expect(files).toHaveLength(20);
    expect(results.map((r) => r.format)).toEqual(files.map((f) => f.format));
    expect(new Set(files.map((f) => f.format))).toEqual(new Set(['otlp-json', 'otlp-jsonl', 'jaeger', 'zipkin']));
    expect(stats).toMatchObject({ traces: 50, spans: 2500, links: 300 });
    // 5% of the links miss their target, half a trace, half a span.
    expect(stats.missingTrace + stats.missingSpan).toBe(15);
    for (const f of files) if (f.format === 'zipkin') expect(f.text).not.toContain('FOLLOWS_FROM');
    const zipkinSpans = results.filter((r) => r.format === 'zipkin').flatMap((r) => r.spans);
    expect(zipkinSpans.length).toBeGreaterThan(0);
    expect(zipkinSpans.every((s) => s.links.length === 0)).toBe(true);
    // Every link crosses traces.
    const links = results.flatMap((r) => r.spans.flatMap((s) => s.links.map((l) => [s.traceId, l.traceId])));
    expect(links).toHaveLength(300);
    expect(links.filter(([a, b]) => a === b)).toEqual([]);
  });

  it('deep-10k: one parent chain as deep as the trace has spans', () => {
    const { results, stats } = load('deep-10k', 0.05);
    const spans = results[0]!.spans;
    expect(spans).toHaveLength(500);
    expect(stats.links).toBe(50);
    const parentOf = new Map<string, string | undefined>(spans.map((s) => [s.spanId, s.parentSpanId]));
    const children = new Map<string | undefined, number>();
    for (const s of spans) children.set(s.parentSpanId, (children.get(s.parentSpanId) ?? 0) + 1);
    expect(Math.max(...children.values())).toBe(1);
    const leaves = spans.filter((s) => !children.has(s.spanId));
    expect(leaves).toHaveLength(1);
    let depth = 0;
    for (let at: string | undefined = leaves[0]!.spanId; at !== undefined; at = parentOf.get(at)) depth++;
    expect(depth).toBe(500);
  });

  it('fanout-10k: one producer span, linked from the root of every consumer trace', () => {
    const { analysis, stats } = load('fanout-10k', 0.1);
    expect(stats).toMatchObject({ traces: 201, spans: 1000, links: 200 });
    const edges = analysis.graph.linkEdges;
    expect(edges).toHaveLength(200);
    // `from` is the linked span, `to` the holder.
    expect(new Set(edges.map((e) => e.from)).size).toBe(1);
    expect(edges.every((e) => e.status === 'ok')).toBe(true);
    const spans = analysis.set.spans;
    const producer = spans.get(edges[0]!.from)!;
    expect(producer.kind).toBe('producer');
    const holders = edges.map((e) => spans.get(e.to)!);
    expect(new Set(holders.map((s) => s.traceId)).size).toBe(200);
    expect(holders.every((s) => s.parentSpanId === undefined && s.kind === 'consumer' && s.traceId !== producer.traceId)).toBe(true);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const text = (seed: number) => scenarioFiles('incident-500', { scale: 0.04, seed }).files.map((f) => f.text);
    expect(text(3)).toEqual(text(3));
    expect(text(4)[0]).not.toBe(text(3)[0]);
  });

  it('writes the same bytes to disk piece by piece, and keeps them for the same seed and scale', () => {
    const written = writeScenario('bundle-200MB', tmp, { scale: 0.005, seed: 2 });
    const inMemory = scenarioFiles('bundle-200MB', { scale: 0.005, seed: 2 });
    expect(written.reused).toBeUndefined();
    expect(written.files.map((f) => readFileSync(f.path, 'utf8'))).toEqual(inMemory.files.map((f) => f.text));
    expect(written.stats).toEqual(inMemory.stats);
    const mtime = statSync(written.files[0]!.path).mtimeMs;
    const again = writeScenario('bundle-200MB', tmp, { scale: 0.005, seed: 2 });
    expect(again.reused).toBe(true);
    expect(statSync(again.files[0]!.path).mtimeMs).toBe(mtime);
    expect(writeScenario('bundle-200MB', tmp, { scale: 0.005, seed: 3 }).reused).toBeUndefined();
  });

  it('over-limit-600MB: a JSON Lines file filled to its size, every line a TracesData', () => {
    const written = writeScenario('over-limit-600MB', tmp, { scale: 0.002 });
    const file = written.files[0]!;
    expect(file.bytes).toBeGreaterThanOrEqual(1_200_000);
    expect(file.bytes).toBeLessThan(1_400_000);
    const lines = readFileSync(file.path, 'utf8').split('\n').filter(Boolean);
    expect(lines.every((l) => Array.isArray((JSON.parse(l) as { resourceSpans: unknown }).resourceSpans))).toBe(true);
    const r = readTraceFile(file.name, readFileSync(file.path));
    expect(r.format).toBe('otlp-jsonl');
    expect(r.problems).toEqual([]);
    const s = analyse([r]).summary;
    expect(s).toMatchObject({ spans: written.stats.spans, links: written.stats.links, traces: written.stats.traces });
    expect(s.missingTrace + s.missingSpan).toBe(Math.floor(written.stats.links / 20));
  });
});
