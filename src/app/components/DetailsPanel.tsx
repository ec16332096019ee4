import type { ReactNode } from 'react';
import type { Diagnostic, Span, SpanKey } from '../../core';
import { rawTraceId } from '../../core';
import { diagnosticKey, linkIndex } from '../store/derived';
import { selectAnalysis, selectSelected } from '../store/selectors';
import { useTraceStore } from '../store/trace-store';
import { formatDuration, formatTime } from '../styles/format';
import { serviceColour } from '../styles/palette';
import type { AnalysisPayload } from '../worker/protocol';
import { AttributeList } from './AttributeList';
import { Breadcrumbs } from './Breadcrumbs';
import { CopyButton } from './CopyButton';
import { LinkList } from './LinkList';
import { NoteEditor } from './NoteEditor';
import { traceNoteTarget } from '../../core/share/types';
import { useWholeSpan, type WholeSpan } from './use-whole-span';

const EMPTY: readonly never[] = [];

function IdRow({ label, value, testId }: { label: string; value: string | undefined; testId?: string }) {
  return (
    <div className="kv__row">
      <dt>{label}</dt>
      <dd>
        {value === undefined ? (
          <span className="muted">—</span>
        ) : (
          <>
            <code className="id" data-testid={testId}>
              {value}
            </code>
            <CopyButton value={value} label={label} />
          </>
        )}
      </dd>
    </div>
  );
}

function Section({ title, count, children }: { title: string; count?: number; children: ReactNode }) {
  return (
    <section className="details__section">
      <h3>
        {title}
        {count !== undefined ? <span className="panel__count">{count}</span> : null}
      </h3>
      {children}
    </section>
  );
}

function DiagnosticNotes({ items }: { items: readonly Diagnostic[] }) {
  if (items.length === 0) return null;
  return (
    <Section title="Problems" count={items.length}>
      <ul className="notes">
        {items.map((d, i) => (
          <li key={i} className={`note note--${d.severity}`}>
            <code>{d.code}</code> {d.message}
            <span className="diag__hint">{d.hint}</span>
          </li>
        ))}
      </ul>
    </Section>
  );
}

/** In place of a section's list while the worker sends the rest of the span (or when it has none). */
function NotHere({ state }: { state: WholeSpan['state'] }) {
  return (
    <p className="muted" data-testid="details-loading" data-state={state}>
      {state === 'loading' ? 'Loading…' : 'Not available: the analysis could not send it.'}
    </p>
  );
}

function SpanDetails({ a, span: brief, keyOf }: { a: AnalysisPayload; span: Span; keyOf: SpanKey }) {
  const { span, state } = useWholeSpan(brief, keyOf, a.version);
  const index = linkIndex(a);
  const diags = a.diagnostics.filter((d) => diagnosticKey(d) === keyOf);
  return (
    <>
      <dl className="kv">
        <IdRow label="trace id" value={span.traceId} testId="details-trace-id" />
        <IdRow label="span id" value={span.spanId} testId="details-span-id" />
        <IdRow label="parent id" value={span.parentSpanId} />
        <div className="kv__row">
          <dt>kind</dt>
          <dd>{span.kind}</dd>
        </div>
        <div className="kv__row">
          <dt>status</dt>
          <dd>
            <span className={`badge ${span.status === 'error' ? 'badge--error' : span.status === 'ok' ? 'badge--ok' : ''}`}>
              {span.status}
            </span>
            {span.statusMessage ? <span className="status-msg"> {span.statusMessage}</span> : null}
          </dd>
        </div>
        <div className="kv__row">
          <dt>start</dt>
          <dd>{formatTime(span.startUs)}</dd>
        </div>
        <div className="kv__row">
          <dt>duration</dt>
          <dd>{formatDuration(span.durationUs) || '—'}</dd>
        </div>
        <div className="kv__row">
          <dt>file</dt>
          <dd className="ellipsis" title={span.source}>
            {span.source}
          </dd>
        </div>
        {span.droppedLinksCount > 0 ? (
          <div className="kv__row">
            <dt>dropped links</dt>
            <dd className="text-danger">{span.droppedLinksCount}</dd>
          </div>
        ) : null}
      </dl>
      <DiagnosticNotes items={diags} />
      <Section title="Notes">
        <NoteEditor key={keyOf} target={keyOf} label="On this span" testId="note-input" />
        <NoteEditor key={span.traceId} target={traceNoteTarget(span.traceId)} label="On its trace" testId="trace-note-input" />
      </Section>
      <Section title="Links" count={state === 'whole' ? span.links.length : (index.outgoing.get(keyOf)?.length ?? 0)}>
        <LinkList edges={index.outgoing.get(keyOf) ?? EMPTY} graph={a.graph} direction="out" />
      </Section>
      <Section title="Linked from" count={index.incoming.get(keyOf)?.length ?? 0}>
        <LinkList edges={index.incoming.get(keyOf) ?? EMPTY} graph={a.graph} direction="in" />
      </Section>
      <Section title="Attributes" count={state === 'whole' ? span.attributes.length : undefined}>
        {state === 'whole' ? <AttributeList attributes={span.attributes} testId="details-attributes" /> : <NotHere state={state} />}
      </Section>
      <Section title="Events" count={state === 'whole' ? span.events.length : undefined}>
        {state !== 'whole' ? (
          <NotHere state={state} />
        ) : span.events.length === 0 ? (
          <p className="muted">none</p>
        ) : (
          <ul className="events">
            {span.events.map((ev, i) => (
              <li key={i}>
                <div className="events__head">
                  <strong>{ev.name}</strong>
                  <span className="muted">{formatTime(ev.timeUs)}</span>
                </div>
                {ev.attributes.length > 0 ? <AttributeList attributes={ev.attributes} /> : null}
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title="Resource" count={state === 'whole' ? span.resource.length : undefined}>
        {state === 'whole' ? <AttributeList attributes={span.resource} /> : <NotHere state={state} />}
      </Section>
    </>
  );
}

const REASON_TEXT = {
  'invalid-context': 'The link’s ids are malformed (wrong length, not hex, or all zeros), so no span can match it.',
  'missing-trace': 'No span of this trace is loaded: load its file, or it was never recorded (sampled out, lost, past retention).',
  'missing-span': 'The trace is loaded but this span is not: it was never exported, or the wrong span id was linked.',
} as const;

/** The selected span (or placeholder): ids, times, status, attributes, events, links and backlinks. */
export function DetailsPanel() {
  const a = useTraceStore(selectAnalysis);
  const key = useTraceStore(selectSelected);
  const select = useTraceStore((s) => s.select);
  if (a === null || key === null) return null;
  const span = a.graph.spans.get(key);
  const placeholder = span ? undefined : a.graph.placeholders.get(key);
  if (!span && !placeholder) return null;
  const incoming = linkIndex(a).incoming.get(key) ?? EMPTY;
  return (
    <aside className="details" data-testid="details" data-key={key} aria-label="Span details">
      <header className="details__header">
        <div className="details__titles">
          <h2 className="details__title" title={span?.name}>
            {span ? span.name || '(unnamed)' : 'Not loaded'}
          </h2>
          {span ? (
            <span className="service-chip" style={{ '--service': serviceColour(span.service) } as React.CSSProperties}>
              {span.service || '(no service)'}
            </span>
          ) : (
            <span className="badge badge--error">{placeholder?.reason.replace('-', ' ')}</span>
          )}
        </div>
        <button type="button" className="icon-btn" aria-label="Close details" title="Close (Esc)" onClick={() => select(null)}>
          ×
        </button>
      </header>
      <Breadcrumbs graph={a.graph} current={key} />
      {/* Keyed by the span, so the panel starts at the top for each new selection. */}
      <div className="details__body" key={key}>
        {span ? (
          <SpanDetails a={a} span={span} keyOf={key} />
        ) : placeholder ? (
          <>
            <p className="details__explain">{REASON_TEXT[placeholder.reason]}</p>
            <dl className="kv">
              <IdRow label="trace id" value={rawTraceId(placeholder.traceId)} testId="details-trace-id" />
              <IdRow label="span id" value={placeholder.spanId} testId="details-span-id" />
            </dl>
            <Section title="Linked from" count={incoming.length}>
              <LinkList edges={incoming} graph={a.graph} direction="in" />
            </Section>
            <Section title="Notes">
              <NoteEditor key={key} target={key} label="On this target" testId="note-input" />
            </Section>
          </>
        ) : null}
      </div>
    </aside>
  );
}
