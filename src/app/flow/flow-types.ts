/** The React Flow node and edge shapes this app draws. Data types are aliases (React Flow wants records). */
import type { Edge, Node } from '@xyflow/react';
import type { LinkStatus, SpanKey, StatusCode, TraceId } from '../../core';
import type { CollapseLevel } from '../../core/layout/collapse';

export type TraceBoxData = {
  traceId: TraceId;
  /** Root span name, or "missing trace" for a placeholder box. */
  title: string;
  service: string;
  shortId: string;
  placeholder: boolean;
  spanCount: number;
  problem: boolean;
  /** Set when the trace is drawn collapsed: how far, and how many of its spans are drawn. */
  collapse: { level: CollapseLevel; shown: number; total: number } | null;
  /** The user expanded this large trace (it can be collapsed again). */
  expanded: boolean;
};

/** "N hidden spans": what a collapsed trace does not draw under one span (or at its top). */
export type HiddenSpansData = {
  traceId: TraceId;
  count: number;
};

export type SpanNodeData = {
  key: SpanKey;
  name: string;
  service: string;
  colour: string;
  /** Microseconds, undefined when unknown: SpanNode writes it when it is drawn. */
  durationUs: number | undefined;
  status: StatusCode;
  kind: string;
};

export type PlaceholderNodeData = {
  key: SpanKey;
  spanId: string;
  reason: Exclude<LinkStatus, 'ok'>;
};

/** A whole trace as one node of the trace-level view. */
export type TraceSummaryData = {
  traceId: TraceId;
  title: string;
  service: string;
  shortId: string;
  placeholder: boolean;
  spanCount: number;
  problemCount: number;
  /** A stack of alike traces: how many (its counts are their sums). */
  stackSize?: number;
  colour: string;
  /** The handles its edges use (`s-r`, `t-l`, …): only those are rendered (NodeHandles). */
  handleIds: readonly string[];
};

export type TraceBoxNode = Node<TraceBoxData, 'trace'>;
export type TraceSummaryNode = Node<TraceSummaryData, 'traceSummary'>;
export type SpanFlowNode = Node<SpanNodeData, 'span'>;
export type PlaceholderFlowNode = Node<PlaceholderNodeData, 'placeholder'>;
export type HiddenSpansNode = Node<HiddenSpansData, 'hidden'>;
export type AppNode = TraceBoxNode | SpanFlowNode | PlaceholderFlowNode | TraceSummaryNode | HiddenSpansNode;

export type LinkEdgeData = {
  status: LinkStatus;
  /** Link attributes as `key: value` text, '' when none. */
  label: string;
  /** What the edge shows: the first attribute, `+N` for the others; '' when none. */
  short: string;
};
export type ParentEdgeData = Record<string, never>;
/** Links between two traces of the trace-level view, aggregated. */
export type TraceLinkEdgeData = { count: number; broken: number };

export type LinkFlowEdge = Edge<LinkEdgeData, 'link'>;
export type ParentFlowEdge = Edge<ParentEdgeData, 'parent'>;
export type TraceLinkFlowEdge = Edge<TraceLinkEdgeData, 'traceLink'>;
export type AppEdge = LinkFlowEdge | ParentFlowEdge | TraceLinkFlowEdge;
