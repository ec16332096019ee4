import type { Span } from './span';

/** Deep equality of plain data (attribute values, links, events): arrays by item, objects by key. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    // NaN is the one value not equal to itself; two NaNs are the same content.
    return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  let count = 0;
  for (const k in ra) {
    if (ra[k] === undefined) continue;
    count++;
    if (!sameValue(ra[k], rb[k])) return false;
  }
  for (const k in rb) if (rb[k] !== undefined) count--;
  return count === 0;
}

/**
 * Same content, ignoring `source` (DIAGNOSTICS.md: the same span loaded twice is kept once).
 * Cheap fields first: a real id collision almost always differs there, so the deep comparison
 * only runs in full for true copies (the same file twice, overlapping exports). Attribute order
 * counts: a reader keeps the file's order.
 */
export function sameSpan(a: Span, b: Span): boolean {
  if (a === b) return true;
  if (
    a.name !== b.name ||
    a.service !== b.service ||
    a.kind !== b.kind ||
    a.parentSpanId !== b.parentSpanId ||
    a.startUs !== b.startUs ||
    a.durationUs !== b.durationUs ||
    a.status !== b.status ||
    a.droppedLinksCount !== b.droppedLinksCount ||
    a.links.length !== b.links.length ||
    a.attributes.length !== b.attributes.length ||
    a.resource.length !== b.resource.length ||
    a.events.length !== b.events.length
  ) {
    return false;
  }
  return (
    a.traceId === b.traceId &&
    a.spanId === b.spanId &&
    a.validId === b.validId &&
    a.statusMessage === b.statusMessage &&
    a.scope === b.scope &&
    sameValue(a.attributes, b.attributes) &&
    sameValue(a.resource, b.resource) &&
    sameValue(a.links, b.links) &&
    sameValue(a.events, b.events)
  );
}
