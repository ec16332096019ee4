import { selectCurrentView } from '../store/current-view';
import { selectAnalysis } from '../store/selectors';
import { useTraceStore } from '../store/trace-store';
import { VISIBLE_ONLY_THRESHOLD } from '../flow/thresholds';

/**
 * Says when the view is simplified, and why: span level over the ceiling, the trace level opened
 * by itself for many traces, or a large span view that draws only what is on screen.
 */
export function ViewNotice() {
  const a = useTraceStore(selectAnalysis);
  const view = useTraceStore(selectCurrentView);
  const chosen = useTraceStore((s) => s.view.level !== null);
  const setLevel = useTraceStore((s) => s.setLevel);
  const limit = useTraceStore((s) => s.view.spanLimit);
  if (a === null || view.openTrace !== null) return null;
  const { traces, spans } = a.summary;
  if (view.limited) {
    return (
      <div className="view-notice is-warning" data-testid="view-notice" data-kind="limited">
        {spans.toLocaleString('en-US')} spans and {a.summary.links.toLocaleString('en-US')} links are more than the{' '}
        {limit.toLocaleString('en-US')} drawn at span level, so each trace is one node. Click a trace to open its spans.
      </div>
    );
  }
  if (view.level === 'traces' && !chosen) {
    return (
      <div className="view-notice" data-testid="view-notice" data-kind="trace-level">
        {traces.toLocaleString('en-US')} traces: one node per trace, links counted between them. Click a trace to open its spans, or{' '}
        <button type="button" className="btn--link" onClick={() => setLevel('spans')}>
          draw all {spans.toLocaleString('en-US')} spans
        </button>
        .
      </div>
    );
  }
  // The nodes the unfiltered span view draws: every box, span and placeholder.
  const nodes = a.graph.traces.size + spans + a.graph.placeholders.size;
  if (view.level === 'spans' && view.traces === undefined && nodes > VISIBLE_ONLY_THRESHOLD) {
    return (
      <div className="view-notice" data-testid="view-notice" data-kind="light">
        {spans.toLocaleString('en-US')} spans: only what is in view is drawn, and the overview shows trace boxes, to keep the page fast.
      </div>
    );
  }
  return null;
}
