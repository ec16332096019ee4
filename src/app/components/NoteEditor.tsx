import { useState } from 'react';
import type { NoteTarget } from '../../core';
import { useTraceStore } from '../store/trace-store';

/**
 * A reviewer's note on a span or a trace: saved on blur or Ctrl/⌘+Enter, removed when emptied.
 * Notes travel with the share link, the snapshot and every export. Give it `key={target}`: the
 * text starts from the saved note of its target.
 */
export function NoteEditor({ target, label, testId }: { target: NoteTarget; label: string; testId: string }) {
  const saved = useTraceStore((s) => s.review.notes.get(target) ?? '');
  const setNote = useTraceStore((s) => s.setNote);
  const [text, setText] = useState(saved);
  const save = () => {
    if (text.trim() !== saved) setNote(target, text);
  };
  return (
    <label className="note-editor">
      <span className="note-editor__label">{label}</span>
      <textarea
        className="note-editor__input"
        rows={2}
        maxLength={2000}
        placeholder="Pin a note for the review…"
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        onBlur={save}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            save();
          } else if (e.key === 'Escape') {
            e.stopPropagation();
            setText(saved);
            e.currentTarget.blur();
          }
        }}
        data-testid={testId}
      />
    </label>
  );
}
