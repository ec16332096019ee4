import { Handle, Position } from '@xyflow/react';
import { memo } from 'react';
import { SIDE_POSITION } from './flow-parts';

/**
 * Invisible handles on all four sides (`s-*` sources, `t-*` targets): to-flow picks the pair
 * that faces the other node. Nodes are not connectable; these only anchor edges. `only`: just
 * these handles (a trace-level node renders the ones its edges use).
 */
export const NodeHandles = memo(function NodeHandles({ only = ALL_HANDLES }: { only?: readonly string[] }) {
  return (
    <>
      {only.map((id) => (
        <Handle key={id} type={id.startsWith('s-') ? 'source' : 'target'} id={id} position={SIDE_POSITION[id.slice(2)] ?? Position.Right} isConnectable={false} className="handle" />
      ))}
    </>
  );
});

const ALL_HANDLES: readonly string[] = ['t-l', 't-r', 't-t', 't-b', 's-l', 's-r', 's-t', 's-b'];
