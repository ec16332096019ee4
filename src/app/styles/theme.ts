/** The theme: the user's last choice, else the system's preference; kept in localStorage. */
import type { Theme } from '../../core';
import { useTraceStore } from '../store/trace-store';

const KEY = 'tracelinks.theme';

function stored(): Theme | null {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'dark' || v === 'light' ? v : null;
  } catch {
    return null;
  }
}

export function initTheme(): void {
  const prefersDark = typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
  useTraceStore.getState().setTheme(stored() ?? (prefersDark ? 'dark' : 'light'));
  useTraceStore.subscribe((s, prev) => {
    if (s.view.theme === prev.view.theme) return;
    document.documentElement.dataset.theme = s.view.theme;
    try {
      localStorage.setItem(KEY, s.view.theme);
    } catch {
      // Private mode or storage off: the choice lasts for this tab.
    }
  });
  document.documentElement.dataset.theme = useTraceStore.getState().view.theme;
}
