/**
 * Where a JSON text breaks, for messages: the engine's own report when it names a position,
 * else a small validator. Error paths only: nothing here runs on a file that parses.
 */

export interface JsonErrorAt {
  /** UTF-16 offset of the offending character (the text's length for "ends too early"). */
  readonly offset: number;
  readonly message: string;
}

/**
 * The offset in an engine's `JSON.parse` message, when it has one:
 * V8 `… in JSON at position 12` (Node 20), `… (line 2 column 5)` (newer V8/Chromium),
 * Firefox `… at line 2 column 5 of the JSON data`, and `Unexpected end of JSON input` (the end).
 * Safari and V8's `Unexpected token 'x', "…" is not valid JSON` carry none: undefined.
 */
export function offsetFromMessage(message: string, text: string): number | undefined {
  const lc = /\(line (\d+) column (\d+)\)/.exec(message) ?? /at line (\d+) column (\d+)/.exec(message);
  if (lc !== null) return offsetOf(text, Number(lc[1]), Number(lc[2]));
  const pos = /at position (\d+)/.exec(message);
  if (pos !== null) return Math.min(Number(pos[1]), text.length);
  if (/Unexpected end of JSON input/i.test(message)) return text.length;
  return undefined;
}

/** 1-based line and column of an offset (columns count UTF-16 units, as editors mostly do). */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  let nl = text.indexOf('\n');
  while (nl >= 0 && nl < offset) {
    line++;
    lineStart = nl + 1;
    nl = text.indexOf('\n', lineStart);
  }
  return { line, column: offset - lineStart + 1 };
}

function offsetOf(text: string, line: number, column: number): number {
  let start = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) return text.length;
    start = nl + 1;
  }
  return Math.min(start + column - 1, text.length);
}

/**
 * Characters a message cannot show as they are: control characters (NUL padding, binary junk),
 * byte order marks and other invisible or line-breaking characters, lone surrogates.
 */
export const UNPRINTABLE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff\ufff9-\ufffb]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** One character for a message: `'x'` when it shows, else its code point (`U+FEFF`). */
export function showChar(c: string): string {
  UNPRINTABLE.lastIndex = 0;
  if (!UNPRINTABLE.test(c)) return `'${c}'`;
  return `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Text for a message with every unprintable character written as its code point. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

class Stop {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

/**
 * The first syntax error in `s` (one JSON value, surrounding space allowed), or undefined when
 * it is valid. `nonFinite`: accept Python's NaN/Infinity/-Infinity as values.
 */
export function findJsonError(s: string, nonFinite: boolean): JsonErrorAt | undefined {
  let i = 0;
  const n = s.length;
  const stop = (message: string): never => {
    throw new Stop(i, i >= n ? 'The JSON ends too early (truncated file?)' : message);
  };
  const space = (): void => {
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      i++;
    }
  };
  const string = (): void => {
    i++;
    for (;;) {
      if (i >= n) stop('');
      const c = s.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) stop('Unescaped control character (a raw line break?) inside a string');
      if (c === 0x5c) {
        i++;
        const e = s[i];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(s.slice(i + 1, i + 5))) stop('Bad \\u escape in a string');
          i += 5;
        } else if (e !== undefined && ESCAPES.has(e)) i++;
        else stop('Bad escape in a string');
        continue;
      }
      i++;
    }
  };
  const word = (w: string): boolean => {
    if (!s.startsWith(w, i)) return false;
    i += w.length;
    return true;
  };
  const value = (depth: number): void => {
    space();
    if (i >= n) stop('');
    if (depth > 2_000) stop('Nested too deeply');
    const c = s[i]!;
    if (c === '{') {
      i++;
      space();
      if (s[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        space();
        if (s[i] !== '"') stop('Expected a property name in double quotes');
        string();
        space();
        if (s[i] !== ':') stop("Expected ':' after a property name");
        i++;
        value(depth + 1);
        space();
        if (s[i] === ',') {
          i++;
          continue;
        }
        if (s[i] === '}') {
          i++;
          return;
        }
        stop("Expected ',' or '}' after a property value");
      }
    }
    if (c === '[') {
      i++;
      space();
      if (s[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value(depth + 1);
        space();
        if (s[i] === ',') {
          i++;
          continue;
        }
        if (s[i] === ']') {
          i++;
          return;
        }
        stop("Expected ',' or ']' after an array element");
      }
    }
    if (c === '"') return string();
    NUMBER.lastIndex = i;
    if (NUMBER.test(s)) {
      i = NUMBER.lastIndex;
      return;
    }
    if (word('true') || word('false') || word('null')) return;
    if (nonFinite && (word('NaN') || word('Infinity') || word('-Infinity'))) return;
    stop(`Unexpected character ${showChar(c)}`);
  };
  try {
    value(0);
    space();
    if (i < n) stop('Unexpected text after the end of the JSON value');
    return undefined;
  } catch (e) {
    if (e instanceof Stop) return { offset: e.offset, message: e.message };
    return { offset: i, message: e instanceof Error ? e.message : String(e) };
  }
}
