/**
 * Redaction of spans before they are shown or shared (issue 5): the structure stays (ids, kinds,
 * times, status, parents, links), so every count and every diagnostic code, on the same spans,
 * stays the same; only what a span says about the system goes.
 */
import { sameSpan } from '../model/same-span';
import type { AttrMap, AttrValue, Attribute, Span, SpanEvent, SpanLink } from '../model/span';
import type { Redaction } from './types';

/** What every redacted attribute value becomes. */
export const REDACTED = '\u2039redacted\u203a';

/**
 * Attribute keys whose values are protocol enumerations, kept as they are when values are
 * redacted: the diagnostics read the messaging operation (`span.expected-link-absent`), and the
 * others label edges and spans without telling anything about the system. (The messaging batch
 * keys are read for their presence only, so their values are redacted.)
 */
export const REDACTION_KEPT_KEYS: readonly string[] = [
  'messaging.operation.type',
  'messaging.operation',
  'messaging.system',
  'link.type',
  'span.kind',
  'otel.status_code',
];

/**
 * Added by redaction to a span that would otherwise become identical to another span under the
 * same ids (two spans differing only in a redacted value), so `span.duplicate-id` still holds.
 * Its value (2, 3, …) is ours, not the data's, so it is never redacted.
 */
export const REDACTION_VARIANT_KEY = 'tracelinks.redaction.variant';

const KEPT = new Set<string>([...REDACTION_KEPT_KEYS, REDACTION_VARIANT_KEY]);

/**
 * Placeholders by original name, numbered in order of first appearance. When every name given is
 * already a placeholder of this kind (spans redacted before), each stays as it is, so redacting
 * again never renumbers, whatever order the spans come in.
 */
class Placeholders {
  private readonly map = new Map<string, string>();
  private readonly pattern: RegExp;
  private same = false;
  constructor(private readonly prefix: string) {
    this.pattern = new RegExp(`^${prefix}-[1-9][0-9]*$`);
  }
  /** Call with every name before `of`. */
  learn(names: readonly string[]): void {
    let all = true;
    for (const n of names) if (n !== '' && !this.pattern.test(n)) all = false;
    this.same = all;
    if (!all) for (const n of names) this.of(n);
  }
  /** '' (no name) stays ''. */
  of(name: string): string {
    if (name === '') return '';
    if (this.same) return name;
    let p = this.map.get(name);
    if (p === undefined) {
      p = `${this.prefix}-${this.map.size + 1}`;
      this.map.set(name, p);
    }
    return p;
  }
  get(name: string): string | undefined {
    return this.same ? undefined : this.map.get(name);
  }
}

interface Pass {
  readonly values: boolean;
  readonly names: boolean;
  readonly services: Placeholders;
  readonly spans: Placeholders;
  readonly events: Placeholders;
}

/** A value under redaction: every leaf of a kept structure becomes `REDACTED`. */
function redactValue(value: AttrValue, pass: Pass): AttrValue {
  if (Array.isArray(value)) return (value as readonly AttrValue[]).map((v) => redactValue(v, pass));
  if (value !== null && typeof value === 'object') return { kvlist: redactAttributes((value as AttrMap).kvlist, pass) };
  if (pass.values) return REDACTED;
  // Names only: a string that is exactly a service or span name is that name, wherever it is.
  if (typeof value === 'string') return pass.services.get(value) ?? pass.spans.get(value) ?? value;
  return value;
}

function redactAttributes(attributes: readonly Attribute[], pass: Pass): Attribute[] {
  const out: Attribute[] = [];
  for (const a of attributes) {
    if (KEPT.has(a.key)) out.push({ key: a.key, value: a.value });
    else if (pass.names && a.key === 'service.name' && typeof a.value === 'string' && !pass.values) {
      out.push({ key: a.key, value: pass.services.of(a.value) });
    } else out.push({ key: a.key, value: redactValue(a.value, pass) });
  }
  return out;
}

function redactLink(link: SpanLink, pass: Pass): SpanLink {
  const out: SpanLink = { traceId: link.traceId, spanId: link.spanId, valid: link.valid, attributes: redactAttributes(link.attributes, pass) };
  // The tracestate header carries vendor values: it goes with them.
  return link.traceState === undefined || pass.values ? out : { ...out, traceState: link.traceState };
}

function redactEvent(event: SpanEvent, pass: Pass): SpanEvent {
  const name = pass.names ? pass.events.of(event.name) : event.name;
  const attributes = redactAttributes(event.attributes, pass);
  return event.timeUs === undefined ? { name, attributes } : { name, timeUs: event.timeUs, attributes };
}

function redactSpan(span: Span, pass: Pass): Span {
  const out: { -readonly [K in keyof Span]: Span[K] } = {
    traceId: span.traceId,
    spanId: span.spanId,
    validId: span.validId,
    name: pass.names ? pass.spans.of(span.name) : span.name,
    service: pass.names ? pass.services.of(span.service) : span.service,
    kind: span.kind,
    status: span.status,
    attributes: redactAttributes(span.attributes, pass),
    resource: redactAttributes(span.resource, pass),
    events: span.events.map((e) => redactEvent(e, pass)),
    links: span.links.map((l) => redactLink(l, pass)),
    droppedLinksCount: span.droppedLinksCount,
    source: span.source,
  };
  if (span.parentSpanId !== undefined) out.parentSpanId = span.parentSpanId;
  if (span.startUs !== undefined) out.startUs = span.startUs;
  if (span.durationUs !== undefined) out.durationUs = span.durationUs;
  if (span.statusMessage !== undefined && !pass.values) out.statusMessage = span.statusMessage;
  if (span.scope !== undefined && !pass.names) out.scope = span.scope;
  return out;
}

/**
 * Spans under one key that were different before redaction must stay different (and copies the
 * same): otherwise a `span.duplicate-id` would vanish. Rare, so only keys seen twice are checked.
 * NOTE: mutates `out` (its spans are fresh objects of this pass).
 */
function keepDuplicatesApart(spans: readonly Span[], out: Span[]): void {
  const byKey = new Map<string, number[]>();
  for (let i = 0; i < spans.length; i++) {
    const key = `${spans[i]!.traceId}/${spans[i]!.spanId}`;
    const list = byKey.get(key);
    if (list === undefined) byKey.set(key, [i]);
    else list.push(i);
  }
  for (const list of byKey.values()) {
    if (list.length < 2) continue;
    // Classes of the original spans (the same content is one class), in order.
    const classOf: number[] = [];
    const firsts: number[] = [];
    for (const i of list) {
      let c = firsts.findIndex((f) => sameSpan(spans[f]!, spans[i]!));
      if (c < 0) {
        c = firsts.length;
        firsts.push(i);
      }
      classOf.push(c);
    }
    let collide = false;
    for (let a = 0; a < firsts.length && !collide; a++) {
      for (let b = a + 1; b < firsts.length && !collide; b++) collide = sameSpan(out[firsts[a]!]!, out[firsts[b]!]!);
    }
    if (!collide) continue;
    list.forEach((i, n) => {
      const c = classOf[n]!;
      if (c === 0) return;
      const span = out[i]!;
      const attributes = span.attributes.filter((a) => a.key !== REDACTION_VARIANT_KEY);
      out[i] = { ...span, attributes: [...attributes, { key: REDACTION_VARIANT_KEY, value: c + 1 }] };
    });
  }
}

/**
 * The spans as a redaction shows them: new objects, the input untouched.
 * - `values`: every attribute value (span, resource, event and link attributes, nested ones too)
 *   becomes `REDACTED`, keys kept, except the protocol enumerations of `REDACTION_KEPT_KEYS`; the
 *   status message and link trace states go.
 * - `names`: service names become `service-1`, `service-2`, …, span names `span-1`, …, event names
 *   `event-1`, … in order of first appearance (one name, one placeholder, so comparisons of
 *   services still hold); the instrumentation scope goes. Without `values`, a `service.name`
 *   attribute, and any string value that is exactly a service or span name, gets its placeholder.
 *   Names inside other text (URLs, messages) are only removed by `values`.
 * Ids, kinds, times, status codes, parents and link targets are never touched. Redacting spans
 * that were redacted before changes nothing (placeholders stay, in any order). Pass every span
 * shown, duplicates included, in one list: one name is one placeholder across it.
 * @example redactSpans(spans, { values: true, names: true })[0].service === 'service-1'
 */
export function redactSpans(spans: readonly Span[], r: Redaction): Span[] {
  if (!r.values && !r.names) return spans.map((s) => ({ ...s }));
  const pass: Pass = {
    values: r.values,
    names: r.names,
    services: new Placeholders('service'),
    spans: new Placeholders('span'),
    events: new Placeholders('event'),
  };
  if (r.names) {
    // Number every name first, so a value naming a span met later still gets its placeholder.
    pass.services.learn(spans.map((s) => s.service));
    pass.spans.learn(spans.map((s) => s.name));
    pass.events.learn(spans.flatMap((s) => s.events.map((e) => e.name)));
  }
  const out = spans.map((s) => redactSpan(s, pass));
  keepDuplicatesApart(spans, out);
  return out;
}
