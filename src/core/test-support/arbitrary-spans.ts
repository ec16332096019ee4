/**
 * fast-check generators of span sets for the property tests (share, readers, graph): random ids,
 * malformed ones too, parents, links to loaded, missing and malformed targets, duplicate ids,
 * dropped links, hostile strings and keys, nested attribute values. No Node built-ins: this file
 * is part of src/core's build, like `make-span.ts`.
 */
import fc from 'fast-check';
import { normaliseSpanId, normaliseTraceId, type SpanId, type TraceId } from '../ids';
import type { AttrValue, Attribute, Span, SpanEvent, SpanKind, SpanLink, StatusCode } from '../model/span';

export const hex = (length: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length });

/** Malformed ids, some only as a snapshot keeps them (upper case, spaces: readers normalise those). */
export const ODD_IDS: readonly string[] = ['trace-123', 'span-1', 'A/B', '0'.repeat(32), '0'.repeat(16), 'ABCDEF0123456789', '', ' x ', '\ud800', '__proto__'];

/** True for an id that no reader would normalise into another one: as the OTLP reader leaves it. */
export function readerNormalId(id: string): boolean {
  const t = normaliseTraceId(id, 'otlp');
  const s = normaliseSpanId(id, 'otlp');
  return t.id === id && s.id === id && !t.valid && !s.valid;
}

/** Malformed ids as readers have them: lower-cased, trimmed, no `0x`, not base64 of 16/8 bytes. */
const READ_ODD: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...[...ODD_IDS, 'a/b', 'trace-123/span-1', 'invalid:trace-123', 'constructor', 'x-constructor', '\u00e9t\u00e9', '\ud83d\udc1b'].filter(readerNormalId)),
  hex(15),
  hex(31),
  fc.string({ maxLength: 12 }).filter(readerNormalId),
);

export const text: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', 'checkout', 'process', 'receive', '__proto__', 'constructor', 'a\nb', '\ud800', 'span-1', 'service-2', '\u2039redacted\u203a'),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
);
/** `text`, and more of what names and values hold in the wild: markup, controls, bidi, emoji, numbers as text. */
const wildText: fc.Arbitrary<string> = fc.oneof(
  text,
  fc.constantFrom('</script><img src=x onerror=alert(1)>', '"\\\u0000\u2028\u2029', '\u202egnp.exe', '\ud83d\udc69\u200d\ud83d\udcbb', 'NaN', 'Infinity', '-0', '007', '1e3'),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
);
/** int64s too wide for a double, as the model keeps them (text), and one past int64. */
const wideInt = fc.constantFrom('9007199254740993', '-9223372036854775808', '9223372036854775807', '12345678901234567890123');

export const key: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'messaging.operation.type', 'messaging.operation', 'messaging.batch.message_count', 'messaging.system', 'link.type', 'service.name', 'k'),
  fc.string({ maxLength: 8 }),
);
/** Finite numbers without -0 (JSON has no -0; the model compares it equal to 0 anyway). */
const number = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n)));
const wideNumber = fc.oneof(number, fc.constantFrom(2 ** 53, 2 ** 53 + 2, -(2 ** 70), Number.MAX_VALUE, Number.MIN_VALUE, Number.MAX_SAFE_INTEGER));

function values(strings: fc.Arbitrary<string>, numbers: fc.Arbitrary<number>): fc.Arbitrary<AttrValue> {
  return fc.letrec<{ value: AttrValue; attributes: Attribute[] }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      strings,
      numbers,
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 3 }),
      tie('attributes').map((kvlist) => ({ kvlist })),
    ),
    attributes: fc.array(fc.record({ key, value: tie('value') }), { maxLength: 3 }),
  })).value;
}
const value = values(text, number);
export const attributes: fc.Arbitrary<Attribute[]> = fc.array(fc.record({ key, value }), { maxLength: 4 });
const readValue = values(fc.oneof(wildText, wideInt), wideNumber);
const readAttributes: fc.Arbitrary<Attribute[]> = fc.array(fc.record({ key, value: readValue }), { maxLength: 4 });

const kind = fc.constantFrom<SpanKind>('unspecified', 'internal', 'server', 'client', 'producer', 'consumer');
const status = fc.constantFrom<StatusCode>('unset', 'ok', 'error');
export const optional = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });

/** As the model and the readers have it: lower-case hex of the right length, not all zeros. */
export const validHex = (id: string, length: number): boolean => id.length === length && /^[0-9a-f]+$/.test(id) && !/^0+$/.test(id);

export interface SpanSetOptions {
  /**
   * `written` (the default): spans as a snapshot may hold them; malformed ids in any case and
   * spacing, times from zero, empty texts (only the snapshot gives all of that back as it was).
   * `read`: spans as the OTLP reader makes them, so every writer must give them back unchanged
   * (but `source`): malformed ids in the readers' normal form, times above zero, a duration only
   * with a start, no empty status message, scope or trace state, resources shared by the spans
   * of a service and saying that service, wilder texts and numbers.
   */
  readonly form?: 'written' | 'read';
  /** At most this many spans (25). */
  readonly maxSpans?: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * A list of spans in load order: 1-4 trace ids and 1-8 span ids drawn from, so duplicate ids,
 * parents and links to loaded spans are frequent.
 * @example fc.assert(fc.property(spanSet({ form: 'read' }), (spans) => { ... }))
 */
export function spanSet(opts: SpanSetOptions = {}): fc.Arbitrary<Span[]> {
  const read = opts.form === 'read';
  const maxSpans = opts.maxSpans ?? 25;
  const odd = read ? READ_ODD : fc.constantFrom(...ODD_IDS);
  const texts = read ? wildText : text;
  const attrs = read ? readAttributes : attributes;
  const filled = read ? texts.filter((t) => t !== '') : texts;
  const traceIds = fc.array(fc.oneof({ weight: 4, arbitrary: hex(32) }, { weight: 1, arbitrary: odd }), { minLength: 1, maxLength: 4 });
  const spanIds = fc.array(fc.oneof({ weight: 4, arbitrary: hex(16) }, { weight: 1, arbitrary: odd }), { minLength: 1, maxLength: 8 });
  const services = fc.constantFrom('', 'checkout', 'payments', 'email', 'process');
  // `read`: a few resources, each naming its service first (as the Jaeger and Zipkin readers make them).
  const resources = read
    ? fc.array(
        fc.record({ service: services, extra: attrs }).map(({ service, extra }) => ({
          service,
          resource: service === '' ? extra.filter((a) => !(a.key === 'service.name' && typeof a.value === 'string')) : [{ key: 'service.name', value: service }, ...extra],
        })),
        { minLength: 1, maxLength: 3 },
      )
    : fc.constant([]);
  return fc.tuple(traceIds, spanIds, resources).chain(([tids, sids, pool]) => {
    const tid = fc.constantFrom(...tids);
    // Links point at loaded ids and at ids nobody loaded.
    const linkTrace = fc.oneof(tid, hex(32), odd);
    const linkSpan = fc.oneof(fc.constantFrom(...sids), hex(16), odd);
    const link = fc
      .record({ traceId: linkTrace, spanId: linkSpan, traceState: optional(filled), attributes: attrs })
      .map(({ traceId, spanId, traceState, attributes: a }): SpanLink => {
        const base = { traceId: traceId as TraceId, spanId: spanId as SpanId, valid: validHex(traceId, 32) && validHex(spanId, 16), attributes: a };
        return traceState === undefined ? base : { ...base, traceState };
      });
    const event = fc
      .record({ name: texts, timeUs: optional(fc.integer({ min: read ? 1 : 0 })), attributes: attrs })
      .map(({ name, timeUs, attributes: a }): SpanEvent => (timeUs === undefined ? { name, attributes: a } : { name, timeUs, attributes: a }));
    const origin = read
      ? fc.constantFrom(...pool)
      : fc.record({ service: services, resource: attributes });
    const span = fc
      .record({
        traceId: tid,
        spanId: fc.constantFrom(...sids),
        parent: optional(fc.oneof(fc.constantFrom(...sids), hex(16))),
        name: texts,
        origin,
        kind,
        status,
        statusMessage: optional(filled),
        startUs: optional(fc.integer({ min: read ? 1 : 0, max: 2 ** 52 })),
        durationUs: optional(fc.integer({ min: -5, max: 10 ** 7 })),
        attributes: attrs,
        scope: optional(read ? fc.oneof(fc.constantFrom('io.opentelemetry.kafka-clients', 'lib'), filled) : text),
        events: fc.array(event, { maxLength: 2 }),
        // One span in ten or so links an earlier target again (`link.duplicate`).
        links: fc.tuple(fc.array(link, { maxLength: 4 }), fc.nat({ max: 9 })).map(([ls, r]) => (r === 0 && ls.length > 0 ? [...ls, { ...ls[ls.length - 1]! }] : ls)),
        droppedLinksCount: fc.constantFrom(0, 0, 0, 1, 3),
        source: fc.constantFrom('a.json', 'b.json.gz', '__proto__', 'd\u00e9j\u00e0.json'),
        // One span in twenty links itself (`link.self`).
        self: fc.nat({ max: 19 }),
      })
      .map((s): Span => {
        const out: Mutable<Span> = {
          traceId: s.traceId as TraceId,
          spanId: s.spanId as SpanId,
          validId: validHex(s.traceId, 32) && validHex(s.spanId, 16),
          name: s.name,
          service: s.origin.service,
          kind: s.kind,
          status: s.status,
          attributes: s.attributes,
          resource: s.origin.resource,
          events: s.events,
          links: s.self === 0 ? [...s.links, { traceId: s.traceId as TraceId, spanId: s.spanId as SpanId, valid: validHex(s.traceId, 32) && validHex(s.spanId, 16), attributes: [] }] : s.links,
          droppedLinksCount: s.droppedLinksCount,
          source: s.source,
        };
        if (s.parent !== undefined && s.parent !== '' && !/^0+$/.test(s.parent)) out.parentSpanId = s.parent as SpanId;
        if (s.startUs !== undefined) out.startUs = s.startUs;
        // `read`: the reader has a duration only from a start and an end above zero.
        if (s.durationUs !== undefined && (!read || (s.startUs !== undefined && s.startUs + s.durationUs >= 1))) out.durationUs = s.durationUs;
        if (s.statusMessage !== undefined) out.statusMessage = s.statusMessage;
        if (s.scope !== undefined) out.scope = s.scope;
        return out;
      });
    return fc.array(span, { maxLength: maxSpans });
  });
}
