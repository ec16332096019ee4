import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../core/diagnostics/types';
import type { Summary } from '../core/graph/types';
import type { SpanId, TraceId } from '../core/ids';
import { ANSI_COLOUR, NO_COLOUR } from './colour';
import { formatCheckReport, formatCountLine, formatDiagnosticLine } from './format-check';

// ANSI SGR sequences (built from a string: lint rejects control characters in regex literals).
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[\\d+m`, 'g');

// The ids of the W3C trace-context example, as the brief's sample line uses them.
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736' as TraceId;
const SPAN = '00f067aa0ba902b7' as SpanId;
const missingSpan: Diagnostic = {
  code: 'link.missing-span',
  severity: 'error',
  message: 'the linked span is not loaded',
  hint: 'export the producer span',
  traceId: TRACE,
  spanId: SPAN,
  linkIndex: 0,
  target: { traceId: TRACE, spanId: '53995c3f42cd8ad8' },
};
const notJson: Diagnostic = {
  code: 'input.not-json',
  severity: 'error',
  message: 'bad.json is not JSON',
  hint: 'give a trace file',
  file: 'bad.json',
  where: 'line 1, column 1',
};
const summary = (links: number, brokenLinks: number): Summary => ({
  traces: 1,
  spans: 1,
  links,
  brokenLinks,
  invalidContext: 0,
  missingTrace: 0,
  missingSpan: brokenLinks,
  missingParent: 0,
  droppedLinks: 0,
});

describe('check lines', () => {
  it('shows severity, code, the message as the core wrote it, and the hint', () => {
    expect(formatDiagnosticLine(missingSpan, NO_COLOUR)).toBe(
      'error link.missing-span  the linked span is not loaded  hint: export the producer span',
    );
    expect(formatDiagnosticLine(notJson, NO_COLOUR)).toBe('error input.not-json  bad.json is not JSON  hint: give a trace file');
    expect(formatDiagnosticLine({ ...notJson, hint: '' }, NO_COLOUR)).toBe('error input.not-json  bad.json is not JSON');
  });

  it('never splits a line, whatever the message holds', () => {
    const line = formatDiagnosticLine({ ...notJson, message: 'two\nlines' }, NO_COLOUR);
    expect(line.split('\n')).toHaveLength(1);
  });

  it('colours only through the paint it is given', () => {
    const plain = formatDiagnosticLine(missingSpan, NO_COLOUR);
    const coloured = formatDiagnosticLine(missingSpan, ANSI_COLOUR);
    expect(plain).not.toContain('\u001b[');
    expect(coloured.startsWith('\u001b[31merror\u001b[39m')).toBe(true);
    expect(coloured.replaceAll(ANSI, '')).toBe(plain);
  });

  it('ends with a count line by severity and of broken links', () => {
    expect(formatCountLine({ diagnostics: [], summary: summary(2, 0) }, NO_COLOUR)).toBe('no problems; 2 links, none broken');
    const view = { diagnostics: [missingSpan, notJson, { ...missingSpan, severity: 'info' as const }], summary: summary(1, 1) };
    expect(formatCountLine(view, NO_COLOUR)).toBe('3 problems (2 errors, 0 warnings, 1 info); 1 link, 1 broken');
    const report = formatCheckReport(view, NO_COLOUR);
    expect(report.endsWith('\n')).toBe(true);
    expect(report.trimEnd().split('\n')).toHaveLength(4);
  });
});
