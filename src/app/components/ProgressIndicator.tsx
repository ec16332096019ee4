import { selectBusy, selectProgress } from '../store/selectors';
import { useTraceStore } from '../store/trace-store';

const PHASE: Record<string, string> = { reading: 'Reading', analysing: 'Analysing', layout: 'Laying out' };

/** Shown while the worker is busy: the phase, and the file being read. */
export function ProgressIndicator() {
  const busy = useTraceStore(selectBusy);
  const progress = useTraceStore(selectProgress);
  if (!busy) return null;
  const label =
    progress === null
      ? 'Loading…'
      : progress.phase === 'reading'
        ? `Reading ${progress.done + 1}/${progress.total}${progress.file ? `: ${progress.file}` : ''}`
        : `${PHASE[progress.phase] ?? progress.phase}…`;
  return (
    <div className="progress" role="status" aria-live="polite" data-testid="progress">
      <span className="progress__spinner" aria-hidden="true" />
      <span className="progress__label">{label}</span>
    </div>
  );
}
