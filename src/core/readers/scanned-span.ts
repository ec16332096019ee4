/**
 * A span the walk scanned (span-scan.ts) into its row of columns. When its ids are written as
 * canonical hex (almost every OTLP file), they are packed straight from the text: no id string is
 * made. Any other span is made an object of its members and read by `readSpan`, as a parsed one.
 */
import { packSpanId, WORDS } from '../model/packed-id';
import { consumerWithoutLinks, nameOf, readFacts, readSpan, traceIdOf } from './otlp';
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
  const t = m.text;
  // The span id: 16 lower-case hex digits, as readSpan keeps it (then packed); anything else is left to readSpan.
  if (!m.isPlain(TRACE_ID) || !m.isPlain(SPAN_ID) || !packSpanId(t, m.starts[SPAN_ID]! + 1, m.ends[SPAN_ID]! - 1)) {
    readSpan(m.values(), state, listPath, index, origin, true);
    return;
  }
  const idHi = WORDS.hi;
  const idLo = WORDS.lo;
  // The parent: none (absent, empty or all zeros), or 16 lower-case hex digits; any other form is left to readSpan.
  let parent = false;
  let parentHi = 0;
  let parentLo = 0;
  if (m.has(PARENT_SPAN_ID)) {
    const from = m.starts[PARENT_SPAN_ID]! + 1;
    const to = m.ends[PARENT_SPAN_ID]! - 1;
    if (!m.isPlain(PARENT_SPAN_ID) || (to > from && !packSpanId(t, from, to))) {
      readSpan(m.values(), state, listPath, index, origin, true);
      return;
    }
    if (to > from) {
      parentHi = WORDS.hi;
      parentLo = WORDS.lo;
      parent = (parentHi | parentLo) !== 0;
    }
  } else if (m.has(PARENT_SPAN_ID_SNAKE)) {
    readSpan(m.values(), state, listPath, index, origin, true);
    return;
  }
  const traceId = traceIdOf(lastOrSlice(m, state), state);
  const facts = readFacts(m.value(KIND), m.value(STATUS), m.value(LINKS), m.value(DROPPED_LINKS) ?? m.value(DROPPED_LINKS_SNAKE), state);
  const startUs = nanosToMicros(m.value(START_TIME) ?? m.value(START_TIME_SNAKE));
  const name = nameOf(m.value(NAME), state);
  const consumer = consumerWithoutLinks(facts, m.value(ATTRIBUTES));
  const validId = traceId.valid && (idHi | idLo) !== 0;
  rows.addPackedRow(traceId.id, idHi, idLo, parent, parentHi, parentLo, name, origin.service, startUs, facts.dropped, facts.links, validId, facts.status === 'error', consumer);
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
