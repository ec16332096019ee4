/**
 * Which reader a parsed JSON value is for, by structure only (FORMATS.md section 8), and what a
 * value or text looked like when no reader fits (for the `input.*` message).
 */
import { isRecord } from './tags';

export type ReaderKind = 'otlp' | 'jaeger' | 'zipkin' | 'python' | 'snapshot';

/**
 * @example detectReader({ resourceSpans: [] }) === 'otlp'
 * @example detectReader([[{ traceId: 'a', id: 'b' }]]) === 'zipkin'
 */
export function detectReader(value: unknown): ReaderKind | undefined {
  if (Array.isArray(value)) return detectArray(value, 0);
  // A tracelinks snapshot (`.tracelinks.json`) is a top-level object only.
  if (isRecord(value) && value.tracelinks === 'snapshot' && has(value, 'tracelinks')) return 'snapshot';
  return isRecord(value) ? detectObject(value) : undefined;
}

function detectArray(items: readonly unknown[], depth: number): ReaderKind | undefined {
  for (const item of items) {
    // Arrays of arrays: Zipkin `/api/v2/traces`; one level is all any format nests.
    const kind = Array.isArray(item) ? (depth === 0 ? detectArray(item, 1) : undefined) : isRecord(item) ? detectObject(item) : undefined;
    if (kind !== undefined) return kind;
  }
  return undefined;
}

function has(o: Record<string, unknown>, key: string): boolean {
  return o[key] !== undefined && Object.prototype.hasOwnProperty.call(o, key);
}

/** `{result: {trace: …}}` is as deep as real wrappers go; a hostile file may nest thousands. */
const MAX_WRAPPERS = 4;

function detectObject(o: Record<string, unknown>, wrappers = 0): ReaderKind | undefined {
  if (has(o, 'resourceSpans') || has(o, 'resource_spans') || has(o, 'batches')) return 'otlp';
  // Wrappers: Jaeger /api/v3 `{result}`, Tempo /api/v2 `{trace}`; only around OTLP.
  if (wrappers < MAX_WRAPPERS) {
    for (const key of ['result', 'trace']) {
      const inner = o[key];
      if (isRecord(inner) && has(o, key) && detectObject(inner, wrappers + 1) === 'otlp') return 'otlp';
    }
  }
  if (has(o, 'scopeSpans') || has(o, 'instrumentationLibrarySpans') || has(o, 'scope_spans')) return 'otlp';
  if (has(o, 'data') && !has(o, 'resourceMetrics')) return 'jaeger';
  if (has(o, 'traceID') && (has(o, 'spans') || has(o, 'spanID'))) return 'jaeger';
  if (has(o, 'traceId') && has(o, 'id')) return 'zipkin';
  const context = o.context;
  if (isRecord(context) && has(context, 'trace_id')) return 'python';
  // Python log records share the console stream; that reader skips them.
  if (has(o, 'body') && (has(o, 'severity_number') || has(o, 'severity_text'))) return 'python';
  return undefined;
}

/** What a JSON value that no reader takes looks like, for the message. */
export function describeJson(value: unknown, depth = 0): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return 'an empty JSON array';
    // `[[[[…]]]]` thousands deep: say so once instead of recursing into it.
    if (depth >= 2) return 'more nested JSON arrays';
    return `a JSON array whose first element is ${describeJson(value[0], depth + 1)}`;
  }
  if (!isRecord(value)) return value === null ? 'JSON null' : `a JSON ${typeof value}`;
  const keys = Object.keys(value);
  if (keys.length === 0) return 'an empty JSON object';
  const known = knownOther(value);
  const list = keys.slice(0, 6).map((k) => `\`${k}\``).join(', ') + (keys.length > 6 ? ', …' : '');
  return `${known ?? 'a JSON object'} (keys ${list})`;
}

/** Shapes we recognise but do not read. */
function knownOther(o: Record<string, unknown>): string | undefined {
  if (has(o, 'resourceMetrics')) return 'OTLP metrics, not traces';
  if (has(o, 'resourceLogs')) return 'OTLP logs, not traces';
  if (isRecord(o.SpanContext) && has(o.SpanContext, 'TraceID')) return 'Go stdouttrace output (not supported yet; export OTLP JSON instead)';
  if (has(o, 'traceId') && has(o, 'spanId')) return 'a bare OTLP span without `resourceSpans`/`scopeSpans` around it';
  if (has(o, 'trace_id') && has(o, 'span_id')) return 'a log record or span with top-level `trace_id`, not a known trace format';
  return undefined;
}

/** What a text that is not JSON looks like, when we can tell. */
export function describeText(text: string): string | undefined {
  const head = text.slice(0, 4096);
  // Control characters other than tab, CR, LF (NUL padding, a binary format that happens to be
  // valid UTF-8): not a text format at all.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000e-\u001f]/.test(head.slice(0, 1024))) return 'binary data, not text (protobuf, an archive or an image?)';
  if (/Activity\.TraceId:/.test(head)) return '.NET console exporter text (not JSON; export OTLP JSON instead)';
  if (/^\s*[{[]/.test(head) && /\btraceId:\s*'/.test(head)) {
    return 'OpenTelemetry JS ConsoleSpanExporter output (Node util.inspect text, not JSON; export OTLP JSON instead)';
  }
  if (/^\s*<(?:\?xml|!doctype|html)/i.test(head)) return 'XML or HTML, not JSON';
  if (/^\s*[{[]/.test(head)) {
    const format = formatInText(head);
    return format === undefined ? 'broken JSON' : `broken ${format}`;
  }
  return undefined;
}

/** The format named by the keys near the start of a text that did not parse. */
function formatInText(head: string): string | undefined {
  if (/"tracelinks"\s*:\s*"snapshot"/.test(head)) return 'tracelinks snapshot';
  if (/"(?:resourceSpans|resource_spans)"\s*:/.test(head)) return 'OTLP JSON';
  if (/"batches"\s*:/.test(head)) return 'Tempo JSON';
  if (/"(?:traceID|spanID)"\s*:/.test(head)) return 'Jaeger JSON';
  if (/"context"\s*:\s*\{\s*"trace_id"/.test(head)) return 'Python console exporter output';
  if (/"traceId"\s*:/.test(head) && /"id"\s*:/.test(head)) return 'Zipkin JSON';
  return undefined;
}
