import type { EdgeProps } from '@xyflow/react';
import { BaseEdge, EdgeLabelRenderer, getBezierPath, getSmoothStepPath } from '@xyflow/react';
import { memo } from 'react';
import type { LinkFlowEdge, ParentFlowEdge } from './flow-types';
import { useTraceStore } from '../store/trace-store';
import { linkStatusLabel } from './to-flow';

/** Arrowhead markers, defined once in FlowCanvas. */
export const MARKER_OK = 'tl-arrow-ok';
export const MARKER_BROKEN = 'tl-arrow-broken';
export const MARKER_PARENT = 'tl-arrow-parent';

/** Parent -> child: solid, orthogonal, muted. */
export const ParentEdge = memo(function ParentEdge(props: EdgeProps<ParentFlowEdge>) {
  const [path] = getSmoothStepPath({ ...props, borderRadius: 6 });
  return <BaseEdge path={path} className="parent-edge" data-edge-kind="parent" markerEnd={`url(#${MARKER_PARENT})`} />;
});

const MAX_LABEL = 48;

/** Linked span -> span holding the link: dashed, arrowed, labelled with the link's attributes; red when broken. */
export const LinkEdge = memo(function LinkEdge(props: EdgeProps<LinkFlowEdge>) {
  const [path, labelX, labelY] = getBezierPath(props);
  const status = props.data?.status ?? 'ok';
  const broken = status !== 'ok';
  const attrs = props.data?.label ?? '';
  const text = broken ? (attrs ? `${linkStatusLabel(status)} · ${attrs}` : linkStatusLabel(status)) : attrs;
  // Broken links say what is wrong; the others show their first attribute. Hover shows all.
  const label = broken ? linkStatusLabel(status) : (props.data?.short ?? '');
  const shown = label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1)}…` : label;
  // Links of the selected span stand out (one boolean per edge: only those edges re-render).
  const active = useTraceStore((s) => s.selection.selected === props.source || s.selection.selected === props.target);
  const cls = `link-edge${broken ? ' is-broken' : ''}${active ? ' is-active' : ''}`;
  return (
    <>
      <BaseEdge
        path={path}
        className={cls}
        data-edge-kind="link"
        data-status={status}
        markerEnd={`url(#${broken ? MARKER_BROKEN : MARKER_OK})`}
        interactionWidth={12}
      />
      {shown ? (
        <EdgeLabelRenderer>
          <div
            className={`edge-label${broken ? ' is-broken' : ''}${active ? ' is-active' : ''}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            title={text}
            data-testid="link-label"
          >
            {shown}
          </div>
        </EdgeLabelRenderer>
      ) : null}
    </>
  );
});
