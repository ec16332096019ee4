/**
 * Data from a trace file (span names, attribute keys, ids as written) on one terminal line:
 * line breaks become spaces and every other control character (an ANSI escape sequence in a span
 * name could recolour, retitle or clear the terminal) is shown as its code point, `U+001B`; so
 * is a lone surrogate, which no terminal can show (it would print as U+FFFD).
 * @example terminalText('a\u001b[2Jb\nc') === 'aU+001B[2Jb c'
 */
export function terminalText(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(
      // eslint-disable-next-line no-control-regex
      /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
      (c) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
    );
}
