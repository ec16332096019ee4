/** Text formatting shared by the graph and the panels. */

/** A duration in microseconds as people read it (the core's, so the exports say the same). */
export { formatDurationUs as formatDuration } from '../../core/format';

/** A time in microseconds since the epoch, as ISO 8601 with microseconds (UTC). */
export function formatTime(us: number | undefined): string {
  if (us === undefined || !Number.isFinite(us)) return '—';
  const ms = Math.floor(us / 1000);
  const iso = new Date(ms).toISOString();
  const micros = String(Math.floor(us % 1000)).padStart(3, '0');
  return `${iso.slice(0, -1)}${micros}Z`;
}
