import { describe, expect, it } from 'vitest';
import { terminalText } from './terminal-text';

describe('terminalText', () => {
  it('keeps text, joins lines, shows control characters and lone surrogates as code points', () => {
    expect(terminalText('héllo ✓ 𝄞')).toBe('héllo ✓ 𝄞');
    expect(terminalText('a\r\nb\nc')).toBe('a b c');
    expect(terminalText(`${String.fromCharCode(27)}[31mred\u0007\u009b`)).toBe('U+001B[31mredU+0007U+009B');
    expect(terminalText('half \ud800 and \udfff')).toBe('half U+D800 and U+DFFF');
  });
});
