import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useTraceStore } from '../store/trace-store';
import type { SpanFlowNode } from './flow-types';
import { NodeHandles } from './NodeHandles';
import { nodeMark } from './node-marks';
import { NoteBadge } from './NoteBadge';
import { formatDuration } from '../styles/format';

/** One span: name, service and duration, a bar in the service's colour, errors in red. */
export const SpanNode = memo(function SpanNode({ data }: NodeProps<SpanFlowNode>) {
  const mark = useTraceStore((s) => nodeMark(s, data.key));
  const note = useTraceStore((s) => s.review.notes.get(data.key));
  const error = data.status === 'error';
  const duration = formatDuration(data.durationUs);
  return (
    <div
      className={`span-node${error ? ' is-error' : ''}${mark ? ` is-${mark}` : ''}`}
      data-testid="span-node"
      data-key={data.key}
      data-mark={mark || undefined}
      style={{ '--service': data.colour } as React.CSSProperties}
      title={`${data.name}\n${data.service || '(no service)'} · ${data.kind}${duration ? ` · ${duration}` : ''}`}
    >
      <NodeHandles />
      <div className="span-node__name">{data.name || '(unnamed)'}</div>
      <div className="span-node__meta">
        <span className="span-node__service">{data.service || '(no service)'}</span>
        {error ? <span className="badge badge--error">error</span> : null}
        <span className="span-node__duration">{duration}</span>
      </div>
      {note ? <NoteBadge text={note} /> : null}
    </div>
  );
});
