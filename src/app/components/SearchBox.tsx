import { useEffect, useRef, useState } from 'react';
import { selectAnalysis, selectSearch } from '../store/selectors';
import { useTraceStore } from '../store/trace-store';
import { goToSpan, searchSpans } from '../worker/client';
import type { SearchAnswer } from '../worker/protocol';

/** The most hits Enter steps through (the count covers every match). */
export const SEARCH_HITS = 1000;

/**
 * Search by span name, service, trace id or span id, over every loaded span: the worker holds
 * them and answers the count and the first hits; the spans drawn are highlighted. Enter goes to
 * the next match (Shift+Enter the previous one): its trace is opened when the view does not
 * draw it, then it is selected and centred. Escape clears.
 */
export function SearchBox() {
  const search = useTraceStore(selectSearch);
  const setSearch = useTraceStore((s) => s.setSearch);
  // A new analysis (load, remove, redaction) is searched again; a new slice of it is not.
  const version = useTraceStore((s) => selectAnalysis(s)?.version ?? 0);
  const [answer, setAnswer] = useState<(SearchAnswer & { version: number }) | null>(null);
  const cursor = useRef(-1);
  const query = search.trim();

  useEffect(() => {
    if (query === '') return;
    let live = true;
    void searchSpans(query, SEARCH_HITS).then((a) => {
      if (live) setAnswer({ ...a, version });
    });
    return () => {
      live = false;
    };
  }, [query, version]);

  const current = answer !== null && answer.query === query && answer.version === version ? answer : null;
  const step = (by: number) => {
    if (current === null || current.hits.length === 0) return;
    const n = current.hits.length;
    cursor.current = (cursor.current + by + n) % n;
    goToSpan(current.hits[cursor.current]!.key);
  };
  const count = current?.total ?? 0;
  return (
    <div className="search" role="search">
      <input
        type="search"
        className="search__input"
        placeholder="Search span, service, trace or span id"
        aria-label="Search spans"
        value={search}
        onChange={(e) => {
          cursor.current = -1;
          setSearch(e.currentTarget.value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            step(e.shiftKey ? -1 : 1);
          } else if (e.key === 'Escape') {
            setSearch('');
            e.currentTarget.blur();
          }
        }}
        data-testid="search"
      />
      {query !== '' ? (
        current === null ? (
          <span className="search__count" data-testid="search-count">
            searching…
          </span>
        ) : (
          <span className="search__count" data-testid="search-count" data-count={count}>
            {count === 1 ? '1 match' : `${count.toLocaleString('en-US')} matches`}
            {count > 0 ? <span className="search__hint"> · Enter to go{count > current.hits.length ? ` (first ${current.hits.length.toLocaleString('en-US')})` : ''}</span> : null}
          </span>
        )
      ) : null}
    </div>
  );
}
