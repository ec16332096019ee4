import { useRef } from 'react';
import { addBrowserFiles, clearFiles, loadDemo } from '../worker/client';
import { selectAnalysis } from '../store/selectors';
import { useTraceStore } from '../store/trace-store';
import { ProgressIndicator } from './ProgressIndicator';
import { SearchBox } from './SearchBox';
import { ViewControls } from './ViewControls';

/** Top bar: name, open/demo/clear, search, fit, and the loading indicator. */
export function Toolbar() {
  const input = useRef<HTMLInputElement>(null);
  const loaded = useTraceStore(selectAnalysis) !== null;
  const fitView = useTraceStore((s) => s.fitView);
  return (
    <header className="toolbar">
      <h1 className="brand">
        <span className="brand__mark" aria-hidden="true" />
        tracelinks
      </h1>
      <div className="toolbar__group">
        <button type="button" className="btn btn--primary" onClick={() => input.current?.click()} data-testid="open-files">
          Open files
        </button>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          data-testid="file-input"
          accept=".json,.jsonl,.ndjson,.txt,.gz,application/json,application/gzip"
          onChange={(e) => {
            const files = e.currentTarget.files;
            if (files && files.length > 0) void addBrowserFiles(files);
            e.currentTarget.value = '';
          }}
        />
        <button type="button" className="btn" onClick={() => void loadDemo()} data-testid="load-demo">
          Demo
        </button>
        <button type="button" className="btn" onClick={clearFiles} disabled={!loaded} data-testid="clear">
          Clear
        </button>
      </div>
      <SearchBox />
      <div className="toolbar__spacer" />
      <ProgressIndicator />
      <ViewControls />
      <button type="button" className="btn btn--ghost" onClick={fitView} title="Fit the graph in view (f)" data-testid="fit">
        Fit
      </button>
    </header>
  );
}
