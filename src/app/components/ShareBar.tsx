import { useEffect, useState } from 'react';
import { exportHtml, exportMermaid, exportPng, exportSnapshot, exportSvg, shareLink, type ActionResult, type ExportScope } from '../share/export-actions';
import { selectAnalysis, selectRedaction } from '../store/selectors';
import { useTraceStore } from '../store/trace-store';
import { setRedaction } from '../worker/client';

interface Status extends ActionResult {
  readonly url?: string;
  readonly tooLarge?: boolean;
}

/**
 * Sharing for incident reviews: a share link (the data in the URL fragment), the snapshot file,
 * an offline HTML page, PNG/SVG images and Mermaid text; redaction applies to all of them and
 * to what is shown, so what you see is what you share.
 */
export function ShareBar() {
  const loaded = useTraceStore(selectAnalysis) !== null;
  const redaction = useTraceStore(selectRedaction);
  const [scope, setScope] = useState<ExportScope>('view');
  const [status, setStatus] = useState<Status | null>(null);
  const [busy, setBusy] = useState(false);

  const run = (action: () => Promise<Status>) => async () => {
    setBusy(true);
    try {
      setStatus(await action());
    } catch (error) {
      setStatus({ ok: false, message: `Export failed: ${error instanceof Error ? error.message : String(error)}` });
    } finally {
      setBusy(false);
    }
  };
  const disabled = !loaded || busy;
  // A plain "saved" note goes away by itself; a link, an error or an offer stays until dismissed.
  useEffect(() => {
    if (status === null || !status.ok || status.url) return;
    const timer = setTimeout(() => setStatus(null), 6000);
    return () => clearTimeout(timer);
  }, [status]);

  return (
    <div className="sharebar" role="toolbar" aria-label="Share and export">
      <button type="button" className="btn btn--primary btn--sm" onClick={run(shareLink)} disabled={disabled} data-testid="share" title="A link that holds this graph: the data stays in the link, never on a server">
        Share link
      </button>
      <span className="sharebar__sep" />
      <span className="sharebar__label">Export</span>
      <select className="sharebar__scope" value={scope} onChange={(e) => setScope(e.currentTarget.value as ExportScope)} aria-label="What images and diagrams show" data-testid="export-scope">
        <option value="view">current view</option>
        <option value="all">whole graph</option>
      </select>
      <button type="button" className="btn btn--sm" onClick={run(() => exportPng(scope))} disabled={disabled} data-testid="export-png">PNG</button>
      <button type="button" className="btn btn--sm" onClick={run(() => exportSvg(scope))} disabled={disabled} data-testid="export-svg">SVG</button>
      <span className="btn-pair">
        <button type="button" className="btn btn--sm" onClick={run(() => exportMermaid(scope, false))} disabled={disabled} data-testid="export-mermaid" title="Download a Mermaid flowchart">Mermaid</button>
        <button type="button" className="btn btn--sm" onClick={run(() => exportMermaid(scope, true))} disabled={disabled} data-testid="copy-mermaid" title="Copy the Mermaid flowchart">Copy</button>
      </span>
      <button type="button" className="btn btn--sm" onClick={run(exportSnapshot)} disabled={disabled} data-testid="export-snapshot" title="A .tracelinks.json file that reopens this exact view">Snapshot</button>
      <button type="button" className="btn btn--sm" onClick={run(() => exportHtml(scope))} disabled={disabled} data-testid="export-html" title="A read-only page that opens offline">HTML</button>
      <span className="sharebar__sep" />
      <span className="sharebar__label" title="Applies to the view and to everything shared or exported">Redact</span>
      <label className="check check--inline" title="Drop attribute values, keep their keys">
        <input type="checkbox" checked={redaction.values} disabled={!loaded} onChange={(e) => setRedaction({ ...redaction, values: e.currentTarget.checked })} data-testid="redact-values" />
        values
      </label>
      <label className="check check--inline" title="Replace service and span names with service-1, span-1, …">
        <input type="checkbox" checked={redaction.names} disabled={!loaded} onChange={(e) => setRedaction({ ...redaction, names: e.currentTarget.checked })} data-testid="redact-names" />
        names
      </label>
      {status ? (
        <div className={`sharebar__status${status.ok ? '' : ' is-error'}`} role="status" data-testid="share-status" data-ok={status.ok}>
          {status.url ? (
            <input className="sharebar__url" readOnly value={status.url} onFocus={(e) => e.currentTarget.select()} aria-label="Share link" data-testid="share-url" />
          ) : null}
          <span className="sharebar__message">{status.message}</span>
          {status.tooLarge ? (
            <button type="button" className="btn btn--sm" onClick={run(exportSnapshot)} data-testid="share-snapshot-instead">
              Download the snapshot
            </button>
          ) : null}
          <button type="button" className="icon-btn" aria-label="Dismiss" onClick={() => setStatus(null)}>
            ×
          </button>
        </div>
      ) : null}
    </div>
  );
}
