import { selectLoadErrors } from '../store/selectors';
import { useTraceStore } from '../store/trace-store';

/** Files that could not be read: named, with what is wrong. What was loaded before stays. */
export function LoadErrors() {
  const errors = useTraceStore(selectLoadErrors);
  const dismiss = useTraceStore((s) => s.dismissLoadError);
  if (errors.length === 0) return null;
  return (
    <div className="load-errors" role="alert">
      {errors.map((e, i) => (
        <div key={`${e.file}-${i}`} className="load-error" data-testid="load-error" data-file={e.file}>
          <span className="load-error__icon" aria-hidden="true">!</span>
          <span className="load-error__text">
            <strong>{e.file}</strong> could not be read: {e.message}
          </span>
          <button type="button" className="icon-btn" aria-label="Dismiss" onClick={() => dismiss(i)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
