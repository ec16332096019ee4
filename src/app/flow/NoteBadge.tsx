import { memo } from 'react';

/** A reviewer's note pinned under a node or a trace box title: shown as text, never as HTML. */
export const NoteBadge = memo(function NoteBadge({ text }: { text: string }) {
  return (
    <div className="note-badge" data-testid="note-badge" title={text}>
      {/* A drawn pin, not an emoji: emoji fonts are missing on many Linux machines. */}
      <svg className="note-badge__icon" viewBox="0 0 12 12" aria-hidden="true">
        <path d="M2 1.5h6l2 2v7H2z" fill="none" stroke="currentColor" strokeWidth="1.2" />
        <path d="M3.8 5h4.4M3.8 7h4.4M3.8 9h2.6" stroke="currentColor" strokeWidth="1" />
      </svg>
      <span className="note-badge__text">{text}</span>
    </div>
  );
});
