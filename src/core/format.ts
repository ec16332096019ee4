/** Text the app and the exports both show for times and ids. */
import { rawTraceId } from './graph/build-graph';
import { shortId, type TraceId } from './ids';

/** A duration in microseconds as people read it: 850µs, 12.3ms, 4.05s, 2m 3s. */
export function formatDurationUs(us: number | undefined): string {
  if (us === undefined || !Number.isFinite(us)) return '';
  const trim = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
  if (us < 1000) return `${Math.round(us)}µs`;
  if (us < 1_000_000) return `${trim(us / 1000)}ms`;
  if (us < 60_000_000) return `${trim(us / 1_000_000)}s`;
  const s = Math.round(us / 1_000_000);
  return `${Math.floor(s / 60)}m ${s % 60}s`;
}

/**
 * The short trace id of a title bar: the first 8 characters, except for 64-bit ids (Jaeger,
 * Zipkin) padded to 32 with 16 zeros, where the first 8 would read 00000000 for every trace.
 */
export function displayTraceId(traceId: string): string {
  const raw = rawTraceId(traceId as TraceId);
  const id = raw.length === 32 && raw.startsWith('0000000000000000') ? shortId(raw.slice(16)) : shortId(raw);
  return id || '(empty)';
}
