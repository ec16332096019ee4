import { useRef } from 'react';
import { selectMatches, selectSearch } from '../store/selectors';
import { useTraceStore } from '../store/trace-store';

/**
 * Search by span name, service, trace id or span id; matches are highlighted in the graph.
 * Enter selects and centres the next match (Shift+Enter the previous one); Escape clears.
 */
export function SearchBox() {
  const search = useTraceStore(selectSearch);
  const setSearch = useTraceStore((s) => s.setSearch);
  const count = useTraceStore((s) => selectMatches(s).size);
  const cursor = useRef(-1);
  const step = (by: number) => {
    const state = useTraceStore.getState();
    const matches = [...selectMatches(state)];
    if (matches.length === 0) return;
    cursor.current = (cursor.current + by + matches.length) % matches.length;
    state.select(matches[cursor.current]!, true);
  };
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
      {search.trim() !== '' ? (
        <span className="search__count" data-testid="search-count" data-count={count}>
          {count === 1 ? '1 match' : `${count} matches`}
          {count > 0 ? <span className="search__hint"> · Enter to go</span> : null}
        </span>
      ) : null}
    </div>
  );
}
