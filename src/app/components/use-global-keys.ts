import { useEffect } from 'react';
import { useTraceStore } from '../store/trace-store';
import { addFiles } from '../worker/client';

/** True when the event comes from a place the user types into. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * Window-wide keys: Escape leaves presentation mode or clears the selection, `f` fits the view,
 * `p` toggles presentation mode (neither while typing), and a
 * paste of text outside an input becomes a file named `pasted-N.json`.
 */
export function useGlobalKeys(): void {
  useEffect(() => {
    const keydown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      const store = useTraceStore.getState();
      if (e.key === 'Escape') {
        if (store.view.presenting) store.setPresenting(false);
        else {
          store.select(null);
          store.hover(null);
        }
      } else if ((e.key === 'f' || e.key === 'F') && !isTyping(e.target)) {
        e.preventDefault();
        store.fitView();
      } else if ((e.key === 'p' || e.key === 'P') && !isTyping(e.target) && store.graph.analysis !== null) {
        e.preventDefault();
        store.setPresenting(!store.view.presenting);
      }
    };
    const paste = (e: ClipboardEvent) => {
      if (isTyping(e.target)) return;
      const text = e.clipboardData?.getData('text/plain') ?? '';
      const files = e.clipboardData ? [...e.clipboardData.files] : [];
      if (files.length > 0) {
        e.preventDefault();
        void Promise.all(files.map(async (f) => ({ name: f.name, data: new Uint8Array(await f.arrayBuffer()) }))).then(
          addFiles,
        );
        return;
      }
      if (text.trim() === '') return;
      e.preventDefault();
      addFiles([{ name: useTraceStore.getState().nextPasteName(), data: text }]);
    };
    window.addEventListener('keydown', keydown);
    window.addEventListener('paste', paste);
    return () => {
      window.removeEventListener('keydown', keydown);
      window.removeEventListener('paste', paste);
    };
  }, []);
}
