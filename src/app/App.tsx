import { DetailsPanel } from './components/DetailsPanel';
import { DiagnosticsPanel } from './components/DiagnosticsPanel';
import { DropZone } from './components/DropZone';
import { EmptyState } from './components/EmptyState';
import { FileList } from './components/FileList';
import { LoadErrors } from './components/LoadErrors';
import { SummaryBar } from './components/SummaryBar';
import { Toolbar } from './components/Toolbar';
import { useGlobalKeys } from './components/use-global-keys';
import { FlowCanvas } from './flow/FlowCanvas';
import { selectBusy, selectLoads } from './store/selectors';
import { useTraceStore } from './store/trace-store';
import './styles/app.css';

/**
 * The application shell. `data-state` on the root is the idle signal for tests: `loading`
 * while the worker has requests in hand, `ready` otherwise; `data-loads` counts answers.
 */
export function App() {
  const busy = useTraceStore(selectBusy);
  const loads = useTraceStore(selectLoads);
  useGlobalKeys();
  return (
    <div className="app" data-testid="app" data-state={busy ? 'loading' : 'ready'} data-loads={loads}>
      <Toolbar />
      <SummaryBar />
      <main className="workspace">
        <aside className="sidebar" aria-label="Files and diagnostics">
          <FileList />
          <DiagnosticsPanel />
        </aside>
        <section className="canvas-area" aria-label="Link graph">
          <FlowCanvas />
          <LoadErrors />
          <EmptyState />
        </section>
        <DetailsPanel />
      </main>
      <DropZone />
    </div>
  );
}
