import type { SpanId, TraceId } from '../ids';

export type Severity = 'error' | 'warning' | 'info';

export type LinkDiagnosticCode =
  | 'link.invalid-context'
  | 'link.missing-span'
  | 'link.missing-trace'
  | 'link.self'
  | 'link.duplicate';
export type SpanDiagnosticCode =
  | 'span.dropped-links'
  | 'span.missing-parent'
  | 'span.invalid-id'
  | 'span.duplicate-id'
  | 'span.expected-link-absent';
/** A file, or a part of one, could not be read. */
export type InputDiagnosticCode = `input.${string}`;
export type DiagnosticCode = LinkDiagnosticCode | SpanDiagnosticCode | InputDiagnosticCode;

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  /** One line saying what is wrong, naming the span (service, name, ids) or the file and place. */
  readonly message: string;
  /** How to fix it in code. */
  readonly hint: string;
  /** The span the diagnostic concerns (for link.* the span that holds the link). */
  readonly traceId?: TraceId;
  readonly spanId?: SpanId;
  /** For link.*: index of the link in the span's `links`. */
  readonly linkIndex?: number;
  /** For link.*: the target as written. */
  readonly target?: { readonly traceId: string; readonly spanId: string };
  /** For input.*: the file and the place (line:column or JSON path). */
  readonly file?: string;
  readonly where?: string;
}
