import { selectAnalysis, selectBusy } from '../store/selectors';
import { useTraceStore } from '../store/trace-store';
import { loadDemo } from '../worker/client';

/** What to do when nothing is loaded. */
export function EmptyState() {
  const empty = useTraceStore(selectAnalysis) === null;
  const busy = useTraceStore(selectBusy);
  if (!empty || busy) return null;
  return (
    <div className="empty-state" data-testid="empty-state">
      <h2>Load your traces</h2>
      <ul>
        <li>
          <strong>Drop</strong> trace files anywhere on this window (several at once, any mix, <code>.gz</code> too)
        </li>
        <li>
          <strong>Pick</strong> them with <em>Open files</em>
        </li>
        <li>
          <strong>Paste</strong> JSON with <kbd>Ctrl</kbd>/<kbd>⌘</kbd>+<kbd>V</kbd>
        </li>
      </ul>
      <p className="empty-state__formats">
        OTLP JSON and JSON lines, Grafana Tempo, Jaeger, Zipkin v2, OpenTelemetry Python console output.
        Everything stays in your browser.
      </p>
      <button type="button" className="btn" onClick={() => void loadDemo()}>
        Load the demo traces
      </button>
    </div>
  );
}
