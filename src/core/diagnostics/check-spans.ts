import { normaliseSpanId, normaliseTraceId } from '../ids';
import { orphanSpans } from '../graph/build-graph';
import type { LinkGraph } from '../graph/types';
import type { SpanSet } from '../model/merge';
import type { SpanTable } from '../model/span-table';
import type { Span } from '../model/span';
import { briefId, describeSpan, DIAGNOSTIC_CODES, oneLine } from './codes';
import type { Diagnostic, SpanDiagnosticCode } from './types';

/**
 * Attribute keys that mark a span as consuming messages: the operation keys (current semconv
 * `messaging.operation.type`, older `messaging.operation`) when their value is `process` or
 * `receive`, and the batch keys (current and pre-1.24 spellings) whatever their value.
 */
export const OPERATION_KEYS: ReadonlySet<string> = new Set(['messaging.operation.type', 'messaging.operation']);
const CONSUMING_OPERATIONS = new Set(['process', 'receive']);
export const BATCH_KEYS: ReadonlySet<string> = new Set(['messaging.batch.message_count', 'messaging.batch.message.count']);

function spanDiagnostic(code: SpanDiagnosticCode, span: Span, message: string): Diagnostic {
  return {
    code,
    severity: DIAGNOSTIC_CODES[code].severity,
    message,
    hint: DIAGNOSTIC_CODES[code].hint,
    traceId: span.traceId,
    spanId: span.spanId,
  };
}

/** DIAGNOSTICS.md: kind CONSUMER, a consuming messaging operation, or a batch attribute. */
export function consumesMessages(span: Span): boolean {
  if (span.kind === 'consumer') return true;
  // One pass over the attributes: this runs for every loaded span.
  const attributes = span.attributes;
  for (let i = 0; i < attributes.length; i++) {
    const a = attributes[i]!;
    if (!a.key.startsWith('messaging.')) continue;
    if (BATCH_KEYS.has(a.key)) return true;
    if (OPERATION_KEYS.has(a.key) && typeof a.value === 'string' && CONSUMING_OPERATIONS.has(a.value.toLowerCase())) return true;
  }
  return false;
}

/**
 * `span.expected-link-absent`: a consumer with no links and no parent in another service. Only a
 * loaded parent tells its service, so an orphan consumer (parent not loaded) is flagged too. A
 * span whose links were all dropped by the SDK had links: `span.dropped-links` says why they are
 * gone, so it is not flagged here.
 */
function expectsLink(span: Span, table: SpanTable): boolean {
  if (span.links.length > 0 || span.droppedLinksCount > 0 || !consumesMessages(span)) return false;
  if (span.parentSpanId === undefined) return true;
  const row = table.rowOf(span.traceId, span.parentSpanId);
  const parent = row < 0 ? undefined : table.spanAt(row);
  return parent === undefined || parent.service === span.service;
}

function invalidIdReason(span: Span): string {
  const parts: string[] = [];
  if (!normaliseTraceId(span.traceId).valid) parts.push(`trace id "${oneLine(span.traceId)}"`);
  if (!normaliseSpanId(span.spanId).valid) parts.push(`span id "${oneLine(span.spanId)}"`);
  return parts.length > 0 ? parts.join(' and ') : 'its ids';
}

/** Per loaded span, in load order, then orphans, then one per recorded duplicate. Pushes onto `out`. */
export function checkSpans(graph: LinkGraph, set: SpanSet, out: Diagnostic[]): void {
  const table = set.spans;
  graph.spans.forEach((span) => {
    // Most spans are fine: describe a span only once it has something to report.
    if (!span.validId) {
      out.push(spanDiagnostic('span.invalid-id', span, `${describeSpan(span)}: ${invalidIdReason(span)} is not a valid W3C id`));
    }
    if (span.droppedLinksCount > 0) {
      const n = span.droppedLinksCount;
      out.push(spanDiagnostic('span.dropped-links', span, `${describeSpan(span)}: the SDK dropped ${n} link${n === 1 ? '' : 's'}`));
    }
    if (expectsLink(span, table)) {
      out.push(
        spanDiagnostic(
          'span.expected-link-absent',
          span,
          `${describeSpan(span)}: consumes messages but has no links and no parent in another service`,
        ),
      );
    }
  });
  // Orphans were found while building the graph; `span.missing-parent` is the only info among
  // span codes, so listing them apart keeps the sorted order of a per-span pass.
  const orphans = orphanSpans(graph);
  for (let i = 0; i < orphans.length; i++) {
    const span = graph.spans.get(orphans[i]!)!;
    out.push(spanDiagnostic('span.missing-parent', span, `${describeSpan(span)}: parent span ${briefId(span.parentSpanId!)} is not loaded`));
  }
  for (const d of set.duplicates) {
    const other = `${d.second.service || '(no service)'} "${oneLine(d.second.name)}"`;
    const sources = d.first.source === d.second.source ? `both in ${d.first.source}` : `in ${d.first.source} and ${d.second.source}`;
    out.push(
      spanDiagnostic('span.duplicate-id', d.first, `${describeSpan(d.first)} and ${other} share one id (${sources}); the first is shown`),
    );
  }
}
