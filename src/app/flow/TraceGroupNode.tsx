import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { traceNoteTarget } from '../../core/share/types';
import { useTraceStore } from '../store/trace-store';
import type { TraceBoxNode } from './flow-types';
import { NoteBadge } from './NoteBadge';

/** A trace box: title bar with the root span's name, its service and the short trace id. */
export const TraceGroupNode = memo(function TraceGroupNode({ data }: NodeProps<TraceBoxNode>) {
  const note = useTraceStore((s) => s.review.notes.get(traceNoteTarget(data.traceId)));
  const cls = `trace-box${data.placeholder ? ' is-placeholder' : ''}${data.problem ? ' has-problem' : ''}`;
  return (
    <div className={cls} data-testid="trace-box" data-trace-id={data.traceId}>
      <div className="trace-box__title" title={`${data.title} · ${data.service} · trace ${data.traceId}`}>
        <span className="trace-box__name">{data.title}</span>
        {data.service ? <span className="trace-box__service">{data.service}</span> : null}
        <span className="trace-box__id">{data.shortId}</span>
      </div>
      {note ? <NoteBadge text={note} /> : null}
    </div>
  );
});
