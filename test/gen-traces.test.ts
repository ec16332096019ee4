import { describe, expect, it } from 'vitest';
import { generateModel, generateOtlp, parseArgs, WRITERS, type GenOptions } from '../scripts/gen-traces';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  links?: { traceId: string; spanId: string }[];
}
interface OtlpDoc {
  resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[];
}
const spansOf = (doc: OtlpDoc) => doc.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));

const OPTS: GenOptions = { traces: 200, spansPerTrace: 12, links: 1_000, missingRatio: 0.1, seed: 7 };

describe('gen-traces', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    expect(generateOtlp(OPTS)).toBe(generateOtlp(OPTS));
    expect(generateOtlp({ ...OPTS, seed: 8 })).not.toBe(generateOtlp(OPTS));
  });

  it('writes the requested spans and links as OTLP JSON with well-formed trees', () => {
    const spans = spansOf(JSON.parse(generateOtlp(OPTS)) as OtlpDoc);
    expect(spans).toHaveLength(OPTS.traces * OPTS.spansPerTrace);
    const keys = new Set(spans.map((s) => `${s.traceId}/${s.spanId}`));
    expect(keys.size).toBe(spans.length);
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(OPTS.traces);
    for (const s of spans) {
      expect(s.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(s.spanId).toMatch(/^[0-9a-f]{16}$/);
      if (s.parentSpanId !== '') expect(keys.has(`${s.traceId}/${s.parentSpanId}`)).toBe(true);
    }
    const links = spans.flatMap((s) => (s.links ?? []).map((l) => ({ ...l, holder: s.traceId })));
    expect(links).toHaveLength(OPTS.links);
    expect(links.filter((l) => l.traceId === l.holder)).toEqual([]);
    const missing = links.filter((l) => !keys.has(`${l.traceId}/${l.spanId}`)).length / links.length;
    expect(missing).toBeGreaterThan(0.05);
    expect(missing).toBeLessThan(0.15);
  });

  it('writes the same spans as OTLP JSON Lines', () => {
    const model = generateModel(OPTS);
    const lines = WRITERS['otlp-jsonl'](model).trim().split('\n');
    expect(lines).toHaveLength(2);
    const spans = lines.flatMap((l) => spansOf(JSON.parse(l) as OtlpDoc));
    expect(spans).toHaveLength(OPTS.traces * OPTS.spansPerTrace);
  });

  it('reads its command line as documented', () => {
    const o = parseArgs(['--spans', '100000', '--links', '20000', '--out', 'bench/out/x.json']);
    expect(o).toMatchObject({ traces: 5_000, spansPerTrace: 20, links: 20_000, out: 'bench/out/x.json', format: 'otlp-json' });
    expect(() => parseArgs(['--spans', 'many'])).toThrow(/--spans/);
    expect(() => parseArgs(['--format', 'csv'])).toThrow(/--format/);
  });
});
