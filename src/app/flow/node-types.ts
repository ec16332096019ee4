/** Node and edge types at module scope: a new object per render would remount every node (xyflow error002). */
import type { EdgeTypes, NodeTypes } from '@xyflow/react';
import { LinkEdge, ParentEdge, TraceLinkEdge } from './edges';
import { HiddenSpansNode } from './HiddenSpansNode';
import { PlaceholderNode } from './PlaceholderNode';
import { SpanNode } from './SpanNode';
import { TraceGroupNode } from './TraceGroupNode';
import { TraceSummaryNode } from './TraceSummaryNode';

export const nodeTypes: NodeTypes = { trace: TraceGroupNode, span: SpanNode, placeholder: PlaceholderNode, traceSummary: TraceSummaryNode, hidden: HiddenSpansNode };
export const edgeTypes: EdgeTypes = { link: LinkEdge, parent: ParentEdge, traceLink: TraceLinkEdge };
