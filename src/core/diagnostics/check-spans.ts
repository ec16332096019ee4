import { normaliseSpanId, normaliseTraceId } from '../ids';
import { orphanRows, parentRow } from '../graph/build-graph';
import type { LinkGraph } from '../graph/types';
import type { SpanSet } from '../model/merge';
import { ROW_CONSUMER_WITHOUT_LINKS, ROW_DROPPED_LINKS, ROW_VALID_ID } from '../model/row-flags';
import type { SpanBrief, SpanTable } from '../model/span-table';
import { briefId, describeSpan, DIAGNOSTIC_CODES, oneLine } from './codes';
import type { Diagnostic, SpanDiagnosticCode } from './types';

export { BATCH_KEYS, consumesMessages, OPERATION_KEYS } from '../model/messaging';

function spanDiagnostic(code: SpanDiagnosticCode, span: SpanBrief, message: string): Diagnostic {
  return {
    code,
    severity: DIAGNOSTIC_CODES[code].severity,
    message,
    hint: DIAGNOSTIC_CODES[code].hint,
    traceId: span.traceId,
    spanId: span.spanId,
  };
}

/**
 * `span.expected-link-absent`: a consumer with no links and no parent in another service. Only a
 * loaded parent tells its service, so an orphan consumer (parent not loaded) is flagged too. A
 * span whose links were all dropped by the SDK had links: `span.dropped-links` says why they are
 * gone, so it is not flagged here. The table marked such consumers as it merged them.
 */
function expectsLink(graph: LinkGraph, table: SpanTable, row: number): boolean {
  if ((table.flagsAt(row) & ROW_CONSUMER_WITHOUT_LINKS) === 0) return false;
  const parent = parentRow(graph, row);
  return parent < 0 || table.serviceAt(parent) === table.serviceAt(row);
}

function invalidIdReason(span: SpanBrief): string {
  const parts: string[] = [];
  if (!normaliseTraceId(span.traceId).valid) parts.push(`trace id "${oneLine(span.traceId)}"`);
  if (!normaliseSpanId(span.spanId).valid) parts.push(`span id "${oneLine(span.spanId)}"`);
  return parts.length > 0 ? parts.join(' and ') : 'its ids';
}

/** Per loaded span, in load order, then orphans, then one per recorded duplicate. Pushes onto `out`. */
export function checkSpans(graph: LinkGraph, set: SpanSet, out: Diagnostic[]): void {
  const table = set.spans;
  // The table's flags say which rows have something to report (most have not): only those spans
  // are read and described.
  const count = table.size;
  for (let row = 0; row < count; row++) {
    const flags = table.flagsAt(row);
    if ((flags & (ROW_VALID_ID | ROW_DROPPED_LINKS | ROW_CONSUMER_WITHOUT_LINKS)) === ROW_VALID_ID) continue;
    // Its ids, name and service: the whole span is not made for a message.
    const span = table.briefAt(row);
    if ((flags & ROW_VALID_ID) === 0) {
      out.push(spanDiagnostic('span.invalid-id', span, `${describeSpan(span)}: ${invalidIdReason(span)} is not a valid W3C id`));
    }
    if ((flags & ROW_DROPPED_LINKS) !== 0) {
      const n = table.droppedAt(row);
      out.push(spanDiagnostic('span.dropped-links', span, `${describeSpan(span)}: the SDK dropped ${n} link${n === 1 ? '' : 's'}`));
    }
    if (expectsLink(graph, table, row)) {
      out.push(
        spanDiagnostic(
          'span.expected-link-absent',
          span,
          `${describeSpan(span)}: consumes messages but has no links and no parent in another service`,
        ),
      );
    }
  }
  // Orphans were found while building the graph; `span.missing-parent` is the only info among
  // span codes, so listing them apart keeps the sorted order of a per-span pass.
  const orphans = orphanRows(graph, table);
  for (let i = 0; i < orphans.length; i++) {
    const row = orphans[i]!;
    const span = table.briefAt(row);
    out.push(spanDiagnostic('span.missing-parent', span, `${describeSpan(span)}: parent span ${briefId(table.parentIdAt(row)!)} is not loaded`));
  }
  for (const d of set.duplicates) {
    const other = `${d.second.service || '(no service)'} "${oneLine(d.second.name)}"`;
    const sources = d.first.source === d.second.source ? `both in ${d.first.source}` : `in ${d.first.source} and ${d.second.source}`;
    out.push(
      spanDiagnostic('span.duplicate-id', d.first, `${describeSpan(d.first)} and ${other} share one id (${sources}); the first is shown`),
    );
  }
}
