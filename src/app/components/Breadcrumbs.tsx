import type { LinkGraph, SpanKey } from '../../core';
import { selectTrail } from '../store/selectors';
import { useTraceStore } from '../store/trace-store';

function nameOf(graph: LinkGraph, key: SpanKey): string {
  const span = graph.spans.get(key);
  return span ? span.name || '(unnamed)' : 'not loaded';
}

/** The way back after following links: each crumb returns to that span. */
export function Breadcrumbs({ graph, current }: { graph: LinkGraph; current: SpanKey }) {
  const trail = useTraceStore(selectTrail);
  const backTo = useTraceStore((s) => s.backTo);
  if (trail.length === 0) return null;
  return (
    <nav className="crumbs" aria-label="Links followed" data-testid="breadcrumbs">
      {trail.map((key, i) => (
        <span key={`${key}-${i}`} className="crumbs__item">
          <button type="button" className="btn btn--link" onClick={() => backTo(i)} data-testid="breadcrumb" title={key}>
            {nameOf(graph, key)}
          </button>
          <span className="crumbs__sep" aria-hidden="true">›</span>
        </span>
      ))}
      <span className="crumbs__current" title={current}>
        {nameOf(graph, current)}
      </span>
    </nav>
  );
}
