import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useTraceStore } from '../store/trace-store';
import type { PlaceholderFlowNode } from './flow-types';
import { NodeHandles } from './NodeHandles';
import { nodeMark } from './node-marks';
import { NoteBadge } from './NoteBadge';
import { linkStatusLabel } from './flow-parts';

/** A link target that is not loaded (or whose ids are malformed): red, dashed outline. */
export const PlaceholderNode = memo(function PlaceholderNode({ data }: NodeProps<PlaceholderFlowNode>) {
  const mark = useTraceStore((s) => nodeMark(s, data.key));
  const note = useTraceStore((s) => s.review.notes.get(data.key));
  return (
    <div
      className={`placeholder-node${mark ? ` is-${mark}` : ''}`}
      data-testid="missing-node"
      data-key={data.key}
      data-reason={data.reason}
      data-mark={mark || undefined}
      title={`Not loaded: ${data.key}`}
    >
      <NodeHandles />
      <div className="placeholder-node__title">{linkStatusLabel(data.reason)}</div>
      <div className="placeholder-node__id">span {data.spanId || '(empty)'}</div>
      {note ? <NoteBadge text={note} /> : null}
    </div>
  );
});
