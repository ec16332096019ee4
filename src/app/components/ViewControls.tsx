import { selectCurrentView } from '../store/current-view';
import { selectAnalysis, selectCausalPathOn, selectSelected, selectTheme } from '../store/selectors';
import { useTraceStore } from '../store/trace-store';

/** The level (one node per trace, or every span), the causal path, the theme and presentation mode. */
export function ViewControls() {
  const loaded = useTraceStore(selectAnalysis) !== null;
  // The level drawn: span level over the ceiling draws the trace level (ViewNotice says why).
  const level = useTraceStore(selectCurrentView).level;
  const causal = useTraceStore(selectCausalPathOn);
  const selected = useTraceStore(selectSelected) !== null;
  const theme = useTraceStore(selectTheme);
  const setLevel = useTraceStore((s) => s.setLevel);
  const setCausalPath = useTraceStore((s) => s.setCausalPath);
  const setTheme = useTraceStore((s) => s.setTheme);
  const setPresenting = useTraceStore((s) => s.setPresenting);
  return (
    <div className="toolbar__group" role="group" aria-label="View">
      <div className="segmented" role="radiogroup" aria-label="Level">
        <button type="button" role="radio" aria-checked={level === 'traces'} className={level === 'traces' ? 'is-on' : ''} disabled={!loaded} onClick={() => setLevel('traces')} data-testid="view-traces" title="One node per trace, links counted between traces">
          Traces
        </button>
        <button type="button" role="radio" aria-checked={level === 'spans'} className={level === 'spans' ? 'is-on' : ''} disabled={!loaded} onClick={() => setLevel('spans')} data-testid="view-spans" title="Every span, in its trace's box">
          Spans
        </button>
      </div>
      <label className="check check--inline" title={selected ? 'Light up what the selected span is caused by and what it causes, across traces' : 'Select a span to see its causal path'}>
        <input type="checkbox" checked={causal} onChange={(e) => setCausalPath(e.currentTarget.checked)} data-testid="causal-path" />
        Causal path
      </label>
      <button type="button" className="btn btn--ghost" onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')} data-testid="theme" aria-label={theme === 'dark' ? 'Light theme' : 'Dark theme'} title={theme === 'dark' ? 'Light theme' : 'Dark theme'}>
        {theme === 'dark' ? '☀' : '☾'}
      </button>
      <button type="button" className="btn btn--ghost" onClick={() => setPresenting(true)} disabled={!loaded} data-testid="present" title="Presentation mode: panels hidden, legend shown (p; Esc to leave)">
        Present
      </button>
    </div>
  );
}
