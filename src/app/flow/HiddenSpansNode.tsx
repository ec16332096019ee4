import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useTraceStore } from '../store/trace-store';
import type { TraceStore } from '../store/types';
import type { HiddenSpansNode as HiddenSpansFlowNode } from './flow-types';
import { NodeHandles } from './NodeHandles';

const selectSetExpanded = (s: TraceStore) => s.setTraceExpanded;

/** "N hidden spans" in a collapsed trace: the spans under one drawn span that are not drawn. Clicking expands the trace. */
export const HiddenSpansNode = memo(function HiddenSpansNode({ data }: NodeProps<HiddenSpansFlowNode>) {
  const setExpanded = useTraceStore(selectSetExpanded);
  const label = `${data.count.toLocaleString('en-US')} hidden ${data.count === 1 ? 'span' : 'spans'}`;
  return (
    <div className="hidden-spans" data-testid="hidden-spans" data-count={data.count}>
      <NodeHandles />
      <button
        type="button"
        className="hidden-spans__button nodrag nopan"
        title={`${label}: this large trace is drawn collapsed to its spans with links or problems. Click to show all its spans.`}
        onClick={(e) => {
          e.stopPropagation();
          setExpanded(data.traceId, true);
        }}
      >
        <span className="hidden-spans__count">+ {label}</span>
        <span className="hidden-spans__hint">show all</span>
      </button>
    </div>
  );
});
