/**
 * The `.tracelinks.json` snapshot: the spans of an incident review with its notes, view and
 * redaction, in one versioned file that tracelinks reads back as one more input format. Written
 * so that reading it back gives the same summary and the same diagnostics (messages included).
 * This file builds and writes it; the format is in snapshot-format.ts and the reading, with every
 * field checked, in snapshot-read.ts (both exported from here too).
 */
import { BATCH_KEYS, OPERATION_KEYS } from '../model/messaging';
import { spanKey } from '../ids';
import type { Attribute, Span, SpanEvent, SpanLink } from '../model/span';
import { StringTable } from '../model/string-table';
import type { InputProblem } from '../readers/types';
import { redactSpans } from './redact';
import { SNAPSHOT_VERSION, type SnapshotDoc, type SnapshotEvent, type SnapshotLink, type SnapshotSpan } from './snapshot-format';
import type { SharedView, ShareState } from './types';

export * from './snapshot-format';
export { readSnapshotDocument } from './snapshot-read';

export interface SnapshotInput {
  /** The kept spans, in load order (`SpanSet.spans`). */
  readonly spans: readonly Span[];
  /** The `second` of each `SpanSet` duplicate, in order. */
  readonly duplicates: readonly Span[];
  readonly problems: readonly InputProblem[];
  readonly state: ShareState;
}

export interface SnapshotOptions {
  /**
   * For URLs: drop events, resource attributes, scope, status messages and the span attributes
   * no diagnostic reads (link attributes stay: they label edges). Spans under a duplicate id
   * keep everything, so they stay different and `span.duplicate-id` is raised again.
   */
  readonly slim?: boolean;
}

/** Span attributes a slim snapshot keeps: the ones `consumesMessages` reads. */
function diagnosticKey(key: string): boolean {
  return OPERATION_KEYS.has(key) || BATCH_KEYS.has(key);
}

/** Shared tables while a document is built. */
interface Tables {
  readonly files: StringTable;
  readonly resources: (readonly Attribute[])[];
  readonly byList: Map<readonly Attribute[], number>;
  readonly byText: Map<string, number>;
}

/** Readers share one resource list among a resource's spans: look it up by identity first. */
function resourceIndexOf(t: Tables, resource: readonly Attribute[]): number {
  let i = t.byList.get(resource);
  if (i !== undefined) return i;
  const text = JSON.stringify(resource);
  i = t.byText.get(text);
  if (i === undefined) {
    i = t.resources.length;
    t.resources.push(copyAttributes(resource));
    t.byText.set(text, i);
  }
  t.byList.set(resource, i);
  return i;
}

/** Plain `{key, value}` objects (a model value may be any object that reads like one). */
function copyAttributes(list: readonly Attribute[]): Attribute[] {
  return list.map((a) => ({ key: a.key, value: a.value }));
}

function storeLink(link: SpanLink): SnapshotLink {
  return {
    traceId: link.traceId,
    spanId: link.spanId,
    ...(link.traceState === undefined ? {} : { traceState: link.traceState }),
    ...(link.attributes.length === 0 ? {} : { attributes: copyAttributes(link.attributes) }),
  };
}

function storeEvent(event: SpanEvent): SnapshotEvent {
  return {
    name: event.name,
    ...(event.timeUs === undefined ? {} : { timeUs: event.timeUs }),
    ...(event.attributes.length === 0 ? {} : { attributes: copyAttributes(event.attributes) }),
  };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function storeSpan(span: Span, t: Tables, slim: boolean): SnapshotSpan {
  const attributes = slim ? span.attributes.filter((a) => diagnosticKey(a.key)) : span.attributes;
  // Key order as a reader of the file expects it: ids, names, times, status, the rest, the file.
  const out: Mutable<Omit<SnapshotSpan, 'file'>> = {
    traceId: span.traceId,
    spanId: span.spanId,
    ...(span.parentSpanId === undefined ? {} : { parentSpanId: span.parentSpanId }),
    name: span.name,
    service: span.service,
    kind: span.kind,
  };
  if (span.startUs !== undefined) out.startUs = span.startUs;
  if (span.durationUs !== undefined) out.durationUs = span.durationUs;
  if (span.status !== 'unset') out.status = span.status;
  if (!slim && span.statusMessage !== undefined) out.statusMessage = span.statusMessage;
  if (attributes.length > 0) out.attributes = copyAttributes(attributes);
  if (!slim && span.resource.length > 0) out.resource = resourceIndexOf(t, span.resource);
  if (!slim && span.scope !== undefined) out.scope = span.scope;
  if (!slim && span.events.length > 0) out.events = span.events.map(storeEvent);
  if (span.links.length > 0) out.links = span.links.map(storeLink);
  if (span.droppedLinksCount !== 0) out.droppedLinksCount = span.droppedLinksCount;
  return Object.assign(out, { file: t.files.of(span.source) });
}

function copyState(state: ShareState): Pick<SnapshotDoc, 'notes' | 'view' | 'redaction'> {
  const v = state.view;
  const redacted = state.redaction.values || state.redaction.names;
  // Only the contract's fields: whatever else an app object carries stays out of the file.
  const view: SharedView = {
    level: v.level,
    ...(v.openTrace === undefined ? {} : { openTrace: v.openTrace }),
    ...(v.selected === undefined ? {} : { selected: v.selected }),
    causalPath: v.causalPath,
    onlyProblems: v.onlyProblems,
    // A search is text typed about the data (a service, a value): under redaction it goes.
    search: redacted ? '' : v.search,
    ...(v.theme === undefined ? {} : { theme: v.theme }),
    ...(v.expanded === undefined || v.expanded.length === 0 ? {} : { expanded: [...v.expanded] }),
    ...(v.unstacked === undefined || v.unstacked.length === 0 ? {} : { unstacked: [...v.unstacked] }),
  };
  return {
    notes: state.notes.map((n) => ({ target: n.target, text: n.text })),
    view,
    redaction: { values: state.redaction.values, names: state.redaction.names },
  };
}

/**
 * The snapshot of what is loaded. The state's redaction is applied to the spans here (redacting
 * spans that already are gives the same spans), so a snapshot never holds what the review hid.
 * @example snapshotText(buildSnapshot({ spans: [...set.spans.values()], duplicates: set.duplicates.map((d) => d.second), problems, state }))
 */
export function buildSnapshot(input: SnapshotInput, opts: SnapshotOptions = {}): SnapshotDoc {
  const slim = opts.slim === true;
  const r = input.state.redaction;
  let spans = input.spans;
  let duplicates = input.duplicates;
  if (r.values || r.names) {
    const all = redactSpans([...input.spans, ...input.duplicates], r);
    spans = all.slice(0, input.spans.length);
    duplicates = all.slice(input.spans.length);
  }
  // Under a duplicate id both spans stay whole: slimmed, they could become the same span.
  const whole = new Set<string>();
  if (slim) for (const d of duplicates) whole.add(spanKey(d.traceId, d.spanId));
  const t: Tables = { files: new StringTable(), resources: [], byList: new Map(), byText: new Map() };
  const stored: SnapshotSpan[] = [];
  for (const list of [spans, duplicates]) {
    for (const span of list) stored.push(storeSpan(span, t, slim && !whole.has(spanKey(span.traceId, span.spanId))));
  }
  // Problems name their own files: those are kept as they are, not put in the table.
  const problems = input.problems.map((p) => ({ code: p.code, file: p.file, ...(p.where === undefined ? {} : { where: p.where }), message: p.message }));
  return {
    tracelinks: 'snapshot',
    version: SNAPSHOT_VERSION,
    files: t.files.list,
    resources: t.resources,
    spans: stored,
    problems,
    ...copyState(input.state),
  };
}

/**
 * The snapshot as file text: JSON with one span (and one table entry) per line, so a large
 * snapshot stays readable and diffs line by line.
 */
export function snapshotText(doc: SnapshotDoc): string {
  const list = (items: readonly unknown[]): string => (items.length === 0 ? '[]' : `[\n${items.map((i) => JSON.stringify(i)).join(',\n')}\n]`);
  const parts = [
    `"tracelinks":${JSON.stringify(doc.tracelinks)}`,
    `"version":${JSON.stringify(doc.version)}`,
    `"files":${JSON.stringify(doc.files)}`,
    `"resources":${list(doc.resources)}`,
    `"spans":${list(doc.spans)}`,
    `"problems":${list(doc.problems)}`,
    `"notes":${list(doc.notes)}`,
    `"view":${JSON.stringify(doc.view)}`,
    `"redaction":${JSON.stringify(doc.redaction)}`,
  ];
  return `{\n${parts.join(',\n')}\n}\n`;
}
