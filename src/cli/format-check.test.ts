import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../core/diagnostics/types';
import type { Summary } from '../core/graph/types';
import { spanKey, type SpanId, type SpanKey, type TraceId } from '../core/ids';
import type { Span } from '../core/model/span';
import { ANSI_COLOUR, NO_COLOUR } from './colour';
import { formatCheckReport, formatCountLine, formatDiagnosticLine } from './format-check';

// ANSI SGR sequences (built from a string: lint rejects control characters in regex literals).
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[\\d+m`, 'g');

// The ids of the W3C trace-context example, as the brief's sample line uses them.
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736' as TraceId;
const SPAN = '00f067aa0ba902b7' as SpanId;
const span: Span = {
  traceId: TRACE,
  spanId: SPAN,
  validId: true,
  name: 'process-order',
  service: 'checkout',
  kind: 'consumer',
  status: 'unset',
  attributes: [],
  resource: [],
  events: [],
  links: [],
  droppedLinksCount: 0,
  source: 'a.json',
};
const spans = new Map<SpanKey, Span>([[spanKey(TRACE, SPAN), span]]);
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
  it('shows severity, code, the span by service/name and short ids, the target, message and hint', () => {
    expect(formatDiagnosticLine(missingSpan, spans, NO_COLOUR)).toBe(
      'error link.missing-span  checkout/process-order 4bf92f35/00f067aa -> target 4bf92f35/53995c3f: ' +
        'the linked span is not loaded  hint: export the producer span',
    );
  });

  it('falls back to the ids when the span is not loaded, and to the file and place for input problems', () => {
    expect(formatDiagnosticLine(missingSpan, new Map(), NO_COLOUR)).toMatch(/^error link\.missing-span {2}4bf92f35\/00f067aa -> target/);
    expect(formatDiagnosticLine({ ...notJson, message: 'not JSON' }, spans, NO_COLOUR)).toBe(
      'error input.not-json  bad.json (line 1, column 1): not JSON  hint: give a trace file',
    );
    // a message that already names the file (as analyse writes them) is not prefixed again
    expect(formatDiagnosticLine(notJson, spans, NO_COLOUR)).toBe('error input.not-json  bad.json is not JSON  hint: give a trace file');
  });

  it('never splits a line, whatever the message holds', () => {
    const line = formatDiagnosticLine({ ...notJson, message: 'two\nlines' }, spans, NO_COLOUR);
    expect(line.split('\n')).toHaveLength(1);
  });

  it('colours only through the paint it is given', () => {
    const plain = formatDiagnosticLine(missingSpan, spans, NO_COLOUR);
    const coloured = formatDiagnosticLine(missingSpan, spans, ANSI_COLOUR);
    expect(plain).not.toContain('\u001b[');
    expect(coloured.startsWith('\u001b[31merror\u001b[39m')).toBe(true);
    expect(coloured.replaceAll(ANSI, '')).toBe(plain);
  });

  it('ends with a count line by severity and of broken links', () => {
    expect(formatCountLine({ diagnostics: [], spans, summary: summary(2, 0) }, NO_COLOUR)).toBe('no problems; 2 links, none broken');
    const view = { diagnostics: [missingSpan, notJson, { ...missingSpan, severity: 'info' as const }], spans, summary: summary(1, 1) };
    expect(formatCountLine(view, NO_COLOUR)).toBe('3 problems (2 errors, 0 warnings, 1 info); 1 link, 1 broken');
    const report = formatCheckReport(view, NO_COLOUR);
    expect(report.endsWith('\n')).toBe(true);
    expect(report.trimEnd().split('\n')).toHaveLength(4);
  });
});
