import { selectCurrentView } from '../store/current-view';
import { selectAnalysis } from '../store/selectors';
import { useTraceStore } from '../store/trace-store';
import { displayTraceId } from '../flow/flow-parts';

/** Shown while a trace opened from the trace-level view is drawn: what is shown, and the way back. */
export function OpenTraceBar() {
  const a = useTraceStore(selectAnalysis);
  const view = useTraceStore(selectCurrentView);
  const openTrace = useTraceStore((s) => s.openTrace);
  if (a === null || view.openTrace === null) return null;
  const summary = a.overview.graph.nodes.find((n) => n.traceId === view.openTrace);
  const others = (view.traces?.size ?? 1) - 1;
  return (
    <div className="open-trace-bar" data-testid="open-trace-bar" data-trace-id={view.openTrace}>
      <button type="button" className="btn btn--sm" onClick={() => openTrace(null)} data-testid="back-to-traces">
        ← All traces
      </button>
      <span>
        Trace <strong>{summary?.title ?? displayTraceId(view.openTrace)}</strong> <code>{displayTraceId(view.openTrace)}</code>
        {others > 0 ? ` with the ${others} ${others === 1 ? 'trace' : 'traces'} it links to or is linked from` : ''}
      </span>
    </div>
  );
}
