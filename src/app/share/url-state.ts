/**
 * The URL as the source of truth for shared views (jaeger-ui habit): a fragment `#tl1.…` holds a
 * whole shared graph. It is opened at start and whenever the fragment changes to another link.
 * The fragment is untrusted: the worker validates it, and a damaged one is reported, not run.
 */
import { useTraceStore } from '../store/trace-store';
import { loadDemo, openShareFragment } from '../worker/client';

const PREFIX = 'tl1.';

/** The share payload in a location hash, or null when the hash is not a share link. */
export function shareFragment(hash: string): string | null {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  return body.startsWith(PREFIX) ? body : null;
}

/** At start: `?spanLimit=N` sets the span-level ceiling; the shared graph when the URL holds one, else the demo. */
export function startFromUrl(): void {
  const limit = new URLSearchParams(location.search).get('spanLimit');
  if (limit !== null) useTraceStore.getState().setSpanLimit(Number(limit));
  const fragment = shareFragment(location.hash);
  if (fragment !== null) openShareFragment(fragment);
  else void loadDemo();
}

/** A share link pasted into the address bar of an open tab replaces what it shows. */
export function watchHash(): void {
  window.addEventListener('hashchange', () => {
    const fragment = shareFragment(location.hash);
    if (fragment !== null) openShareFragment(fragment);
  });
}
