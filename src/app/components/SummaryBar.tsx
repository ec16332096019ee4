import { selectSummary } from '../store/selectors';
import { useTraceStore } from '../store/trace-store';

function Stat({ label, value, tone }: { label: string; value: number; tone?: 'danger' | 'warn' }) {
  return (
    <span className={`stat${tone && value > 0 ? ` stat--${tone}` : ''}`}>
      <span className="stat__value">{value.toLocaleString('en-US')}</span>
      <span className="stat__label">{label}</span>
    </span>
  );
}

/** The counts of DIAGNOSTICS.md, always equal to the core's Summary (the data-* attributes too). */
export function SummaryBar() {
  const s = useTraceStore(selectSummary);
  if (s === null) {
    return (
      <div className="summary" data-testid="graph-summary" data-traces={0} data-spans={0} data-links={0} data-broken-links={0}>
        <span className="summary__empty">Nothing loaded</span>
      </div>
    );
  }
  return (
    <div
      className="summary"
      data-testid="graph-summary"
      data-traces={s.traces}
      data-spans={s.spans}
      data-links={s.links}
      data-broken-links={s.brokenLinks}
      data-invalid-context={s.invalidContext}
      data-missing-trace={s.missingTrace}
      data-missing-span={s.missingSpan}
      data-missing-parent={s.missingParent}
      data-dropped-links={s.droppedLinks}
    >
      <Stat label="traces" value={s.traces} />
      <Stat label="spans" value={s.spans} />
      <Stat label="links" value={s.links} />
      <span className="summary__sep" />
      <Stat label="broken links" value={s.brokenLinks} tone="danger" />
      <span className="summary__detail" title="Broken links by kind">
        <Stat label="missing trace" value={s.missingTrace} tone="warn" />
        <Stat label="missing span" value={s.missingSpan} tone="danger" />
        <Stat label="invalid context" value={s.invalidContext} tone="danger" />
      </span>
      <span className="summary__sep" />
      <Stat label="missing parents" value={s.missingParent} />
      <Stat label="dropped links" value={s.droppedLinks} tone="warn" />
    </div>
  );
}
