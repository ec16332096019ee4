/** Node and edge types at module scope: a new object per render would remount every node (xyflow error002). */
import type { EdgeTypes, NodeTypes } from '@xyflow/react';
import { LinkEdge, ParentEdge } from './edges';
import { PlaceholderNode } from './PlaceholderNode';
import { SpanNode } from './SpanNode';
import { TraceGroupNode } from './TraceGroupNode';

export const nodeTypes: NodeTypes = { trace: TraceGroupNode, span: SpanNode, placeholder: PlaceholderNode };
export const edgeTypes: EdgeTypes = { link: LinkEdge, parent: ParentEdge };
