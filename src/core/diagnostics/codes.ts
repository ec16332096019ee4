import type { SpanBrief } from '../model/span-table';
import type { DiagnosticCode, LinkDiagnosticCode, Severity, SpanDiagnosticCode } from './types';

export interface CodeInfo {
  readonly severity: Severity;
  /** A few words, for headings and legends. */
  readonly title: string;
  /** How to fix it in code: the seed article's causes are the model. */
  readonly hint: string;
}

/** Every link and span code of DIAGNOSTICS.md, with its severity. One table, so nothing drifts. */
export const DIAGNOSTIC_CODES: Readonly<Record<LinkDiagnosticCode | SpanDiagnosticCode, CodeInfo>> = {
  'link.invalid-context': {
    severity: 'error',
    title: 'Link with malformed ids',
    hint:
      'Build links from the SpanContext the propagator extracted (propagation.extract, then trace.getSpanContext), ' +
      'never from hand-made strings: a trace id is 32 and a span id 16 lower-case hex characters (no `g`), not all ' +
      'zeros. Check isSpanContextValid() before adding the link; most SDKs and backends drop invalid links silently.',
  },
  'link.missing-span': {
    severity: 'error',
    title: 'Link target span not found',
    hint:
      'The target trace is here but not the span: make sure the producer span is ended and exported (not sampled ' +
      'out, not lost in an unflushed batch processor), and that the consumer links to the span id injected into the ' +
      'message (the producer/send span), not another span of that trace.',
  },
  'link.missing-trace': {
    severity: 'warning',
    title: 'Link target trace not loaded',
    hint:
      'Load the file that holds the target trace. If there is none, it was never recorded: the producer was sampled ' +
      'out (use a parent-based or always-on sampler there), its context was not injected into the message, or the ' +
      'trace is past the backend\u2019s retention.',
  },
  'link.self': {
    severity: 'warning',
    title: 'Span links to itself',
    hint:
      'The link carries the span\u2019s own context: the code linked the active span instead of the context ' +
      'extracted from the message headers. Pass the extracted producer context as the link.',
  },
  'link.duplicate': {
    severity: 'info',
    title: 'Same target linked twice',
    hint:
      'Add each upstream context once: messages of a batch sent from one producer span share its context, so ' +
      'deduplicate the extracted contexts before passing them as links (each link counts against the SDK limit).',
  },
  'span.dropped-links': {
    severity: 'warning',
    title: 'SDK dropped links',
    hint:
      'The SDK link limit discarded links (OTEL_SPAN_LINK_COUNT_LIMIT, default 128): raise it (environment variable ' +
      'or SpanLimits linkCountLimit) for batch consumers, or process smaller batches.',
  },
  'span.missing-parent': {
    severity: 'info',
    title: 'Parent span not loaded',
    hint:
      'Load the file holding the parent span. If it was never exported, check that the upstream service exports ' +
      '(not sampled out) and that the propagated context carries the span id of a span that is really ended.',
  },
  'span.invalid-id': {
    severity: 'warning',
    title: 'Span id is not a W3C id',
    hint:
      'Span contexts need W3C ids: 32 lower-case hex characters for the trace id, 16 for the span id, not all zeros. ' +
      'Use the SDK id generator; when converting ids from another system, hex-encode and zero-pad them rather than ' +
      'writing names.',
  },
  'span.duplicate-id': {
    severity: 'warning',
    title: 'Two spans share one id',
    hint:
      'Two different spans share one (trace id, span id): a custom IdGenerator that repeats, an exporter or collector ' +
      'rewriting ids, or a client and server sharing one id (Zipkin shared spans). Use the SDK\u2019s random id ' +
      'generator and keep ids unchanged through the pipeline.',
  },
  'span.expected-link-absent': {
    severity: 'warning',
    title: 'Consumer without a link',
    hint:
      'This span consumes messages but has no links and no parent in another service. Extract the producer context ' +
      'from the message headers (propagation.extract) and pass it as links when the span is created - ' +
      'tracer.startSpan(name, { kind: SpanKind.CONSUMER, links: [{ context }] }) - since links added after the span ' +
      'started are invisible to samplers and may be dropped.',
  },
};

/** Hints for `input.*` codes the readers use; any other `input.*` code gets the default. */
const INPUT_HINTS: Readonly<Record<string, string>> = {
  'input.not-json': 'Export the trace as JSON (OTLP JSON, Jaeger, Zipkin v2 or the Python console exporter), not protobuf or text.',
  'input.unknown-format': 'Export OTLP JSON (file exporter, Jaeger or Tempo API), Jaeger JSON, Zipkin v2 JSON or Python console JSON.',
  'input.bad-span': 'This span lacks required fields (trace id, span id); the rest of the file was loaded.',
  'input.gzip': 'The gzip stream is damaged or truncated: download the file again.',
  'input.too-large':
    'It is past what tracelinks reads at once (a gzip inflating past the ceiling: a zip bomb, or a huge trace; or one JSON value longer than a JavaScript string holds): if it is a real trace, export less per file (one trace or a shorter time window), or as OTLP JSON Lines.',
  'input.too-deep':
    'No SDK writes values nested this deep: the exporter is broken or the file was made to be hostile. The deeper part was cut; the span was loaded.',
  'input.empty': 'The file holds no data: the export or download did not finish, or nothing was recorded.',
  'input.encoding': 'Save the file as UTF-8 (or UTF-16 with a byte order mark).',
  'input.snapshot-version': 'Open it in a newer tracelinks, or ask whoever shared it for a snapshot from this version.',
  'input.bad-snapshot': 'The snapshot was edited or damaged: save it again from tracelinks (Snapshot); the spans that read were loaded.',
};
const INPUT_DEFAULT_HINT = 'Check the file is a complete trace export in a supported format; the rest was loaded.';

export function severityOf(code: DiagnosticCode): Severity {
  if (code.startsWith('input.')) return 'error';
  return DIAGNOSTIC_CODES[code as LinkDiagnosticCode | SpanDiagnosticCode].severity;
}

export function hintFor(code: DiagnosticCode): string {
  if (code.startsWith('input.')) return INPUT_HINTS[code] ?? INPUT_DEFAULT_HINT;
  return DIAGNOSTIC_CODES[code as LinkDiagnosticCode | SpanDiagnosticCode].hint;
}

/**
 * An id short enough for a message: the first 8 characters. Zero-padded 64-bit ids start with
 * zeros that tell nothing, so those are skipped (`0000000000000000a1b2…` -> `0…a1b2c3d4`).
 */
export function briefId(id: string): string {
  if (id.length <= 8) return id;
  if (!id.startsWith('00000000')) return id.slice(0, 8);
  const rest = id.replace(/^0+/, '');
  return rest === '' ? '0' : `0\u2026${rest.slice(0, 8)}`;
}

/** `service "name" (trace 4bf92f35, span 00f067aa)`: how every message names a span. */
export function describeSpan(span: SpanBrief): string {
  const name = span.name === '' ? '(unnamed)' : span.name;
  const service = span.service === '' ? '(no service)' : span.service;
  return `${service} "${oneLine(name)}" (trace ${briefId(span.traceId)}, span ${briefId(span.spanId)})`;
}

/** `trace/span` of a target, brief. */
export function describeTarget(traceId: string, spanId: string): string {
  return `${briefId(traceId)}/${briefId(spanId)}`;
}

/** Messages are one line: data with newlines must not split them. */
export function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}
