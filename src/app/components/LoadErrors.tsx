import { selectLoadErrors, selectNotice } from '../store/selectors';
import { useTraceStore } from '../store/trace-store';

/** A notice is not an error: neutral colours (inline, so the shared stylesheet stays as it is). */
const NOTICE = { borderColor: 'var(--border)', background: 'var(--panel)', color: 'inherit' } as const;
const NOTICE_ICON = { background: 'var(--muted)' } as const;

/** Files that could not be read: named, with what is wrong. What was loaded before stays. A cancelled load says so. */
export function LoadErrors() {
  const errors = useTraceStore(selectLoadErrors);
  const notice = useTraceStore(selectNotice);
  const dismiss = useTraceStore((s) => s.dismissLoadError);
  const dismissNotice = useTraceStore((s) => s.dismissNotice);
  if (errors.length === 0 && notice === null) return null;
  return (
    <div className="load-errors" role="alert">
      {notice !== null ? (
        <div className="load-error load-error--notice" style={NOTICE} data-testid="load-notice">
          <span className="load-error__icon" style={NOTICE_ICON} aria-hidden="true">i</span>
          <span className="load-error__text">{notice}</span>
          <button type="button" className="icon-btn" aria-label="Dismiss" onClick={dismissNotice}>
            ×
          </button>
        </div>
      ) : null}
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
