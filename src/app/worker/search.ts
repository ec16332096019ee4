/**
 * Search over the worker's whole model: the same match as the main thread's marks
 * (store/derived.ts searchMatches: a case-insensitive substring of the span name or service,
 * or of the trace or span id), answered with a count and the first hits, so the main thread
 * never needs every span to search them. The lower-cased text is built once per model.
 */
import { forEachBrief, type LinkGraph, type SpanKey, type TraceId } from '../../core';
import type { SearchAnswer, SearchHit } from './protocol';

interface SearchIndex {
  readonly keys: SpanKey[];
  readonly traceIds: TraceId[];
  /** `name \n service \n traceId \n spanId`, lower case: one `includes` per row. */
  readonly text: string[];
  readonly names: string[];
  readonly services: string[];
  /** Rows from here on are placeholders (ids only). */
  readonly placeholdersFrom: number;
}

const indexes = new WeakMap<LinkGraph, SearchIndex>();

function indexOf(graph: LinkGraph): SearchIndex {
  let index = indexes.get(graph);
  if (index !== undefined) return index;
  const keys: SpanKey[] = [];
  const traceIds: TraceId[] = [];
  const text: string[] = [];
  const names: string[] = [];
  const services: string[] = [];
  // From the table's columns: the first search at 100k spans makes no span object.
  forEachBrief(graph, (span, key) => {
    keys.push(key);
    traceIds.push(span.traceId);
    names.push(span.name);
    services.push(span.service);
    text.push(`${span.name.toLowerCase()}\n${span.service.toLowerCase()}\n${span.traceId}\n${span.spanId}`);
  });
  const placeholdersFrom = keys.length;
  graph.placeholders.forEach((p, key) => {
    keys.push(key);
    traceIds.push(p.traceId);
    names.push('');
    services.push('');
    text.push(`\n\n${p.traceId}\n${p.spanId}`);
  });
  index = { keys, traceIds, text, names, services, placeholdersFrom };
  indexes.set(graph, index);
  return index;
}

/**
 * Every span and placeholder matching `query` counted, the first `limit` returned in load order
 * (spans, then placeholders). A match never spans two fields: the query has no newline (a
 * newline in it matches nothing, as in the main thread's search).
 */
export function searchGraph(graph: LinkGraph, query: string, limit: number): SearchAnswer {
  const q = query.trim().toLowerCase();
  if (q === '' || q.includes('\n')) return { query, total: 0, hits: [] };
  const index = indexOf(graph);
  const hits: SearchHit[] = [];
  let total = 0;
  const { text, placeholdersFrom } = index;
  for (let i = 0; i < text.length; i++) {
    const row = text[i]!;
    if (!row.includes(q)) continue;
    // Placeholder rows hold ids only; their empty name and service fields cannot match.
    total++;
    if (hits.length < limit) {
      hits.push({ key: index.keys[i]!, traceId: index.traceIds[i]!, service: index.services[i]!, name: index.names[i]!, placeholder: i >= placeholdersFrom });
    }
  }
  return { query, total, hits };
}
