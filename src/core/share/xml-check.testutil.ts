/**
 * Test helper: a small, strict XML 1.0 well-formedness check (no DTD support, which our output
 * never has), returning the element tree so tests can look at names, attributes and text.
 * Strict where it matters for an export: every character is a valid XML character, `<` and `&`
 * appear in text and attribute values only as markup or entity references, tags balance, there
 * is exactly one root element, attribute names are unique per element.
 * Also the hostile texts the export tests feed in, and the check that they come out escaped.
 */
import { expect } from 'vitest';

/** Hostile texts for export tests: markup, CDATA and comment ends, quotes, newlines, NUL and other invalid XML characters. */
export const HOSTILE: readonly string[] = [
  '<img src=x onerror=alert(1)>',
  ']]><script>alert(1)</script>',
  '--><svg onload=alert(1)>',
  `"quoted" & 'single'`,
  'line one\nline two\r\n',
  'nul\u0000here\u0008\ufffe\uffff\ud800end',
];

/** Pieces of the HOSTILE texts no export may hold as written (compared ignoring case). */
export const HOSTILE_RAW: readonly string[] = ['<img', '<script', '<svg onload', 'onerror=alert(1)>', ']]>', '-->', '"quoted"', 'one\nline', '\u0000', '\u0008', '\ufffe', '\uffff', '\ud800'];

/** The HOSTILE texts as `escapeXml` writes them (SVG, HTML), in HOSTILE's order. */
export const HOSTILE_IN_XML: readonly string[] = [
  '&lt;img src=x onerror=alert(1)&gt;',
  ']]&gt;&lt;script&gt;alert(1)&lt;/script&gt;',
  '--&gt;&lt;svg onload=alert(1)&gt;',
  '&quot;quoted&quot; &amp; &#39;single&#39;',
  'line one line two',
  'nulhereend',
];

/**
 * Checks an export that was given the HOSTILE texts: none of `HOSTILE_RAW` (nor of `alsoRaw`) is
 * in it, and each of `escaped` (the texts as the format writes them) is.
 */
export function expectHostileEscaped(text: string, escaped: readonly string[], alsoRaw: readonly string[] = []): void {
  const lower = text.toLowerCase();
  for (const raw of [...HOSTILE_RAW, ...alsoRaw]) expect(lower, `raw ${JSON.stringify(raw)}`).not.toContain(raw.toLowerCase());
  for (const e of escaped) expect(text).toContain(e);
}

export interface XmlElement {
  readonly name: string;
  readonly attrs: ReadonlyMap<string, string>;
  readonly children: (XmlElement | string)[];
}

// eslint-disable-next-line no-control-regex -- invalid XML characters are what this finds
const INVALID_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const NAME = /^[A-Za-z_:][A-Za-z0-9_:.-]*/;
const ENTITY = /^&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the five XML entities and character references of checked text. */
export function decodeXml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/g, (_, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return NAMED[e]!;
  });
}

/** Checks `&` and `<` in character data; returns the decoded text. */
function checkData(raw: string, at: number, where: string): string {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '<') throw new Error(`raw < in ${where} at ${at + i}`);
    if (c === '&' && !ENTITY.test(raw.slice(i))) throw new Error(`bare & in ${where} at ${at + i}: ${raw.slice(i, i + 12)}`);
  }
  if (where === 'text' && raw.includes(']]>')) throw new Error(`]]> in text at ${at}`);
  return decodeXml(raw);
}

/** Parses `xml` or throws an Error naming the first problem and its offset. */
export function parseXml(xml: string): XmlElement {
  const bad = INVALID_CHAR.exec(xml);
  if (bad) throw new Error(`invalid XML character U+${bad[0].charCodeAt(0).toString(16)} at ${bad.index}`);
  let i = 0;
  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end < 0) throw new Error('unterminated XML declaration');
    if (!/^<\?xml version="1\.[0-9]"( encoding="[A-Za-z0-9._-]+")?( standalone="(yes|no)")?\s*\?>$/.test(xml.slice(0, end + 2))) throw new Error('bad XML declaration');
    i = end + 2;
  }
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt < 0 ? xml.length : lt;
    if (textEnd > i) {
      const raw = xml.slice(i, textEnd);
      const text = checkData(raw, i, 'text');
      if (stack.length === 0) {
        if (raw.trim() !== '') throw new Error(`text outside the root element at ${i}`);
      } else stack[stack.length - 1]!.children.push(text);
      i = textEnd;
      continue;
    }
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4);
      if (end < 0) throw new Error(`unterminated comment at ${i}`);
      if (xml.slice(i + 4, end).includes('--') || xml[end - 1] === '-') throw new Error(`-- inside a comment at ${i}`);
      i = end + 3;
      continue;
    }
    if (xml.startsWith('<![CDATA[', i)) {
      if (stack.length === 0) throw new Error(`CDATA outside the root at ${i}`);
      const end = xml.indexOf(']]>', i);
      if (end < 0) throw new Error(`unterminated CDATA at ${i}`);
      stack[stack.length - 1]!.children.push(xml.slice(i + 9, end));
      i = end + 3;
      continue;
    }
    if (xml.startsWith('<!', i)) throw new Error(`DOCTYPE or declaration not supported at ${i}`);
    if (xml.startsWith('<?', i)) {
      const end = xml.indexOf('?>', i);
      if (end < 0) throw new Error(`unterminated processing instruction at ${i}`);
      if (/^<\?xml[\s?]/i.test(xml.slice(i))) throw new Error(`XML declaration not at the start (${i})`);
      i = end + 2;
      continue;
    }
    if (xml.startsWith('</', i)) {
      const m = NAME.exec(xml.slice(i + 2));
      if (!m) throw new Error(`bad end tag at ${i}`);
      let j = i + 2 + m[0].length;
      while (/\s/.test(xml[j] ?? '')) j++;
      if (xml[j] !== '>') throw new Error(`bad end tag at ${i}`);
      const open = stack.pop();
      if (open?.name !== m[0]) throw new Error(`</${m[0]}> closes <${open?.name ?? 'nothing'}> at ${i}`);
      i = j + 1;
      continue;
    }
    // Start tag.
    const m = NAME.exec(xml.slice(i + 1));
    if (!m) throw new Error(`bad tag at ${i}: ${xml.slice(i, i + 20)}`);
    if (stack.length === 0 && root !== undefined) throw new Error(`a second root element at ${i}`);
    const attrs = new Map<string, string>();
    let j = i + 1 + m[0].length;
    for (;;) {
      const ws = /^\s*/.exec(xml.slice(j))![0].length;
      j += ws;
      if (xml.startsWith('/>', j) || xml[j] === '>') break;
      if (ws === 0) throw new Error(`no space before an attribute at ${j}`);
      const a = NAME.exec(xml.slice(j));
      if (!a) throw new Error(`bad attribute at ${j}: ${xml.slice(j, j + 20)}`);
      j += a[0].length;
      const eq = /^\s*=\s*/.exec(xml.slice(j));
      if (!eq) throw new Error(`attribute without value at ${j}`);
      j += eq[0].length;
      const quote = xml[j];
      if (quote !== '"' && quote !== "'") throw new Error(`unquoted attribute value at ${j}`);
      const end = xml.indexOf(quote, j + 1);
      if (end < 0) throw new Error(`unterminated attribute value at ${j}`);
      if (attrs.has(a[0])) throw new Error(`duplicate attribute ${a[0]} at ${j}`);
      attrs.set(a[0], checkData(xml.slice(j + 1, end), j + 1, 'attribute'));
      j = end + 1;
    }
    const element: XmlElement = { name: m[0], attrs, children: [] };
    if (stack.length === 0) root = element;
    else stack[stack.length - 1]!.children.push(element);
    if (xml.startsWith('/>', j)) i = j + 2;
    else {
      stack.push(element);
      i = j + 1;
    }
  }
  if (stack.length > 0) throw new Error(`<${stack[stack.length - 1]!.name}> is never closed`);
  if (root === undefined) throw new Error('no root element');
  return root;
}

/** Every element of the tree, depth first. */
export function elements(root: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const e = stack.pop()!;
    out.push(e);
    for (let k = e.children.length - 1; k >= 0; k--) {
      const child = e.children[k]!;
      if (typeof child !== 'string') stack.push(child);
    }
  }
  return out;
}

/** The text of an element and its descendants. */
export function textOf(e: XmlElement): string {
  return e.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}
