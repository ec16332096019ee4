import { memo } from 'react';

/** A reviewer's note pinned under a node or a trace box title: shown as text, never as HTML. */
export const NoteBadge = memo(function NoteBadge({ text }: { text: string }) {
  return (
    <div className="note-badge" data-testid="note-badge" title={text}>
      <span aria-hidden="true">📝</span> {text}
    </div>
  );
});
