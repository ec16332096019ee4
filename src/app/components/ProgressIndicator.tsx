import { selectBusy, selectCancelling, selectProgress } from '../store/selectors';
import { useTraceStore } from '../store/trace-store';
import { cancelLoads } from '../worker/client';

const PHASE: Record<string, string> = { reading: 'Reading', analysing: 'Analysing', layout: 'Laying out' };

/**
 * Shown while a load runs, from the moment it is asked for (the client sets "Reading" before
 * the worker has started): the phase, the file being read, and Cancel, which stops the load and
 * keeps what was loaded before.
 */
export function ProgressIndicator() {
  const busy = useTraceStore(selectBusy);
  const progress = useTraceStore(selectProgress);
  const cancelling = useTraceStore(selectCancelling);
  if (!busy) return null;
  const label = cancelling
    ? 'Cancelling…'
    : progress === null
      ? 'Loading…'
      : progress.phase === 'reading'
        ? `Reading ${progress.done + 1}/${progress.total}${progress.file ? `: ${progress.file}` : ''}${progress.bytes ? ` (${Math.floor((100 * progress.bytes.read) / progress.bytes.total)}%)` : ''}`
        : `${PHASE[progress.phase] ?? progress.phase}…`;
  return (
    <div className="progress" role="status" aria-live="polite" data-testid="progress" data-phase={cancelling ? 'cancelling' : (progress?.phase ?? 'loading')}>
      <span className="progress__spinner" aria-hidden="true" />
      <span className="progress__label">{label}</span>
      <button type="button" className="btn btn--sm btn--ghost" onClick={cancelLoads} disabled={cancelling} data-testid="cancel-load" title="Stop this load; what was loaded before stays">
        Cancel
      </button>
    </div>
  );
}
