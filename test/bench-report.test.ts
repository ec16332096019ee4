import { describe, expect, it } from 'vitest';
import { compareResults, markdownTable } from '../scripts/bench-report.mjs';

const results = (core: Record<string, number>, app: Record<string, unknown> = {}, cli?: Record<string, number>) => ({
  options: { runs: 5, seed: 1, scale: 1 },
  machine: { cpu: 'Test CPU', cores: 2, memoryGiB: 8, node: 'v20.0.0' },
  scenarios: {
    'small-2k': {
      input: { traces: 1, spans: 2000, links: 200, missing: 0, files: 1, formats: ['otlp-json'], bytes: 700_000 },
      core: { jsonParseMs: 10, readMs: 10, parseBuildMs: 20, ratio: 2, layoutMs: 30, heapRetainedBytes: 1e7, heapPeakBytes: 2e7, rssPeakBytes: 1e8, runsMs: { parseBuild: [20, 21] }, ...core },
      app: { dropToInteractiveMs: 200, longTaskWorstMs: 0, panZoomFrameP95Ms: 16.7, domNodes: 100, flowNodes: 10, level: 'spans', ...app },
      ...(cli ? { cli: { summaryMs: 1000, jsonParseProcessMs: 500, ratio: 2, mbPerS: 100, baselineMbPerS: 200, maxRssBytes: 1e9, ...cli } } : {}),
    },
  },
});

describe('bench --check', () => {
  it('passes figures within 20%, and fails a time or a ratio past it, naming it', () => {
    expect(compareResults(results({}), results({ parseBuildMs: 23.9, ratio: 2.3 })).regressions).toEqual([]);
    const { regressions } = compareResults(results({}), results({ parseBuildMs: 30, ratio: 2.5 }));
    expect(regressions.map((r) => r.path)).toEqual(['small-2k.core.parseBuildMs', 'small-2k.core.ratio']);
    expect(regressions[0]).toMatchObject({ before: 20, after: 30, change: '50%' });
  });

  it('does not judge the baselines, bytes, per-run lists, or figures absent from either file', () => {
    const slowBaseline = results({ jsonParseMs: 100, heapRetainedBytes: 1e9, runsMs: { parseBuild: [90, 90] } as unknown as number });
    expect(compareResults(results({}), slowBaseline).regressions).toEqual([]);
    const before = results({});
    const after = results({}, { dropToInteractiveMs: undefined });
    expect(compareResults(before, after).compared).toBe(compareResults(before, before).compared - 1);
  });

  it('does not judge the cold first load (one sample), however much worse', () => {
    const cold = (parseBuildMs: number, ratio: number) => results({ cold: { jsonParseMs: 10, parseBuildMs, ratio } as unknown as number });
    expect(compareResults(cold(20, 2), cold(200, 20)).regressions).toEqual([]);
    expect(compareResults(cold(20, 2), cold(200, 20)).compared).toBe(compareResults(results({}), results({})).compared);
  });

  it('treats a time a few milliseconds apart as noise, and lower throughput as worse', () => {
    expect(compareResults(results({ layoutMs: 3 }), results({ layoutMs: 7 })).regressions).toEqual([]);
    expect(compareResults(results({}, { longTaskWorstMs: 0 }), results({}, { longTaskWorstMs: 60 })).regressions.map((r) => r.path)).toEqual(['small-2k.app.longTaskWorstMs']);
    expect(compareResults(results({}, {}, {}), results({}, {}, { mbPerS: 70 })).regressions.map((r) => r.path)).toEqual(['small-2k.cli.mbPerS']);
    expect(compareResults(results({}, {}, {}), results({}, {}, { mbPerS: 130 })).regressions).toEqual([]);
  });
});

describe('bench --table', () => {
  it('prints a row per scenario with the ratio against its target, and the CLI table', () => {
    const table = markdownTable(results({ ratio: 2.67 }, {}, {}));
    expect(table).toContain('Test CPU (2 cores)');
    expect(table).toMatch(/\| small-2k \| 1 trace, 2,000 spans, 200 links, 0\.7 MB \| 10 ms \| 20 ms \(\*\*2\.67x\*\* \*\*\(missed\)\*\*\)/);
    expect(table).toContain('| small-2k | 0.7 MB | 1.00 s | 100 MB/s | 500 ms (200 MB/s) | 2.00x | 1.00 GB (1428.6x) |');
  });

  it('shows the cold first load beside the warm ratio, when measured', () => {
    const table = markdownTable(results({ ratio: 1.72, cold: { jsonParseMs: 3, parseBuildMs: 26, ratio: 9.56 } as unknown as number }));
    expect(table).toContain('| 20 ms (**1.72x**; cold 26 ms, 9.56x) |');
    expect(markdownTable(results({ ratio: 1.72 }))).toContain('| 20 ms (**1.72x**) |');
  });
});
