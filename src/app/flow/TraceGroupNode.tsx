import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { TraceBoxNode } from './flow-types';

/** A trace box: title bar with the root span's name, its service and the short trace id. */
export const TraceGroupNode = memo(function TraceGroupNode({ data }: NodeProps<TraceBoxNode>) {
  const cls = `trace-box${data.placeholder ? ' is-placeholder' : ''}${data.problem ? ' has-problem' : ''}`;
  return (
    <div className={cls} data-testid="trace-box" data-trace-id={data.traceId}>
      <div className="trace-box__title" title={`${data.title} · ${data.service} · trace ${data.traceId}`}>
        <span className="trace-box__name">{data.title}</span>
        {data.service ? <span className="trace-box__service">{data.service}</span> : null}
        <span className="trace-box__id">{data.shortId}</span>
      </div>
    </div>
  );
});
