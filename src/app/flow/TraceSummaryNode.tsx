import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { traceNoteTarget } from '../../core/share/types';
import { useTraceStore } from '../store/trace-store';
import type { TraceSummaryNode as TraceSummaryFlowNode } from './flow-types';
import { NodeHandles } from './NodeHandles';
import { NoteBadge } from './NoteBadge';
import { useDenseEdges } from './use-zoomed-out';

/**
 * A whole trace in the trace-level view: root span, service, counts. Clicking opens it. A stack
 * of alike traces (same root span, service and linked traces) says how many it holds; clicking
 * it shows them one by one.
 */
export const TraceSummaryNode = memo(function TraceSummaryNode({ data }: NodeProps<TraceSummaryFlowNode>) {
  const note = useTraceStore((s) => s.review.notes.get(traceNoteTarget(data.traceId)));
  const dense = useDenseEdges();
  const stack = data.stackSize;
  const cls = `trace-summary${data.placeholder ? ' is-placeholder' : ''}${data.problemCount > 0 ? ' has-problem' : ''}${stack === undefined ? '' : ' is-stack'}`;
  const what = `${data.title} · ${data.service || '(no service)'}`;
  const title =
    stack === undefined
      ? `${what} · trace ${data.traceId}\nClick to open its spans`
      : `${stack.toLocaleString('en-US')} alike traces: ${what}, linked to the same traces\nClick to show them one by one`;
  return (
    <div
      className={cls}
      data-testid="trace-summary"
      data-trace-id={data.traceId}
      data-stack-size={stack}
      style={{ '--service': data.colour } as React.CSSProperties}
      title={title}
    >
      {/* A dense trace level draws its links on the canvas from the node's handle data: no DOM handles. */}
      {dense ? null : <NodeHandles only={data.handleIds} />}
      <div className="trace-summary__head">
        <span className="trace-summary__name">{data.title || '(unnamed)'}</span>
        {stack === undefined ? (
          <span className="trace-box__id">{data.shortId}</span>
        ) : (
          <span className="badge trace-summary__stack" data-testid="stack-size">
            {stack.toLocaleString('en-US')} traces
          </span>
        )}
      </div>
      <div className="trace-summary__service">{data.placeholder ? 'not loaded' : data.service || '(no service)'}</div>
      <div className="trace-summary__counts">
        {data.placeholder ? null : <span>{data.spanCount.toLocaleString('en-US')} {data.spanCount === 1 ? 'span' : 'spans'}</span>}
        {data.problemCount > 0 ? (
          <span className="badge badge--error" data-testid="trace-problems">
            {data.problemCount} {data.problemCount === 1 ? 'problem' : 'problems'}
          </span>
        ) : null}
      </div>
      {note ? <NoteBadge text={note} /> : null}
    </div>
  );
});
