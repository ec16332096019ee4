/**
 * The hostile-input corpus (issue 7, "nothing crashes, nothing is lost"): broken and hostile
 * trace files, each with the outcome it must get from the readers, the analysis and the CLI.
 *
 * The small files sit beside this one, committed as they are. The large ones, and the ones cut
 * from the shared fixtures, are written by `corpusCases(dir)` into `dir` on every call (a test
 * calls it once, in beforeAll, with a temporary directory): nothing large is committed.
 *
 * The zip bombs: `zip-bomb-members.gz` is 1,024 gzip members of 1 MiB of zeros each, one member
 * made by fflate's streaming `Gzip` and written 1,024 times. `zip-bomb-1gb.gz` is one member
 * holding 1 GiB of zeros in one deflate block: streaming 1 GiB through fflate's `Gzip` takes
 * ~12 s, so the block is written here directly, as zlib would write it (a dynamic Huffman block
 * of length-258 matches at distance 1, two bits per 258 bytes). The corpus test checks with
 * Node's zlib that it really inflates to 1 GiB.
 */
import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants, crc32, gunzipSync } from 'node:zlib';
import { Gzip, gzipSync } from 'fflate';
import { concat } from '../../src/core/readers/gunzip';

export interface CorpusCase {
  /** What the case is, in a few words (test titles). */
  name: string;
  /** Absolute path of the file. */
  file: string;
  /** What must happen. */
  expect: {
    /** Some span is loaded. `false`: the file fails as a whole (the CLI exits 2). */
    loads: boolean;
    /** Distinct spans loaded from this file alone (the summary's `spans`). */
    spans?: number;
    /** `input.*` or other diagnostic codes that must appear. */
    codes: string[];
    /**
     * A regex source the load error (when nothing loads) or the first `input.*` diagnostic must
     * match; it names the file (and the place, where known).
     */
    message?: string;
    /** Codes that must not appear. */
    absent?: string[];
  };
}

const HERE = fileURLToPath(new URL('.', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url));
/** The fixture cut into pieces: 6 spans in 2 traces, pretty-printed, one escape (`\"`). */
const CURL = 'otlp-json/opentelemetry-bash_context_propagation_http_curl_otlp.json';
/** JSON Lines, one OTLP document a line. */
const MULTI_JSONL = 'otlp-jsonl/jaeger-ui_otlp2jaeger-multi-in.jsonl';

const MiB = 1024 * 1024;
/** How deep the deep cases nest. */
const DEEP = 10_000;

/** A file name as a regex source. */
function re(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The generated cases' trace (the committed ones use …c001 and …c002). */
const T1 = 'c0ffee0000000000000000000000c0de';
const sid = (n: number): string => `c0ffee${n.toString(16).padStart(10, '0')}`;

interface OtlpSpan {
  traceId: string;
  spanId: string;
  name: string;
  [key: string]: unknown;
}

function otlpSpan(n: number, name: string, extra: Record<string, unknown> = {}): OtlpSpan {
  const start = 1_700_000_000_000_000_000n + BigInt(n) * 1_000_000n;
  return { traceId: T1, spanId: sid(n), name, kind: 2, startTimeUnixNano: String(start), endTimeUnixNano: String(start + 500_000n), ...extra };
}

function otlpDoc(spans: readonly unknown[], service = 'corpus'): unknown {
  return {
    resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] }, scopeSpans: [{ scope: { name: 'corpus' }, spans }] }],
  };
}

/** `open` + DEEP times the value + `close` DEEP times, as text: JSON.stringify would recurse. */
function nested(open: string, leaf: string, close: string, depth = DEEP): string {
  return open.repeat(depth) + leaf + close.repeat(depth);
}

/** Spans in complete lines of OTLP JSON Lines text (not through tracelinks: an oracle of its own). */
function spansInLines(text: string): number {
  let n = 0;
  for (const line of text.split('\n')) {
    let doc: { resourceSpans?: { scopeSpans?: { spans?: unknown[] }[] }[] };
    try {
      doc = JSON.parse(line) as typeof doc;
    } catch {
      continue;
    }
    for (const rs of doc.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) n += ss.spans?.length ?? 0;
  }
  return n;
}

/** The cases whose files are committed beside this one. */
function committedCases(): CorpusCase[] {
  const c = (name: string, file: string, expect: CorpusCase['expect']): CorpusCase => ({ name, file: join(HERE, file), expect });
  const notATrace = (what: string) => (file: string) => `${re(file)} is not a trace format tracelinks reads: it holds ${what}`;
  return [
    c('empty file', 'empty.json', { loads: false, spans: 0, codes: ['input.empty'], message: `${re('empty.json')} is empty\\.` }),
    c('whitespace only', 'whitespace.json', { loads: false, spans: 0, codes: ['input.empty'], message: `${re('whitespace.json')} is empty\\.` }),
    c('plain text, not JSON', 'not-json.txt', {
      loads: false,
      codes: ['input.not-json'],
      message: `${re('not-json.txt')} is not JSON: Unexpected character 'T' at line 1, column 1\\.`,
    }),
    c('a JSON number', 'number.json', { loads: false, codes: ['input.unknown-format'], message: notATrace('a JSON number')('number.json') }),
    c('a JSON string', 'string.json', { loads: false, codes: ['input.unknown-format'], message: notATrace('a JSON string')('string.json') }),
    c('an array of numbers', 'array-of-numbers.json', {
      loads: false,
      codes: ['input.unknown-format'],
      message: notATrace('a JSON array whose first element is a JSON number')('array-of-numbers.json'),
    }),
    c('an empty object', 'empty-object.json', { loads: false, codes: ['input.unknown-format'], message: notATrace('an empty JSON object')('empty-object.json') }),
    c('JSON null', 'null.json', { loads: false, codes: ['input.unknown-format'], message: notATrace('JSON null')('null.json') }),
    c('OTLP metrics, not traces', 'otlp-metrics.json', {
      loads: false,
      codes: ['input.unknown-format'],
      message: notATrace('OTLP metrics, not traces')('otlp-metrics.json'),
    }),
    c('valid OTLP with two bad spans among good ones', 'otlp-one-bad-span.json', {
      loads: true,
      spans: 3,
      codes: ['input.bad-span'],
      message: `${re('otlp-one-bad-span.json')} \\(resourceSpans\\[0\\]\\.scopeSpans\\[0\\]\\.spans\\[1\\]\\): An OTLP span must be an object, found number 42\\.`,
      absent: ['link.missing-span', 'span.missing-parent'],
    }),
    c('ids of the wrong length', 'ids-wrong-length.json', { loads: true, spans: 2, codes: ['span.invalid-id', 'link.invalid-context'] }),
    c('ids that are not hex', 'ids-not-hex.json', { loads: true, spans: 2, codes: ['span.invalid-id', 'link.invalid-context'] }),
    c('base64 ids of the wrong size', 'ids-base64-wrong-size.json', { loads: true, spans: 3, codes: ['span.invalid-id', 'link.invalid-context'] }),
    c('numbers, arrays and objects where id strings belong', 'ids-numbers.json', {
      loads: true,
      spans: 2,
      codes: ['span.invalid-id', 'link.invalid-context'],
    }),
    c('__proto__, constructor, prototype keys in OTLP (top level, resource, attributes, kvlists)', 'proto-keys-otlp.json', {
      loads: true,
      spans: 1,
      codes: [],
    }),
    c('__proto__ and constructor as Jaeger process ids and tags', 'proto-keys-jaeger.json', { loads: true, spans: 2, codes: [] }),
    c('__proto__ and constructor as Zipkin tags and service', 'proto-keys-zipkin.json', { loads: true, spans: 1, codes: [] }),
    c('__proto__ and constructor as Python console attributes', 'proto-keys-python.json', { loads: true, spans: 1, codes: [] }),
    c('a span that is its own parent', 'self-parent.json', { loads: true, spans: 1, codes: [], absent: ['span.missing-parent'] }),
    c('parent cycles (a > b > c > a, d > e > d)', 'parent-cycle.json', { loads: true, spans: 5, codes: [], absent: ['span.missing-parent'] }),
    c('link cycles (a links b, b links a; across traces; a self-link)', 'link-cycle.json', {
      loads: true,
      spans: 5,
      codes: ['link.self'],
      absent: ['link.missing-span', 'link.missing-trace', 'link.invalid-context'],
    }),
    c('a span whose trace id looks like a malformed-target box (invalid:…)', 'placeholder-lookalike-ids.json', {
      loads: true,
      spans: 2,
      codes: ['span.invalid-id', 'link.invalid-context'],
    }),
    c('duplicate span ids with different content (and one identical copy)', 'duplicate-span-ids.json', {
      loads: true,
      spans: 2,
      codes: ['span.duplicate-id'],
    }),
    c('random bytes', 'random-bytes.bin', { loads: false, codes: ['input.encoding'], message: `${re('random-bytes.bin')} is binary data, not text` }),
    c('a PNG image', 'png-header.png', { loads: false, codes: ['input.encoding'], message: `${re('png-header.png')} is binary data, not text` }),
    c('NUL bytes (valid UTF-8, still binary)', 'nul-bytes.json', {
      loads: false,
      codes: ['input.not-json'],
      message: `${re('nul-bytes.json')} is not JSON: Unexpected character U\\+0000 at line 1, column 1\\. It looks like binary data`,
    }),
    c('a UTF-8 byte order mark', 'utf8-bom.json', { loads: true, spans: 2, codes: [] }),
    c('UTF-16 LE with a byte order mark', 'utf16le-bom.json', { loads: true, spans: 2, codes: [] }),
    c('UTF-16 BE with a byte order mark', 'utf16be-bom.json', { loads: true, spans: 2, codes: [] }),
    c('UTF-16 LE of an odd length', 'utf16le-odd-length.json', {
      loads: false,
      codes: ['input.encoding'],
      message: `${re('utf16le-odd-length.json')} looks like UTF-16LE but is not valid UTF-16LE`,
    }),
    c('Latin-1, not UTF-8', 'latin1.json', { loads: false, codes: ['input.encoding'], message: `${re('latin1.json')} is not valid UTF-8 at byte \\d+` }),
    c('.gz that is not gzip', 'not-gzip.json.gz', {
      loads: false,
      codes: ['input.gzip'],
      message: `${re('not-gzip.json.gz')} is named \\.gz but is not gzip data`,
    }),
    c('a gzip header and nothing else', 'gzip-header-only.gz', {
      loads: false,
      codes: ['input.gzip'],
      message: `${re('gzip-header-only.gz')} is cut short: .*nothing inflated before the cut`,
    }),
    c('gzip with a wrong CRC', 'gzip-bad-crc.json.gz', { loads: false, codes: ['input.gzip'], message: `${re('gzip-bad-crc.json.gz')} .*CRC check failed` }),
    c('gzip followed by junk', 'gzip-trailing-junk.json.gz', {
      loads: true,
      spans: 2,
      codes: ['input.gzip'],
      message: `${re('gzip-trailing-junk.json.gz')} has 19 bytes after the end of its gzip data that are not gzip; they were ignored`,
    }),
    c('gzip padded with zeros', 'gzip-zero-padded.json.gz', { loads: true, spans: 2, codes: [] }),
    c('gzip inside gzip', 'gzip-in-gzip.json.gz', { loads: false, codes: ['input.gzip'], message: `${re('gzip-in-gzip.json.gz')} is gzip inside gzip` }),
    c('numbers past what a double holds (1e999, a count of 1e300)', 'huge-numbers.json', { loads: true, spans: 1, codes: ['span.dropped-links'] }),
    c('ANSI escape sequences and line breaks in names', 'ansi-escapes.json', { loads: true, spans: 1, codes: ['link.missing-trace'] }),
    c('lone surrogates in names, keys and ids', 'lone-surrogates.json', { loads: true, spans: 1, codes: ['link.invalid-context'] }),
    c('JSON Lines with broken lines among good ones', 'jsonl-some-broken.jsonl', {
      loads: true,
      spans: 4,
      codes: ['input.not-json'],
      message: `Part of .*${re('jsonl-some-broken.jsonl')} is not JSON: Unexpected character 'g'\\. The rest was read\\. \\(line 2, column 1\\)`,
    }),
    c('30 broken values and nothing else', 'many-broken-values.jsonl', {
      loads: false,
      codes: ['input.not-json'],
      message: `${re('many-broken-values.jsonl')} is not JSON: The JSON ends too early \\(truncated file\\?\\) at line 1, column 20\\.`,
    }),
    c('a snapshot from a newer version', 'snapshot-newer-version.tracelinks.json', {
      loads: false,
      codes: ['input.snapshot-version'],
      message: `${re('snapshot-newer-version.tracelinks.json')} was written by a newer tracelinks`,
    }),
    c('a snapshot with bad spans and a __proto__ key', 'snapshot-bad-span.tracelinks.json', {
      loads: true,
      spans: 3,
      codes: ['input.bad-span'],
      message: `${re('snapshot-bad-span.tracelinks.json')} \\(spans\\[1\\]\\): This span could not be read`,
    }),
  ];
}

/** One file in `dir`: its path. */
type Write = (name: string, data: string | Uint8Array) => string;

function truncationCases(write: Write): CorpusCase[] {
  const text = readFileSync(join(FIXTURES, CURL), 'utf8');
  const stringAt = text.indexOf('"stringValue": "', Math.floor(text.length * 0.3)) + '"stringValue": "'.length + 3;
  const escapeAt = text.indexOf('\\') + 1;
  const cuts: [string, number][] = [
    ['10%', Math.floor(text.length * 0.1)],
    ['50%', Math.floor(text.length * 0.5)],
    ['90%', Math.floor(text.length * 0.9)],
    ['mid-string', stringAt],
    ['mid-escape', escapeAt],
  ];
  const cases = cuts.map(([where, at]): CorpusCase => {
    const name = `truncated-${where}.json`;
    return {
      name: `a fixture cut at ${where}`,
      file: write(name, text.slice(0, at)),
      expect: {
        loads: false,
        codes: ['input.not-json'],
        message: `${re(name)} is not JSON: The JSON ends too early \\(truncated file\\?\\) at line \\d+, column \\d+\\. It looks like broken OTLP JSON\\.`,
      },
    };
  });

  const lines = readFileSync(join(FIXTURES, MULTI_JSONL), 'utf8');
  const third = lines.split('\n').slice(0, 2).join('\n').length + 1;
  const cutLines = lines.slice(0, third + 200);
  cases.push({
    name: 'JSON Lines cut in the middle of line 3',
    file: write('truncated-lines.jsonl', cutLines),
    expect: {
      loads: true,
      spans: spansInLines(cutLines),
      codes: ['input.not-json'],
      message: `Part of .*${re('truncated-lines.jsonl')} is not JSON: The JSON ends too early .*\\(line 3, column 201\\)`,
    },
  });

  const gz = gzipSync(new TextEncoder().encode(text));
  cases.push({
    name: 'a gzipped fixture cut at 60%',
    file: write('truncated.json.gz', gz.subarray(0, Math.floor(gz.length * 0.6))),
    expect: { loads: false, codes: ['input.gzip', 'input.not-json'], message: `${re('truncated.json.gz')} is cut short: its gzip data stops after` },
  });

  // Many lines, so that the cut leaves some whole: what inflates before the cut (Node's zlib
  // says, with a sync flush that hands out a cut stream's start) is read.
  const many = Array.from({ length: 400 }, (_, i) => JSON.stringify(otlpDoc([otlpSpan(i + 1, `line ${i + 1}`, { attributes: [{ key: 'i', value: { intValue: String(i) } }] })]))).join('\n');
  const gzLines = gzipSync(new TextEncoder().encode(`${many}\n`));
  const cutGz = gzLines.subarray(0, Math.floor(gzLines.length * 0.5));
  const before = gunzipSync(cutGz, { finishFlush: constants.Z_SYNC_FLUSH }).toString('utf8');
  cases.push({
    name: 'gzipped JSON Lines cut at 50%',
    file: write('truncated-lines.jsonl.gz', cutGz),
    expect: {
      loads: true,
      spans: spansInLines(before),
      codes: ['input.gzip', 'input.not-json'],
      message: `${re('truncated-lines.jsonl.gz')} is cut short: .*inflated before the cut were read`,
    },
  });
  return cases;
}

function deepCases(write: Write): CorpusCase[] {
  const tooDeep = (file: string, path: string) =>
    `${re(file)} \\(${re(path)}\\): Attribute values of this span nest arrays or maps deeper than 64 levels: one part was cut there \\(the rest was loaded\\)\\.`;
  const deepOtlp = (value: string) => {
    const marker = '"__DEEP__"';
    const doc = otlpDoc([
      otlpSpan(1, 'deep attribute', { attributes: [{ key: 'shallow', value: { stringValue: 'kept' } }, { key: 'deep', value: '__DEEP__' }] }),
      otlpSpan(2, 'plain neighbour'),
    ]);
    return JSON.stringify(doc).replace(marker, value);
  };
  const spanPath = 'resourceSpans[0].scopeSpans[0].spans[0]';
  const python = JSON.stringify([
    { name: 'deep python', context: { trace_id: `0x${T1}`, span_id: `0x${sid(3)}` }, attributes: { deep: '__DEEP__', shallow: 'kept' } },
  ]).replace('"__DEEP__"', nested('{"a":', '1', '}'));
  const jaeger = JSON.stringify({
    data: [{ traceID: T1, spans: [{ traceID: T1, spanID: sid(4), operationName: 'deep jaeger', tags: [{ key: 'deep', type: 'string', value: '__DEEP__' }] }] }],
  }).replace('"__DEEP__"', nested('[', '1', ']'));
  const zipkin = JSON.stringify([{ traceId: T1, id: sid(5), name: 'deep zipkin', tags: { deep: '__DEEP__', shallow: 'kept' } }]).replace('"__DEEP__"', nested('[', '"x"', ']'));
  const docArrays = `[${JSON.stringify(otlpDoc([otlpSpan(6, 'next to deep arrays')]))},${nested('[', '', ']')}]`;
  const snapshot = JSON.parse(readFileSync(join(HERE, 'snapshot-newer-version.tracelinks.json'), 'utf8')) as { version: number; spans: { attributes?: unknown }[] };
  snapshot.version = 1;
  snapshot.spans[0]!.attributes = '__DEEP__';
  const snapshotText = JSON.stringify(snapshot).replace('"__DEEP__"', `[{"key":"deep","value":${nested('{"kvlist":[{"key":"k","value":', '1', '}]}')}}]`);
  return [
    {
      name: `kvlistValue nested ${DEEP} deep`,
      file: write('deep-kvlist.json', deepOtlp(nested('{"kvlistValue":{"values":[{"key":"k","value":', '{"stringValue":"leaf"}', '}]}}'))),
      expect: { loads: true, spans: 2, codes: ['input.too-deep'], message: tooDeep('deep-kvlist.json', spanPath) },
    },
    {
      name: `arrayValue nested ${DEEP} deep`,
      file: write('deep-array.json', deepOtlp(nested('{"arrayValue":{"values":[', '{"stringValue":"leaf"}', ']}}'))),
      expect: { loads: true, spans: 2, codes: ['input.too-deep'], message: tooDeep('deep-array.json', spanPath) },
    },
    {
      name: `Python console attributes nested ${DEEP} deep`,
      file: write('deep-python.json', python),
      expect: { loads: true, spans: 1, codes: ['input.too-deep'], message: tooDeep('deep-python.json', '[0]') },
    },
    {
      name: `a Jaeger tag value nested ${DEEP} deep`,
      file: write('deep-jaeger.json', jaeger),
      expect: { loads: true, spans: 1, codes: ['input.too-deep'], message: tooDeep('deep-jaeger.json', 'data[0].spans[0]') },
    },
    {
      name: `a Zipkin tag nested ${DEEP} deep`,
      file: write('deep-zipkin.json', zipkin),
      expect: { loads: true, spans: 1, codes: ['input.too-deep'], message: tooDeep('deep-zipkin.json', '[0]') },
    },
    {
      name: 'JSON arrays nested 100,000 deep',
      file: write('deep-json-arrays.json', nested('[', '', ']', 100_000)),
      expect: {
        loads: false,
        codes: ['input.unknown-format'],
        message: `${re('deep-json-arrays.json')} is not a trace format tracelinks reads: it holds a JSON array whose first element is a JSON array whose first element is more nested JSON arrays\\.`,
      },
    },
    {
      name: '{"result": …} wrappers nested 50,000 deep',
      file: write('deep-wrappers.json', nested('{"result":', '{"resourceSpans":[]}', '}', 50_000)),
      expect: { loads: false, codes: ['input.unknown-format'], message: `${re('deep-wrappers.json')} is not a trace format tracelinks reads` },
    },
    {
      name: `an OTLP document next to arrays nested ${DEEP} deep`,
      file: write('deep-document-arrays.json', docArrays),
      expect: {
        loads: true,
        spans: 1,
        codes: ['input.bad-span'],
        message: `${re('deep-document-arrays.json')} \\(\\[1\\](\\[0\\])+\\): Arrays or wrappers nest deeper than 8 levels here`,
      },
    },
    {
      name: `a snapshot attribute nested ${DEEP} deep`,
      file: write('deep-snapshot.tracelinks.json', snapshotText),
      expect: {
        loads: true,
        spans: 4,
        codes: ['input.bad-span'],
        message: `${re('deep-snapshot.tracelinks.json')} \\(spans\\[0\\]\\): This span could not be read: .* is nested too deeply`,
      },
    },
  ];
}

/** 10 MiB in one attribute string. */
export const BIG_STRING_BYTES = 10 * MiB;
/** Links on the one span of `links-100k.json`. */
export const MANY_LINKS = 100_000;

function largeCases(write: Write): CorpusCase[] {
  const big = JSON.stringify(
    otlpDoc([otlpSpan(1, 'big attribute', { attributes: [{ key: 'big', value: { stringValue: 'x'.repeat(BIG_STRING_BYTES) } }] }), otlpSpan(2, 'small neighbour')]),
  );
  const links = Array.from({ length: MANY_LINKS }, (_, i) => ({ traceId: 'c0ffee0000000000000000000000c0ff', spanId: sid(i + 1) }));
  const unknown = Array.from({ length: 100_000 }, (_, i) => (i === 50_000 ? JSON.stringify(otlpDoc([otlpSpan(1, 'the one trace')])) : `{"metric":${i}}`));
  return [
    {
      name: 'a 10 MiB attribute string',
      file: write('big-attribute-10mb.json', big),
      expect: { loads: true, spans: 2, codes: [] },
    },
    {
      name: `${MANY_LINKS.toLocaleString('en')} links on one span`,
      file: write('links-100k.json', JSON.stringify(otlpDoc([otlpSpan(1, 'fan-in', { links, droppedLinksCount: 28 })]))),
      expect: { loads: true, spans: 1, codes: ['link.missing-trace', 'span.dropped-links'] },
    },
    {
      name: '100,000 JSON Lines values that are not traces, one that is',
      file: write('many-unknown-values.jsonl', `${unknown.join('\n')}\n`),
      expect: {
        loads: true,
        spans: 1,
        codes: ['input.unknown-format'],
        message: `${re('many-unknown-values.jsonl')} \\(line 1\\): Skipped a value that is not a trace`,
      },
    },
  ];
}

/** 1,000 members of one JSON line each, 11 empty members after each: 12,000 members (10,000 overflowed the stack). */
function manyMembers(): Uint8Array {
  const empty = gzipSync(new Uint8Array(0));
  const parts: Uint8Array[] = [];
  for (let i = 0; i < 1000; i++) {
    parts.push(gzipSync(new TextEncoder().encode(`${JSON.stringify(otlpDoc([otlpSpan(i + 1, `member ${i + 1}`)]))}\n`)));
    for (let k = 0; k < 11; k++) parts.push(empty);
  }
  return concat(parts, parts.reduce((n, p) => n + p.length, 0));
}

/** Deflate bits, least significant first; Huffman codes most significant bit first (RFC 1951). */
class Bits {
  readonly bytes: number[] = [];
  private acc = 0;
  private n = 0;
  /** `count` bits of `value`, low bit first. */
  put(value: number, count: number): void {
    for (let i = 0; i < count; i++) {
      this.acc |= ((value >> i) & 1) << this.n;
      if (++this.n === 8) this.flush();
    }
  }
  /** A Huffman code of `length` bits. */
  code(code: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) this.put((code >> i) & 1, 1);
  }
  get pending(): number {
    return this.n;
  }
  private flush(): void {
    this.bytes.push(this.acc);
    this.acc = 0;
    this.n = 0;
  }
}

/** Bytes of zeros in the single-member bomb: one literal, then length-258 matches. */
const BOMB_MATCHES = 4_161_790;
export const BOMB_BYTES = 1 + 258 * BOMB_MATCHES;

/**
 * One gzip member of BOMB_BYTES (just under 1 GiB) zeros in one dynamic Huffman block:
 * literal/length codes 285 (match of 258) = `0`, literal 0 = `10`, end of block = `11`; distance
 * codes 0 and 1 (distances 1, 2) one bit each. Every match is two zero bits: the body is zero
 * bytes, written 1 MiB at a time.
 */
function writeBomb(path: string): void {
  const head = new Bits();
  head.put(1, 1); // BFINAL
  head.put(2, 2); // dynamic Huffman
  head.put(286 - 257, 5); // HLIT: literal/length codes 0..285
  head.put(2 - 1, 5); // HDIST: distance codes 0..1
  head.put(18 - 4, 4); // HCLEN: code length codes up to `1` in the order below
  const order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1];
  const clLength: Record<number, number> = { 18: 1, 1: 2, 2: 2 }; // codes: 18 = 0, 1 = 10, 2 = 11
  for (const sym of order) head.put(clLength[sym] ?? 0, 3);
  const zeros = (n: number) => {
    head.code(0, 1); // 18: repeat a zero length 11..138 times
    head.put(n - 11, 7);
  };
  head.code(3, 2); // literal 0: length 2
  zeros(138);
  zeros(117); // literals 1..255: unused
  head.code(3, 2); // 256 (end of block): length 2
  zeros(28); // 257..284: unused
  head.code(2, 2); // 285: length 1
  head.code(2, 2);
  head.code(2, 2); // distances 0 and 1: length 1
  head.code(2, 2); // the literal 0 (code 10)
  const bodyBits = 2 * BOMB_MATCHES;
  const fill = (8 - head.pending) % 8;
  head.put(0, fill);
  const rest = bodyBits - fill;
  const tail = new Bits();
  tail.put(0, rest % 8);
  tail.code(3, 2); // end of block
  if (tail.pending > 0) tail.put(0, 8 - tail.pending);

  const mib = new Uint8Array(MiB);
  let crc = 0;
  for (let left = BOMB_BYTES; left > 0; left -= MiB) crc = crc32(left >= MiB ? mib : mib.subarray(0, left), crc);
  const trailer = new Uint8Array(8);
  new DataView(trailer.buffer).setUint32(0, crc >>> 0, true);
  new DataView(trailer.buffer).setUint32(4, BOMB_BYTES >>> 0, true);

  const fd = openSync(path, 'w');
  try {
    writeSync(fd, new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]));
    writeSync(fd, new Uint8Array(head.bytes));
    for (let left = Math.floor(rest / 8); left > 0; left -= MiB) writeSync(fd, left >= MiB ? mib : mib.subarray(0, left));
    writeSync(fd, new Uint8Array(tail.bytes));
    writeSync(fd, trailer);
  } finally {
    closeSync(fd);
  }
}

/** 1,024 members of 1 MiB of zeros: one made by fflate's streaming Gzip, written 1,024 times. */
function writeMemberBomb(path: string): void {
  const parts: Uint8Array[] = [];
  const gzip = new Gzip({ level: 9 }, (chunk) => void parts.push(chunk));
  gzip.push(new Uint8Array(MiB), true);
  const member = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    member.set(p, at);
    at += p.length;
  }
  const fd = openSync(path, 'w');
  try {
    for (let i = 0; i < 1024; i++) writeSync(fd, member);
  } finally {
    closeSync(fd);
  }
}

function gzipCases(dir: string, write: Write): CorpusCase[] {
  const bomb = join(dir, 'zip-bomb-1gb.gz');
  writeBomb(bomb);
  const members = join(dir, 'zip-bomb-members.gz');
  writeMemberBomb(members);
  const tooLarge = (file: string) => `${re(file)} inflates to more than \\d+ MiB \\(from .* of gzip\\): refused while decompressing`;
  return [
    {
      name: 'a zip bomb: 1 GiB of zeros in one gzip member of 1 MB',
      file: bomb,
      expect: { loads: false, codes: ['input.too-large'], message: tooLarge('zip-bomb-1gb.gz') },
    },
    {
      name: 'a zip bomb: 1,024 gzip members of 1 MiB of zeros',
      file: members,
      expect: { loads: false, codes: ['input.too-large'], message: tooLarge('zip-bomb-members.gz') },
    },
    {
      name: '12,000 gzip members (1,000 with a JSON line, the rest empty)',
      file: write('gzip-many-members.jsonl.gz', manyMembers()),
      expect: { loads: true, spans: 1000, codes: [] },
    },
  ];
}

/**
 * Every case of the corpus, committed and generated, with absolute paths. Writes the generated
 * files into `dir` (an existing directory; a temporary one in tests).
 * @example const cases = corpusCases(mkdtempSync(join(tmpdir(), 'corpus-')));
 */
export function corpusCases(dir: string): CorpusCase[] {
  const write: Write = (name, data) => {
    const path = join(dir, name);
    writeFileSync(path, data);
    return path;
  };
  return [...committedCases(), ...truncationCases(write), ...deepCases(write), ...largeCases(write), ...gzipCases(dir, write)];
}
