import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { traceNoteTarget } from '../../core/share/types';
import { useTraceStore } from '../store/trace-store';
import type { TraceStore } from '../store/types';
import type { TraceBoxNode } from './flow-types';
import { NoteBadge } from './NoteBadge';

const selectSetExpanded = (s: TraceStore) => s.setTraceExpanded;
const count = (n: number) => n.toLocaleString('en-US');

/** What a collapsed box draws, in words (the button's tooltip). */
function collapsedTitle(c: NonNullable<TraceBoxNode['data']['collapse']>): string {
  const what = c.level === 'problems' ? 'those with problems' : c.level === 'some' ? 'some of those with links or problems' : 'those with links or problems';
  const shown = c.level === 'box' ? 'none of its spans are drawn' : `${count(c.shown)} of its ${count(c.total)} spans are drawn (${what}, and their parents)`;
  return `This large trace is collapsed: ${shown}. Show all ${count(c.total)} spans.`;
}

/**
 * A trace box: title bar with the root span's name, its service and the short trace id; a large
 * trace drawn collapsed offers to show all its spans, and an expanded one to collapse again.
 */
export const TraceGroupNode = memo(function TraceGroupNode({ data }: NodeProps<TraceBoxNode>) {
  const note = useTraceStore((s) => s.review.notes.get(traceNoteTarget(data.traceId)));
  const setExpanded = useTraceStore(selectSetExpanded);
  const cls = `trace-box${data.placeholder ? ' is-placeholder' : ''}${data.problem ? ' has-problem' : ''}${data.collapse ? ' is-collapsed' : ''}`;
  const toggle = data.collapse !== null || data.expanded;
  return (
    <div className={cls} data-testid="trace-box" data-trace-id={data.traceId} data-collapsed={data.collapse?.level}>
      <div className="trace-box__title" title={`${data.title} · ${data.service} · trace ${data.traceId}`}>
        <span className="trace-box__name">{data.title}</span>
        {data.service ? <span className="trace-box__service">{data.service}</span> : null}
        {toggle ? (
          <button
            type="button"
            className="trace-box__toggle nodrag nopan"
            data-testid="trace-expand"
            data-expanded={data.expanded}
            title={data.collapse ? collapsedTitle(data.collapse) : 'Collapse this large trace to its spans with links or problems'}
            onClick={(e) => {
              e.stopPropagation();
              setExpanded(data.traceId, data.collapse !== null);
            }}
          >
            {data.collapse ? `Show all ${count(data.collapse.total)}` : 'Collapse'}
          </button>
        ) : null}
        <span className="trace-box__id">{data.shortId}</span>
      </div>
      {note ? <NoteBadge text={note} /> : null}
    </div>
  );
});
