import { DetailsPanel } from './components/DetailsPanel';
import { DiagnosticsPanel } from './components/DiagnosticsPanel';
import { DropZone } from './components/DropZone';
import { EmptyState } from './components/EmptyState';
import { FileList } from './components/FileList';
import { Legend } from './components/Legend';
import { LoadErrors } from './components/LoadErrors';
import { OpenTraceBar } from './components/OpenTraceBar';
import { ShareBar } from './components/ShareBar';
import { SummaryBar } from './components/SummaryBar';
import { Toolbar } from './components/Toolbar';
import { ViewNotice } from './components/ViewNotice';
import { useGlobalKeys } from './components/use-global-keys';
import { FlowCanvas } from './flow/FlowCanvas';
import { selectLoads, selectPresenting, selectSettled, selectTheme } from './store/selectors';
import { useTraceStore } from './store/trace-store';
import './styles/app.css';

/**
 * The application shell. `data-state` on the root is the idle signal for tests: `loading`
 * while the worker has loads in hand or the view's spans are on their way, `ready` otherwise;
 * `data-loads` counts load answers.
 */
export function App() {
  const busy = !useTraceStore(selectSettled);
  const loads = useTraceStore(selectLoads);
  const theme = useTraceStore(selectTheme);
  const presenting = useTraceStore(selectPresenting);
  const setPresenting = useTraceStore((s) => s.setPresenting);
  useGlobalKeys();
  return (
    <div
      className={`app${presenting ? ' is-presenting' : ''}`}
      data-testid="app"
      data-state={busy ? 'loading' : 'ready'}
      data-loads={loads}
      data-theme={theme}
      data-presenting={presenting || undefined}
    >
      {presenting ? null : <Toolbar />}
      <SummaryBar />
      {presenting ? null : <ShareBar />}
      <main className="workspace">
        {presenting ? null : (
          <aside className="sidebar" aria-label="Files and diagnostics">
            <FileList />
            <DiagnosticsPanel />
          </aside>
        )}
        <section className="canvas-area" aria-label="Link graph">
          <FlowCanvas />
          <OpenTraceBar />
          {presenting ? null : <ViewNotice />}
          <LoadErrors />
          <EmptyState />
          {presenting ? (
            <>
              <Legend />
              <button type="button" className="btn present-exit" onClick={() => setPresenting(false)} data-testid="present-exit">
                Exit presentation <kbd>Esc</kbd>
              </button>
            </>
          ) : null}
        </section>
        {presenting ? null : <DetailsPanel />}
      </main>
      <DropZone />
    </div>
  );
}
