/** Text formatting shared by the graph and the panels. */

/** A duration in microseconds as people read it: 850µs, 12.3ms, 4.05s, 2m 3s. */
export function formatDuration(us: number | undefined): string {
  if (us === undefined || !Number.isFinite(us)) return '';
  if (us < 1000) return `${Math.round(us)}µs`;
  if (us < 1_000_000) return `${trim(us / 1000)}ms`;
  if (us < 60_000_000) return `${trim(us / 1_000_000)}s`;
  const s = Math.round(us / 1_000_000);
  return `${Math.floor(s / 60)}m ${s % 60}s`;
}

function trim(n: number): string {
  return n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2);
}

/** A time in microseconds since the epoch, as ISO 8601 with microseconds (UTC). */
export function formatTime(us: number | undefined): string {
  if (us === undefined || !Number.isFinite(us)) return '—';
  const ms = Math.floor(us / 1000);
  const iso = new Date(ms).toISOString();
  const micros = String(Math.floor(us % 1000)).padStart(3, '0');
  return `${iso.slice(0, -1)}${micros}Z`;
}
