import { describe, expect, it } from 'vitest';
import { buildGraph } from '../graph/build-graph';
import { addSpans, createSpanSet } from '../model/merge';
import type { Span } from '../model/span';
import { makeLink, makeSpan, traceId } from '../test-support/make-span';
import { escapeMermaid, toMermaid, type MermaidOptions } from './mermaid';

function mermaidOf(spans: Span[], opts?: MermaidOptions): string {
  const set = createSpanSet();
  addSpans(set, spans);
  return toMermaid(buildGraph(set), opts);
}

/** Every quoted label in the text: what sits between a `"` that opens it and the next `"`. */
function labels(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
}

describe('escapeMermaid', () => {
  it('turns markup into entity codes, once', () => {
    expect(escapeMermaid('<img src=x onerror=alert(1)>')).toBe('#lt;img src=x onerror=alert#40;1#41;#gt;');
    expect(escapeMermaid('a"]b')).toBe('a#quot;#93;b');
    expect(escapeMermaid('#quot; & | `x` %%{init}%%')).toBe('#35;quot; #amp; #124; #96;x#96; #37;#37;#123;init#125;#37;#37;');
  });

  it('flattens newlines and control characters and cuts long text', () => {
    expect(escapeMermaid('a\nb\r\n\tc')).toBe('a b c');
    const long = escapeMermaid('x'.repeat(500));
    expect(long.length).toBeLessThanOrEqual(80);
    expect(long.endsWith('\u2026')).toBe(true);
  });
});

describe('toMermaid', () => {
  const producer = makeSpan({ trace: 'a', id: '1', name: 'Order Created', service: 'orders', startUs: 1 });
  const child = makeSpan({ trace: 'a', id: '2', parent: '1', name: 'publish', service: 'orders', startUs: 2 });
  const consumer = makeSpan({
    trace: 'b',
    id: '3',
    name: 'Payment Processing',
    service: 'payments',
    kind: 'consumer',
    links: [makeLink('a', '1', { 'link.type': 'producer' }), makeLink('c', '7'), makeLink('a', '9')],
  });

  it('draws a subgraph per trace, parent and link edges, and missing targets', () => {
    const text = mermaidOf([producer, child, consumer]);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('flowchart LR');
    expect(lines.filter((l) => /^\s*subgraph /.test(l))).toEqual([
      '  subgraph t0["Order Created · orders · a"]',
      '  subgraph t1["Payment Processing · payments · b"]',
      '  subgraph t2["missing trace c"]',
    ]);
    expect(lines.filter((l) => l.trim() === 'end')).toHaveLength(3);
    expect(text).toContain('n0["Order Created<br/>orders"]');
    expect(text).toContain('n0 --> n1');
    expect(text).toContain('n2["missing span 9"]:::missing');
    expect(text).toContain('n0 -.->|"link.type: producer"| n3');
    expect(text).toContain('n4 -.-> n3');
    expect(lines.filter((l) => l.includes(':::missing'))).toHaveLength(2);
    expect(text).toMatch(/classDef missing .*stroke-dasharray/);
    expect(text).toMatch(/style t2 .*stroke-dasharray/);
    // Edges: 0 is the parent edge, 1 the ok link, 2 and 3 the broken ones.
    expect(lines.at(-1)).toMatch(/^ {2}linkStyle 2,3 stroke:#d33/);
  });

  it('never puts raw ids or unescaped names in the text', () => {
    const evil = makeSpan({ trace: 'a', id: '1', name: '<img src=x onerror=alert(1)>', service: 'x"]\nend\nclick n0 "javascript:alert(1)"' });
    const text = mermaidOf([evil, makeSpan({ trace: 'a', id: '2', links: [makeLink('a', '1', { 'k"|': '<b>' })] })]);
    expect(text).not.toContain('<img');
    expect(text).not.toContain(evil.spanId);
    expect(text.split('\n').filter((l) => l.trim() === 'end')).toHaveLength(1);
    expect(text).not.toMatch(/^\s*click/m);
    for (const label of labels(text)) expect(label.replace(/<br\/>/g, '')).not.toMatch(/[<>[\]|\n]/);
    expect(text).toContain('#lt;img src=x onerror=alert#40;1#41;#gt;');
    expect(text).toContain('-.->|"k#quot;#124;: #lt;b#gt;"|');
  });

  it('limits the drawing to chosen traces plus the placeholders their links need', () => {
    const text = mermaidOf([producer, child, consumer, makeSpan({ trace: 'd', id: '4', name: 'other' })], { traces: [traceId('b')] });
    expect(text).toContain('Payment Processing');
    expect(text).not.toContain('Order Created<br/>');
    expect(text).not.toContain('other');
    expect(text).toContain('missing trace c');
    // The missing span of the loaded but unchosen trace `a` is still drawn, in a box of its own.
    expect(text).toContain('missing span');
    expect(text).not.toContain('link.type: producer');
  });

  it('labels malformed link targets by their raw ids inside an escaped title', () => {
    const text = mermaidOf([makeSpan({ id: '1', links: [makeLink('trace-<1>', 'span-"2"')] })]);
    expect(text).toContain('subgraph t1["malformed link targets: trace trace-#lt;1#gt;"]');
    expect(text).toContain('malformed target: span span-#quot;2#quot;');
  });
});
