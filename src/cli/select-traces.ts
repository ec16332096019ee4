import type { LinkGraph } from '../core/graph/types';
import type { TraceId } from '../core/ids';
import { CliError } from './cli-error';

/**
 * The loaded traces that `mermaid --trace` names. Each query is a trace id or the start of one
 * (the UI and `check` show 8 characters), in any case, with or without `0x`; a 16-character id
 * also matches its zero-padded 32-character form (64-bit Jaeger/Zipkin ids). A query may match
 * several traces; one that matches none is an error naming it.
 */
export function selectTraces(graph: LinkGraph, queries: readonly string[]): TraceId[] {
  const loaded = [...graph.traces.values()].filter((t) => !t.placeholder).map((t) => t.traceId);
  const chosen = new Set<TraceId>();
  for (const query of queries) {
    const q = query.trim().toLowerCase().replace(/^0x/, '');
    const padded = q.length === 16 ? q.padStart(32, '0') : undefined;
    const hits = loaded.filter((id) => id.startsWith(q) || id === padded);
    if (hits.length === 0) throw new CliError(`--trace ${query}: no loaded trace has that id`);
    for (const id of hits) chosen.add(id);
  }
  return [...chosen];
}
