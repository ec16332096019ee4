import { memo, useState } from 'react';
import type { Diagnostic } from '../../core';
import { diagnosticGroups, diagnosticKey, type DiagnosticGroup } from '../store/derived';
import { selectAnalysis, selectOnlyProblems, selectSelected } from '../store/selectors';
import { useTraceStore } from '../store/trace-store';

/** Items shown per group before "show more": keeps thousands of diagnostics cheap to render. */
const PAGE = 40;
const SEVERITY_LABEL = { error: 'Errors', warning: 'Warnings', info: 'Notes' } as const;

const DiagnosticItem = memo(function DiagnosticItem({ d, selected }: { d: Diagnostic; selected: boolean }) {
  const select = useTraceStore((s) => s.select);
  const key = diagnosticKey(d);
  const body = (
    <>
      <span className="diag__message">{d.message}</span>
      <span className="diag__hint">{d.hint}</span>
      {d.file !== undefined ? (
        <span className="diag__where">
          {d.file}
          {d.where !== undefined ? ` · ${d.where}` : ''}
        </span>
      ) : null}
    </>
  );
  return (
    <li
      className={`diag diag--${d.severity}${selected ? ' is-selected' : ''}`}
      data-testid="diagnostic"
      data-code={d.code}
      data-severity={d.severity}
      data-span-key={key}
    >
      {key !== undefined ? (
        <button type="button" className="diag__button" onClick={() => select(key, true)} title="Show this span">
          {body}
        </button>
      ) : (
        <div className="diag__button">{body}</div>
      )}
    </li>
  );
});

function Group({ group, selected }: { group: DiagnosticGroup; selected: string | null }) {
  const [shown, setShown] = useState(PAGE);
  return (
    <details className={`diag-group diag-group--${group.severity}`} open data-testid="diagnostic-group" data-code={group.code}>
      <summary>
        <span className={`sev-dot sev-dot--${group.severity}`} aria-hidden="true" />
        <code className="diag-group__code">{group.code}</code>
        <span className="diag-group__count">{group.items.length}</span>
      </summary>
      <ul className="diag-list">
        {group.items.slice(0, shown).map((d, i) => (
          <DiagnosticItem key={i} d={d} selected={selected !== null && diagnosticKey(d) === selected} />
        ))}
      </ul>
      {group.items.length > shown ? (
        <button type="button" className="btn btn--link" onClick={() => setShown((n) => n + PAGE * 5)}>
          Show {Math.min(PAGE * 5, group.items.length - shown)} more
        </button>
      ) : null}
    </details>
  );
}

/** Every diagnostic, by severity then code, with message and hint; a click shows the span. */
export function DiagnosticsPanel() {
  const analysis = useTraceStore(selectAnalysis);
  const onlyProblems = useTraceStore(selectOnlyProblems);
  const setOnlyProblems = useTraceStore((s) => s.setOnlyProblems);
  const selected = useTraceStore(selectSelected);
  const groups = analysis === null ? [] : diagnosticGroups(analysis);
  const total = analysis?.diagnosticsTotal ?? 0;
  // The worker sends at most MAX_DIAGNOSTICS_SENT (the most severe first); the rest are counted.
  const unlisted = total - (analysis?.diagnostics.length ?? 0);
  return (
    <section className="panel panel--grow" aria-labelledby="diag-title" data-testid="diagnostics">
      <h2 className="panel__title" id="diag-title">
        Diagnostics <span className="panel__count">{total}</span>
      </h2>
      <label className="check">
        <input
          type="checkbox"
          checked={onlyProblems}
          onChange={(e) => setOnlyProblems(e.currentTarget.checked)}
          data-testid="only-problems"
        />
        Only traces with problems
      </label>
      {analysis !== null && total === 0 ? <p className="panel__empty">No problems found.</p> : null}
      {unlisted > 0 ? (
        <p className="panel__empty" data-testid="diagnostics-unlisted">
          {unlisted.toLocaleString('en-US')} more (the least severe) are not listed; the summary counts them all.
        </p>
      ) : null}
      <div className="diag-groups">
        {groups.map((g, i) => {
          const heading = i === 0 || groups[i - 1]!.severity !== g.severity ? SEVERITY_LABEL[g.severity] : null;
          return (
            <div key={`${g.severity}:${g.code}`}>
              {heading ? <h3 className={`sev-heading sev-heading--${g.severity}`}>{heading}</h3> : null}
              <Group group={g} selected={selected} />
            </div>
          );
        })}
      </div>
    </section>
  );
}
