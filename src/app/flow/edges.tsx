import type { EdgeProps } from '@xyflow/react';
import { BaseEdge, EdgeLabelRenderer, getBezierPath, getSmoothStepPath } from '@xyflow/react';
import { memo } from 'react';
import { overviewEdgeLabel } from '../../core/share/scene';
import type { LinkFlowEdge, ParentFlowEdge, TraceLinkFlowEdge } from './flow-types';
import { useTraceStore } from '../store/trace-store';
import { edgeMark } from './node-marks';
import { linkStatusLabel, traceLinkWidth } from './flow-parts';
import { useLongLink, usePlainEdges } from './use-zoomed-out';

/** Arrowhead markers, defined once in FlowCanvas. */
export const MARKER_OK = 'tl-arrow-ok';
export const MARKER_BROKEN = 'tl-arrow-broken';
export const MARKER_PARENT = 'tl-arrow-parent';

/** Parent -> child: solid, orthogonal, muted. */
export const ParentEdge = memo(function ParentEdge(props: EdgeProps<ParentFlowEdge>) {
  const [path] = getSmoothStepPath({ ...props, borderRadius: 6 });
  const mark = useTraceStore((s) => edgeMark(s, props.id));
  const plain = usePlainEdges();
  return (
    <BaseEdge
      path={path}
      className={`parent-edge${mark ? ` is-${mark}` : ''}`}
      data-edge-kind="parent"
      data-mark={mark || undefined}
      markerEnd={plain ? undefined : `url(#${MARKER_PARENT})`}
    />
  );
});

const MAX_LABEL = 48;

/**
 * Linked span -> span holding the link: dashed, arrowed, labelled with the link's attributes; red
 * when broken. Zoomed out on a large graph (usePlainEdges) it is drawn plain: solid, no label, no arrowhead;
 * on a large graph a long one is solid (useLongLink: long dashed paths are what costs to draw).
 */
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
  const mark = useTraceStore((s) => edgeMark(s, props.id));
  const plain = usePlainEdges();
  const long = useLongLink(props.sourceX, props.sourceY, props.targetX, props.targetY);
  const cls = `link-edge${broken ? ' is-broken' : ''}${active ? ' is-active' : ''}${mark ? ` is-${mark}` : ''}${plain ? ' is-plain' : ''}${long ? ' is-long' : ''}`;
  return (
    <>
      <BaseEdge
        path={path}
        className={cls}
        data-edge-kind="link"
        data-status={status}
        data-mark={mark || undefined}
        data-plain={plain || undefined}
        data-long={long || undefined}
        markerEnd={plain ? undefined : `url(#${broken ? MARKER_BROKEN : MARKER_OK})`}
        interactionWidth={plain ? 0 : 12}
      />
      {shown && !plain ? (
        <EdgeLabelRenderer>
          <div
            className={`edge-label${broken ? ' is-broken' : ''}${active ? ' is-active' : ''}${mark ? ` is-${mark}` : ''}`}
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

/**
 * Links between two traces of a small trace-level view: dashed, arrowed, labelled with their
 * count; red when some are broken. A large trace level draws its links on one canvas instead
 * (DenseLinkCanvas), so this edge is never plain.
 */
export const TraceLinkEdge = memo(function TraceLinkEdge(props: EdgeProps<TraceLinkFlowEdge>) {
  const [path, labelX, labelY] = getBezierPath(props);
  const count = props.data?.count ?? 0;
  const broken = props.data?.broken ?? 0;
  return (
    <>
      <BaseEdge
        path={path}
        className={`link-edge${broken > 0 ? ' is-broken' : ''}`}
        data-edge-kind="trace-link"
        data-count={count}
        data-broken={broken}
        markerEnd={`url(#${broken > 0 ? MARKER_BROKEN : MARKER_OK})`}
        style={{ strokeWidth: traceLinkWidth(count) }}
        interactionWidth={20}
      />
      <EdgeLabelRenderer>
        <div
          className={`edge-label${broken > 0 ? ' is-broken' : ''}`}
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          data-testid="trace-link-label"
        >
          {/* The same words as the exports (core/share/scene.ts). */}
          {overviewEdgeLabel(count, broken)}
        </div>
      </EdgeLabelRenderer>
    </>
  );
});
