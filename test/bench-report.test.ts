import { describe, expect, it } from 'vitest';
import { cliSummary, compareResults, failures, markdownTable } from '../scripts/bench-report.mjs';

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

describe('bench --check: parts that failed or miscounted', () => {
  const counts = { traces: 1, spans: 2000, links: 200, missingTrace: 0, missingSpan: 0 };
  const withSummaries = (app: Record<string, unknown> = {}, cli: Record<string, unknown> = {}) => {
    const r = results({}, { summary: counts, ...app }, {});
    const s = r.scenarios['small-2k'] as Record<string, Record<string, unknown>>;
    s.input = { ...s.input, missingTrace: 0, missingSpan: 0 };
    s.core!.summary = { ...counts, brokenLinks: 0 };
    s.cli = { ...s.cli, summary: counts, ...cli };
    return r;
  };

  it('none when every part ran and reported the generated counts', () => {
    expect(failures(withSummaries())).toEqual([]);
  });

  it('a part that crashed, or some of whose runs failed, is a failure, not a figure left out', () => {
    const crashed = withSummaries();
    (crashed.scenarios['small-2k'] as Record<string, unknown>).cli = { error: 'exit 134: JavaScript heap out of memory' };
    expect(failures(crashed)).toEqual([{ path: 'small-2k.cli', problem: 'exit 134: JavaScript heap out of memory' }]);
    expect(compareResults(withSummaries(), crashed).regressions).toEqual([]);
    expect(failures(withSummaries({ failedRuns: 2, failure: 'the tab crashed' }))).toEqual([{ path: 'small-2k.app', problem: '2 run(s) failed: the tab crashed' }]);
    expect(failures({ ...withSummaries(), app: { error: 'no Chromium' } })).toEqual([{ path: 'app', problem: 'no Chromium' }]);
  });

  it('a summary that is not what the generator wrote is a failure naming the counts', () => {
    expect(failures(withSummaries({}, { summary: { ...counts, spans: 1999, missingSpan: 1 } }))).toEqual([
      { path: 'small-2k.cli.summary', problem: 'spans 1999, expected 2000; missingSpan 1, expected 0' },
    ]);
    expect(failures(withSummaries({ summary: undefined }))).toEqual([{ path: 'small-2k.app.summary', problem: 'no summary to check' }]);
  });

  it('reads the counts from the CLI summary text', () => {
    const text = 'files\n  a.json  (otlp-json, 3 spans)\n\nsummary\n  traces            2\n  spans             3\n  links             1\n  brokenLinks       1\n    invalidContext  0\n    missingTrace    1\n    missingSpan     0\n';
    expect(cliSummary(text)).toEqual({ traces: 2, spans: 3, links: 1, missingTrace: 1, missingSpan: 0 });
  });
});

describe('bench --table', () => {
  it('prints a row per scenario with the ratio against its target, and the CLI table', () => {
    const table = markdownTable(results({ ratio: 2.67 }, {}, {}));
    expect(table).toContain('Test CPU (2 cores)');
    expect(table).toMatch(/\| small-2k \| 1 trace, 2,000 spans, 200 links, 0\.7 MB \| 10 ms \| 20 ms \(\*\*2\.67x\*\* \*\*\(missed\)\*\*\)/);
    expect(table).toContain('| small-2k | 0.7 MB | 1.00 s | 100 MB/s | 500 ms (200 MB/s) | 2.00x | 1.00 GB (1428.6x) |');
  });

  it('marks the CLI below 50 MB/s or at 2 GB and more as missed, and shows the heap kept a span', () => {
    const slow = markdownTable(results({}, {}, { mbPerS: 40, maxRssBytes: 2.5e9 }));
    expect(slow).toContain('| 40 MB/s **(missed)** |');
    expect(slow).toContain('| 2.50 GB (3571.4x) **(missed)** |');
    // 10 MB retained for 2,000 spans.
    expect(slow).toContain('10 MB / 20 MB (5000 B a span); RSS 100 MB');
  });

  it('says under the tables whether every part ran and counted what the generator wrote', () => {
    expect(markdownTable(results({})).trim().split('\n').pop()).toBe('**Failed or miscounted:** small-2k.core.summary: no summary to check; small-2k.app.summary: no summary to check.');
    const counted = results({ summary: { traces: 1, spans: 2000, links: 200, missingTrace: 0, missingSpan: 0 } as unknown as number }, { summary: { traces: 1, spans: 2000, links: 200, missingTrace: 0, missingSpan: 0 } });
    const input = (counted.scenarios['small-2k'] as { input: Record<string, unknown> }).input;
    Object.assign(input, { missingTrace: 0, missingSpan: 0 });
    expect(markdownTable(counted).trim().split('\n').pop()).toMatch(/^Every part ran, and each reported the counts the generator wrote/);
  });

  it('shows the cold first load beside the warm ratio, when measured', () => {
    const table = markdownTable(results({ ratio: 1.72, cold: { jsonParseMs: 3, parseBuildMs: 26, ratio: 9.56 } as unknown as number }));
    expect(table).toContain('| 20 ms (**1.72x**; cold 26 ms, 9.56x) |');
    expect(markdownTable(results({ ratio: 1.72 }))).toContain('| 20 ms (**1.72x**) |');
  });
});
