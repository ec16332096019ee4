/**
 * A span the walk scanned (span-scan.ts) into its row of columns. When its ids are written as
 * canonical hex (almost every OTLP file), they are packed straight from the text: no id string is
 * made. Any other span is made an object of its members and read by `readSpan`, as a parsed one.
 */
import { packIdPair, PAIR } from '../model/packed-id';
import { attributesMatter, consumerWithoutLinks, nameOf, readFacts, readSpan, traceIdOf } from './otlp';
import type { Origin, ReadState } from './otlp';
import { nanosToMicros } from './otlp-values';
import { ATTRIBUTES, DROPPED_LINKS, DROPPED_LINKS_SNAKE, KIND, LINKS, NAME, PARENT_SPAN_ID, PARENT_SPAN_ID_SNAKE, SPAN_ID, START_TIME, START_TIME_SNAKE, STATUS, TRACE_ID } from './span-scan';
import type { SpanMembers } from './span-scan';

/**
 * Notes the span whose members are in `m` as a row of `state.rows`, with what `readSpan` of the
 * parsed span would note (span `index` of the list at `listPath`, for its problems).
 */
export function readScannedSpan(m: SpanMembers, state: ReadState, listPath: string, index: number, origin: Origin): void {
  const rows = state.rows;
  // The members' stand-ins (`SpanMembers.value`) are fit for a row only, never for a whole span.
  if (rows === undefined) throw new Error('readScannedSpan needs a read state with rows');
  if (!packIds(m)) {
    readSpan(m.values(), state, listPath, index, origin, true);
    return;
  }
  const traceId = traceIdOf(lastOrSlice(m, state), state);
  const facts = readFacts(m.value(KIND), m.value(STATUS), m.value(LINKS), m.value(DROPPED_LINKS) ?? m.value(DROPPED_LINKS_SNAKE), state);
  const startUs = nanosToMicros(m.value(START_TIME) ?? m.value(START_TIME_SNAKE));
  const name = nameOf(m.value(NAME), state);
  // The attributes are made (parsed, when they may hold a messaging key) only when they can matter.
  const consumer = consumerWithoutLinks(facts, attributesMatter(facts) ? m.value(ATTRIBUTES) : undefined);
  const validId = traceId.valid && (PAIR.hi | PAIR.lo) !== 0;
  rows.addPackedRow(traceId.id, PAIR.hi, PAIR.lo, PAIR.parent, PAIR.parentHi, PAIR.parentLo, name, origin.service, startUs, facts.dropped, facts.links, validId, facts.status === 'error', consumer);
}

/**
 * Packs the span's ids into PAIR when they are written as readSpan keeps them packed
 * (`packIdPair`): plain strings, and a parent that is absent, empty, all zeros or 16 lower-case hex
 * digits. False for any other form (a snake_case parent, an escape): readSpan reads that span.
 */
function packIds(m: SpanMembers): boolean {
  if (!m.isPlain(TRACE_ID) || !m.isPlain(SPAN_ID)) return false;
  const t = m.text;
  const spanFrom = m.starts[SPAN_ID]! + 1;
  const spanTo = m.ends[SPAN_ID]! - 1;
  if (!m.has(PARENT_SPAN_ID)) return !m.has(PARENT_SPAN_ID_SNAKE) && packIdPair(t, spanFrom, spanTo, undefined, 0, 0);
  return m.isPlain(PARENT_SPAN_ID) && packIdPair(t, spanFrom, spanTo, t, m.starts[PARENT_SPAN_ID]! + 1, m.ends[PARENT_SPAN_ID]! - 1);
}

/**
 * The trace id's text: the last span's string when the text is the same (a run of one trace's
 * spans, the common case: no slice made), else a slice of it.
 */
function lastOrSlice(m: SpanMembers, state: ReadState): string {
  const t = m.text;
  const from = m.starts[TRACE_ID]! + 1;
  const to = m.ends[TRACE_ID]! - 1;
  const last = state.lastRaw;
  if (state.lastId !== undefined && last.length === to - from) {
    let k = 0;
    while (k < last.length && last.charCodeAt(k) === t.charCodeAt(from + k)) k++;
    if (k === last.length) return last;
  }
  return t.slice(from, to);
}
