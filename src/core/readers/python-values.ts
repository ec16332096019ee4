/** Value formats of Python's `span.to_json()`: ISO-8601 times and the `TraceState` repr. */

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * `2025-12-18T00:06:19.658928Z` -> µs since the epoch, exactly (Date.parse keeps only ms).
 * No zone is read as UTC, which is what the SDK writes. Anything else -> undefined.
 * @example isoToMicros('1970-01-01T00:00:01.000002Z') === 1000002
 */
export function isoToMicros(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = ISO.exec(value.trim());
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  // Date.UTC rolls month 13 over into next year; a time that is out of range is not a time.
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) {
    return undefined;
  }
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (!Number.isFinite(ms)) return undefined;
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
  }
  const micros = frac === undefined ? 0 : Number(frac.padEnd(9, '0')) / 1000;
  return ms * 1000 + micros;
}

/**
 * Python prints `TraceState` with its repr: `[]` when empty, `['{key=k, value=v}', …]`
 * otherwise (`{}` in old releases). Returns the W3C header form `k=v,…`, or undefined when empty.
 * A string that already looks like a W3C header is kept.
 */
export function traceStateFromRepr(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '' || text === '[]' || text === '{}') return undefined;
  const pairs: string[] = [];
  const re = /\{key=([^,}]*), value=([^}]*)\}/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) pairs.push(`${m[1]}=${m[2]}`);
  if (pairs.length > 0) return pairs.join(',');
  return text.startsWith('[') || text.startsWith('{') ? undefined : text;
}
