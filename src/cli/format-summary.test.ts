import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../core/diagnostics/types';
import { SUMMARY_KEYS, type Summary } from '../core/graph/types';
import { NO_COLOUR } from './colour';
import { formatCheckJson, formatSummaryJson, toJsonDiagnostic } from './format-json';
import { formatSummaryText } from './format-summary';

const summary: Summary = {
  traces: 2,
  spans: 4,
  links: 8,
  brokenLinks: 4,
  invalidContext: 0,
  missingTrace: 4,
  missingSpan: 0,
  missingParent: 4,
  droppedLinks: 0,
};
const diagnostics: Diagnostic[] = [
  { code: 'span.missing-parent', severity: 'info', message: 'm', hint: 'h', traceId: 'a' as never, spanId: 'b' as never },
  { code: 'link.missing-trace', severity: 'warning', message: 'm', hint: 'h', traceId: 'a' as never, spanId: 'b' as never, target: { traceId: 'c', spanId: 'd' } },
  { code: 'link.missing-trace', severity: 'warning', message: 'm', hint: 'h' },
  { code: 'input.bad-span', severity: 'error', message: 'm', hint: 'h', file: 'f.json', where: 'spans[2]' },
];

describe('summary --json', () => {
  it('has exactly the summary keys, then diagnostics, even when the Summary object carries more', () => {
    const parsed = JSON.parse(formatSummaryJson({ ...summary, extra: 1 } as Summary, diagnostics)) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual([...SUMMARY_KEYS, 'diagnostics']);
    for (const key of SUMMARY_KEYS) expect(parsed[key]).toBe(summary[key]);
    expect(parsed.diagnostics).toHaveLength(4);
  });

  it('gives every diagnostic the six keys, null ids when it concerns no span, and its target or place', () => {
    expect(toJsonDiagnostic(diagnostics[1] as Diagnostic)).toEqual({
      code: 'link.missing-trace',
      severity: 'warning',
      message: 'm',
      hint: 'h',
      traceId: 'a',
      spanId: 'b',
      target: { traceId: 'c', spanId: 'd' },
    });
    expect(toJsonDiagnostic(diagnostics[3] as Diagnostic)).toMatchObject({ traceId: null, spanId: null, file: 'f.json', where: 'spans[2]' });
  });

  it('check --json carries ok, the summary and the diagnostics', () => {
    const parsed = JSON.parse(formatCheckJson(false, summary, diagnostics)) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['ok', 'summary', 'diagnostics']);
    expect(parsed.ok).toBe(false);
    expect(Object.keys(parsed.summary as object)).toEqual([...SUMMARY_KEYS]);
  });
});

describe('summary text', () => {
  const text = formatSummaryText(
    [
      { file: 'a.json', format: 'otlp-json', spans: 4, problems: 0 },
      { file: 'bad.txt', spans: 0, problems: 1 },
    ],
    summary,
    diagnostics,
    NO_COLOUR,
  );

  it('lists each file with its format and span count', () => {
    expect(text).toContain('  a.json  (otlp-json, 4 spans)');
    expect(text).toContain('  bad.txt  (not read, 1 problem)');
  });

  it('shows every count under its JSON name, the parts of brokenLinks indented under it', () => {
    const lines = text.split('\n');
    for (const key of SUMMARY_KEYS) {
      const line = lines.find((l) => l.trim().startsWith(`${key} `));
      expect(line, key).toBeDefined();
      expect(line?.trim().split(/\s+/)).toEqual([key, String(summary[key])]);
    }
    expect(lines.find((l) => l.includes('missingTrace'))).toMatch(/^ {4}missingTrace/);
    expect(lines.find((l) => l.includes('brokenLinks'))).toMatch(/^ {2}brokenLinks/);
  });

  it('counts diagnostics by code, errors first', () => {
    const section = text.slice(text.indexOf('diagnostics'));
    const rows = section.trim().split('\n').slice(1).map((l) => l.trim().split(/\s+/));
    expect(rows).toEqual([
      ['error', 'input.bad-span', '1'],
      ['warning', 'link.missing-trace', '2'],
      ['info', 'span.missing-parent', '1'],
    ]);
  });
});
