import { useEffect, useState } from 'react';
import type { Span, SpanKey } from '../../core';
import { spanDetails } from '../worker/client';
import { isBriefSpan } from '../worker/wire-spans';

/** What the details panel shows of a span: `loading` while the worker is asked for the rest of it. */
export type WholeSpan = { readonly span: Span; readonly state: 'whole' | 'loading' | 'missing' };

/**
 * The span whole. A large slice's spans reach the page without their attributes, events,
 * resource and links (wire-spans.ts): for one of those the worker is asked, once per span and
 * analysis version, and the brief span is shown meanwhile. An answer from another version than
 * the page shows (the worker's next analysis, still being taken in) is not shown: the panel waits,
 * and asks again when the page has that version. Any other span is whole already.
 */
export function useWholeSpan(span: Span, key: SpanKey, version: number): WholeSpan {
  const brief = isBriefSpan(span);
  const [asked, setAsked] = useState<{ key: SpanKey; version: number; span: Span | null } | null>(null);
  useEffect(() => {
    if (!brief) return;
    let live = true;
    void spanDetails(key).then((answer) => {
      // -1: the worker could not answer (it failed): said as "not available", not left loading.
      if (live && (answer.version === version || answer.version === -1)) setAsked({ key, version, span: answer.span });
    });
    return () => {
      live = false;
    };
  }, [brief, key, version]);
  if (!brief) return { span, state: 'whole' };
  if (asked === null || asked.key !== key || asked.version !== version) return { span, state: 'loading' };
  return asked.span === null ? { span, state: 'missing' } : { span: asked.span, state: 'whole' };
}
