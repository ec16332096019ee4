/**
 * Trace and span ids, normalised as DIAGNOSTICS.md says: lower-case hex,
 * 32 characters for a trace id, 16 for a span id. Only the normalisers here
 * mint the branded types, so an id that reached the model went through them.
 */
export type TraceId = string & { readonly __brand: 'TraceId' };
export type SpanId = string & { readonly __brand: 'SpanId' };

/**
 * How a format writes its ids:
 * - `otlp`: hex of full length, or standard base64 of 16/8 bytes (Tempo, protobuf JSON).
 * - `padded-hex`: Jaeger and Zipkin hex, left-padded with zeros when shorter
 *   (Jaeger before 1.16 dropped leading zeros; 64-bit trace ids are 16 characters).
 * Every style strips a `0x` prefix and lower-cases, and takes base64 of the right size when the
 * text is not hex. A malformed id is kept in one normal form (trimmed, ASCII lower case, `0x`
 * kept; a non-string as its type): reading that form again in any style gives it back, invalid.
 */
export type IdStyle = 'otlp' | 'padded-hex';

export interface NormalisedId<T extends string> {
  /** Normalised id when valid; otherwise the id as written (trimmed, lower-cased). */
  readonly id: T;
  /** Right length, hex, not all zeros. */
  readonly valid: boolean;
}

const ZEROS = /^0+$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const B64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** Each base64 character's value, by its character code. */
const B64_INDEX = new Int8Array(128).fill(-1);
for (let i = 0; i < B64_ALPHABET.length; i++) B64_INDEX[B64_ALPHABET.charCodeAt(i)] = i;
/** Each byte as two hex digits. */
const HEX_PAIRS = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
/** Hex of either case, maybe with a `0x` or `0X` prefix. */
const HEX_ANY_CASE = /^(?:0[xX])?[0-9a-fA-F]+$/;
const NON_ASCII = /[\u0080-\uffff]/;

/** Decodes standard base64 to hex when it holds exactly `bytes` bytes; else undefined. */
export function base64ToHex(text: string, bytes: number): string | undefined {
  if (!BASE64.test(text)) return undefined;
  // The padding (BASE64 allows it only at the end) is not data.
  let end = text.length;
  while (text.charCodeAt(end - 1) === 0x3d) end--;
  if (Math.floor((end * 6) / 8) !== bytes) return undefined;
  if (text.length % 4 !== 0 && end !== text.length) return undefined;
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < end; i++) {
    buffer = (buffer << 6) | B64_INDEX[text.charCodeAt(i)]!;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += HEX_PAIRS[(buffer >> bits) & 0xff]!;
    }
  }
  return out;
}

/**
 * Fast path for the common case (every span of a large file goes through here): already
 * lower-case hex of the right length. Returns the validity, or undefined to take the full path.
 */
function plainHexValid(raw: string, hexLength: number): boolean | undefined {
  if (raw.length !== hexLength) return undefined;
  let nonZero = false;
  for (let i = 0; i < hexLength; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x30) continue;
    if ((c > 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66)) nonZero = true;
    else return undefined;
  }
  return nonZero;
}

/**
 * Whether `raw` is an id as written canonically: lower-case hex of `hexLength` digits, not all
 * zeros (DIAGNOSTICS.md). What stores ids as they were normalised (the snapshot) reads them so.
 */
export function isCanonicalHexId(raw: string, hexLength: number): boolean {
  return plainHexValid(raw, hexLength) === true;
}

/** ASCII letters lower-cased, nothing else: Unicode case mapping can turn `K` (Kelvin) into `k`. */
function asciiLower(text: string): string {
  if (!/[A-Z]/.test(text)) return text;
  // On ASCII text toLowerCase is ASCII lower-casing; on other text it would change more than A-Z.
  return NON_ASCII.test(text) ? text.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : text.toLowerCase();
}

/**
 * How a malformed id that is not a string is kept: its type, and its text for a primitive. Never
 * hex (so it never turns valid when the form is read again) and stable under `normalise`.
 */
function nonStringForm(raw: unknown): string {
  if (raw === undefined || raw === null) return '';
  if (typeof raw === 'number' || typeof raw === 'bigint' || typeof raw === 'boolean') return asciiLower(`(${typeof raw}) ${String(raw)}`);
  return Array.isArray(raw) ? '(array)' : `(${typeof raw})`;
}

/**
 * A malformed id is kept "as written" in one normal form: trimmed, ASCII lower case, `0x` kept.
 * Reading that form again gives it back unchanged and still invalid (snapshots and OTLP JSON
 * written by tracelinks round-trip).
 */
function normalise(raw: unknown, hexLength: number, style: IdStyle): NormalisedId<string> {
  if (typeof raw !== 'string') return { id: nonStringForm(raw), valid: false };
  const valid = plainHexValid(raw, hexLength);
  if (valid !== undefined) return { id: raw, valid };
  const trimmed = raw.trim();
  // Lower-cased only when hex (a regex replace per base64 id was most of a Tempo file's id cost).
  if (HEX_ANY_CASE.test(trimmed)) {
    // Hex is ASCII: toLowerCase lower-cases just its A-F (and X).
    const lower = trimmed.toLowerCase();
    const text = lower.startsWith('0x') ? lower.slice(2) : lower;
    if (text.length === hexLength) return { id: text, valid: !ZEROS.test(text) };
    if (style === 'padded-hex' && text.length < hexLength) {
      const padded = text.padStart(hexLength, '0');
      return { id: padded, valid: !ZEROS.test(padded) };
    }
  }
  // Base64 in every style, after hex: then no malformed id's normal form is base64 of the right
  // size, and a Jaeger id kept as written reads the same as OTLP (tracelinks writes OTLP JSON).
  const hex = base64ToHex(trimmed, hexLength / 2);
  if (hex !== undefined) return { id: hex, valid: !ZEROS.test(hex) };
  return { id: asciiLower(trimmed), valid: false };
}

/** @example normaliseTraceId('0x5B8EFFF798038103D269B633813FC60C').id === '5b8efff798038103d269b633813fc60c' */
export function normaliseTraceId(raw: unknown, style: IdStyle = 'otlp'): NormalisedId<TraceId> {
  return normalise(raw, 32, style) as NormalisedId<TraceId>;
}

/** @example normaliseSpanId('EEE19B7EC3C1B174', 'otlp').id === 'eee19b7ec3c1b174' */
export function normaliseSpanId(raw: unknown, style: IdStyle = 'otlp'): NormalisedId<SpanId> {
  return normalise(raw, 16, style) as NormalisedId<SpanId>;
}

/**
 * A parent span id, or undefined for a root: absent, null, empty or all zeros
 * mark a root in every format (FORMATS.md section 7).
 */
export function normaliseParentId(raw: unknown, style: IdStyle = 'otlp'): SpanId | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  // Fast path (nearly every span has a parent): lower-case hex of 16 digits is the id itself,
  // or a root when all zeros (the only way plainHexValid says false), as the full path decides.
  if (typeof raw === 'string') {
    const valid = plainHexValid(raw, 16);
    if (valid !== undefined) return valid ? (raw as SpanId) : undefined;
  }
  const parent = normaliseSpanId(raw, style);
  if (parent.id === '' || ZEROS.test(parent.id)) return undefined;
  return parent.id;
}

/** The model's key for a span: `(traceId, spanId)`. */
export type SpanKey = string & { readonly __brand: 'SpanKey' };
export function spanKey(traceId: string, spanId: string): SpanKey {
  return `${traceId}/${spanId}` as SpanKey;
}

/** First 8 characters of a trace id, as the UI shows it. */
export function shortId(id: string): string {
  return id.length > 8 ? id.slice(0, 8) : id;
}
