import { orphanRows } from './graph/build-graph';
import type { LinkGraph, Summary } from './graph/types';
import type { SpanSet } from './model/merge';

/**
 * The counts of DIAGNOSTICS.md "Counts", from the graph (link statuses, orphans) and the set (spans).
 * `graph` must be built from `set`.
 * `brokenLinks` is the sum of its three parts by construction; a self-link is `ok`.
 * @example summarise(graph, set).brokenLinks
 */
export function summarise(graph: LinkGraph, set: SpanSet): Summary {
  let traces = 0;
  // forEach and indexed loops: no iterator objects over 100k items.
  graph.traces.forEach((t) => {
    if (!t.placeholder) traces++;
  });

  // The table summed `droppedLinksCount` as it merged the spans.
  const droppedLinks = set.spans.droppedLinks;

  let invalidContext = 0;
  let missingTrace = 0;
  let missingSpan = 0;
  const edges = graph.linkEdges;
  for (let i = 0; i < edges.length; i++) {
    const edge = edges[i]!;
    if (edge.status === 'invalid-context') invalidContext++;
    else if (edge.status === 'missing-trace') missingTrace++;
    else if (edge.status === 'missing-span') missingSpan++;
  }

  return {
    traces,
    spans: set.spans.size,
    links: graph.linkEdges.length,
    brokenLinks: invalidContext + missingTrace + missingSpan,
    invalidContext,
    missingTrace,
    missingSpan,
    missingParent: orphanRows(graph, set.spans).length,
    droppedLinks,
  };
}
