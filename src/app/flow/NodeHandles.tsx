import { Handle, Position } from '@xyflow/react';
import { memo } from 'react';
import { SIDE_POSITION } from './to-flow';

/**
 * Invisible handles on all four sides (`s-*` sources, `t-*` targets): to-flow picks the pair
 * that faces the other node. Nodes are not connectable; these only anchor edges. `only`: just
 * these handles (a trace-level node renders the ones its edges use).
 */
export const NodeHandles = memo(function NodeHandles({ only }: { only?: readonly string[] }) {
  if (only !== undefined) {
    return (
      <>
        {only.map((id) => (
          <Handle key={id} type={id.startsWith('s-') ? 'source' : 'target'} id={id} position={SIDE_POSITION[id.slice(2)] ?? Position.Right} isConnectable={false} className="handle" />
        ))}
      </>
    );
  }
  return (
    <>
      <Handle type="target" id="t-l" position={Position.Left} isConnectable={false} className="handle" />
      <Handle type="target" id="t-r" position={Position.Right} isConnectable={false} className="handle" />
      <Handle type="target" id="t-t" position={Position.Top} isConnectable={false} className="handle" />
      <Handle type="target" id="t-b" position={Position.Bottom} isConnectable={false} className="handle" />
      <Handle type="source" id="s-l" position={Position.Left} isConnectable={false} className="handle" />
      <Handle type="source" id="s-r" position={Position.Right} isConnectable={false} className="handle" />
      <Handle type="source" id="s-t" position={Position.Top} isConnectable={false} className="handle" />
      <Handle type="source" id="s-b" position={Position.Bottom} isConnectable={false} className="handle" />
    </>
  );
});
