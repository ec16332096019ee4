import type { LinkEdge, LinkGraph, SpanKey } from '../../core';
import { formatAttrValue, rawTraceId, shortId } from '../../core';
import { useTraceStore } from '../store/trace-store';

const STATUS_TEXT = {
  ok: 'ok',
  'invalid-context': 'invalid context',
  'missing-trace': 'missing trace',
  'missing-span': 'missing span',
} as const;

/** A span or placeholder named for a list: service and name, or its ids when not loaded. */
function describe(graph: LinkGraph, key: SpanKey): { title: string; sub: string } {
  const span = graph.spans.get(key);
  if (span) return { title: span.name || '(unnamed)', sub: `${span.service || '(no service)'} · ${shortId(span.traceId)}/${span.spanId}` };
  const p = graph.placeholders.get(key);
  if (p) return { title: 'not loaded', sub: `${shortId(rawTraceId(p.traceId)) || '(empty)'}/${p.spanId || '(empty)'}` };
  return { title: key, sub: '' };
}

/**
 * Links of the selected span (`direction: 'out'`, to their targets) or backlinks (`'in'`, from
 * the spans that hold them). A click follows the link; hovering highlights the other end.
 */
export function LinkList({ edges, graph, direction }: { edges: readonly LinkEdge[]; graph: LinkGraph; direction: 'out' | 'in' }) {
  const followLink = useTraceStore((s) => s.followLink);
  const hover = useTraceStore((s) => s.hover);
  if (edges.length === 0) return <p className="muted">none</p>;
  return (
    <ul className="link-list">
      {edges.map((e) => {
        const other = direction === 'out' ? e.from : e.to;
        const { title, sub } = describe(graph, other);
        return (
          <li key={e.id}>
            <button
              type="button"
              className={`link-item${e.status === 'ok' ? '' : ' is-broken'}`}
              data-testid={direction === 'out' ? 'span-link' : 'backlink'}
              data-target={other}
              data-status={e.status}
              onClick={() => followLink(other)}
              onMouseEnter={() => hover(other)}
              onMouseLeave={() => hover(null)}
              onFocus={() => hover(other)}
              onBlur={() => hover(null)}
            >
              <span className="link-item__head">
                <span className="link-item__arrow" aria-hidden="true">
                  {direction === 'out' ? '→' : '←'}
                </span>
                <span className="link-item__title">{title}</span>
                <span className={`badge ${e.status === 'ok' ? 'badge--ok' : 'badge--error'}`}>{STATUS_TEXT[e.status]}</span>
              </span>
              <span className="link-item__sub">{sub}</span>
              {e.attributes.length > 0 ? (
                <span className="link-item__attrs">
                  {e.attributes.map((a) => `${a.key}: ${formatAttrValue(a.value)}`).join(' · ')}
                </span>
              ) : null}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
