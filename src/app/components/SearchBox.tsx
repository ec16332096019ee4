import { selectMatches, selectSearch } from '../store/selectors';
import { useTraceStore } from '../store/trace-store';

/** Search by span name, service, trace id or span id; matches are highlighted in the graph. */
export function SearchBox() {
  const search = useTraceStore(selectSearch);
  const setSearch = useTraceStore((s) => s.setSearch);
  const count = useTraceStore((s) => selectMatches(s).size);
  return (
    <div className="search" role="search">
      <input
        type="search"
        className="search__input"
        placeholder="Search span, service, trace or span id"
        aria-label="Search spans"
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            setSearch('');
            e.currentTarget.blur();
          }
        }}
        data-testid="search"
      />
      {search.trim() !== '' ? (
        <span className="search__count" data-testid="search-count" data-count={count}>
          {count === 1 ? '1 match' : `${count} matches`}
        </span>
      ) : null}
    </div>
  );
}
