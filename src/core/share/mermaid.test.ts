import { describe, expect, it } from 'vitest';
import { buildGraph } from '../graph/build-graph';
import { addSpans, createSpanSet } from '../model/merge';
import type { Span } from '../model/span';
import { spanKey } from '../ids';
import { makeLink, makeSpan, spanId, traceId } from '../test-support/make-span';
import { escapeMermaid, toMermaid, toTraceMermaid, type MermaidOptions } from './mermaid';
import type { OverviewDrawing } from './scene';
import { OVERVIEW, repeatedTraceId as T } from './scene.testutil';
import { traceNoteTarget, type Note } from './types';
import { expectHostileEscaped, HOSTILE } from './xml-check.testutil';

function mermaidOf(spans: Span[], opts?: MermaidOptions): string {
  const set = createSpanSet();
  addSpans(set, spans);
  return toMermaid(buildGraph(set), opts);
}

/** The HOSTILE texts as `escapeMermaid` writes them, in HOSTILE's order. */
const HOSTILE_IN_MERMAID = [
  '#lt;img src=x onerror=alert#40;1#41;#gt;',
  '#93;#93;#gt;#lt;script#gt;alert#40;1#41;#lt;/script#gt;',
  '--#gt;#lt;svg onload=alert#40;1#41;#gt;',
  "#quot;quoted#quot; #amp; 'single'",
  'line one line two',
  'nul here end',
];

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

describe('toMermaid with notes', () => {
  const a1 = makeSpan({ trace: 'a', id: '1', name: 'Order Created', service: 'orders' });
  const b3 = makeSpan({ trace: 'b', id: '3', name: 'Payment', service: 'payments', links: [makeLink('a', '1'), makeLink('c', '7')] });
  const keyOf = (s: Span) => spanKey(s.traceId, s.spanId);

  it('draws each note as a yellow node joined to its span or trace subgraph without an arrow', () => {
    const notes: Note[] = [
      { target: keyOf(b3), text: 'consumer: check the extraction' },
      { target: traceNoteTarget(traceId('a')), text: 'the producer trace' },
      { target: spanKey(traceId('c'), spanId('7')), text: 'never exported' },
    ];
    const text = mermaidOf([a1, b3], { notes });
    const lines = text.trimEnd().split('\n');
    expect(text).toMatch(/^ {2}classDef note fill:#fff3b0/m);
    expect(lines).toContain('  note0>"📝 consumer: check the extraction"]:::note');
    expect(lines).toContain('  note1>"📝 the producer trace"]:::note');
    expect(lines).toContain('  note2>"📝 never exported"]:::note');
    expect(lines).toContain('  note0 -.- n1');
    expect(lines).toContain('  note1 -.- t0');
    expect(lines).toContain('  note2 -.- n2');
    // The note lines come after the 2 link edges: numbered 2, 3, 4 for their style; broken link 1 still red.
    expect(lines).toContain('  linkStyle 1 stroke:#d33,stroke-width:2px,color:#a00');
    expect(lines.at(-1)).toMatch(/^ {2}linkStyle 2,3,4 stroke:#e2c044/);
  });

  it('leaves out notes whose target is not drawn, and changes nothing without notes', () => {
    const notes: Note[] = [{ target: keyOf(a1), text: 'not drawn' }, { target: traceNoteTarget(traceId('f')), text: 'no such trace' }];
    const only = mermaidOf([a1, b3], { traces: [traceId('b')], notes });
    expect(only).not.toContain('note');
    expect(mermaidOf([a1, b3], { notes: [] })).toBe(mermaidOf([a1, b3]));
  });

  it('escapes note texts', () => {
    const notes: Note[] = HOSTILE.map((t) => ({ target: keyOf(a1), text: t }));
    const text = mermaidOf([a1], { notes });
    expectHostileEscaped(text, HOSTILE_IN_MERMAID);
    HOSTILE_IN_MERMAID.slice(0, 3).forEach((escaped, i) => expect(text).toContain(`note${i}>"📝 ${escaped}"]:::note`));
    for (const label of labels(text)) expect(label.replace(/<br\/>/g, '')).not.toMatch(/[<>[\]|\n]/);
    expect(text.split('\n').filter((l) => l.includes('-.-'))).toHaveLength(HOSTILE.length);
  });
});

describe('toTraceMermaid', () => {
  it('draws one node per trace and aggregated link edges, broken ones red', () => {
    const lines = toTraceMermaid(OVERVIEW).trimEnd().split('\n');
    expect(lines).toEqual([
      'flowchart LR',
      expect.stringMatching(/^ {2}classDef missing /),
      '  t0["POST /checkout · web · 12 spans · 0 problems"]',
      '  t1["process orders · payments · 1 span · 2 problems"]',
      '  t2["missing trace · trace cccccccc"]:::missing',
      '  t0 -.->|"3 links"| t1',
      '  t2 -.->|"1 link · 1 broken"| t1',
      '  linkStyle 1 stroke:#d33,stroke-width:2px,color:#a00',
    ]);
  });

  it('joins notes to the trace node (a span note to its trace) and escapes everything', () => {
    const hostile: OverviewDrawing = { nodes: [{ ...OVERVIEW.nodes[0]!, title: HOSTILE[0]!, service: HOSTILE[1]! }], edges: [] };
    const text = toTraceMermaid(hostile, [
      { target: spanKey(T('a'), '1'.repeat(16)), text: HOSTILE[2]! },
      { target: traceNoteTarget(T('a')), text: 'whole trace' },
      { target: traceNoteTarget(T('f')), text: 'not drawn' },
    ]);
    // The title and service are cut to 80 characters together.
    expectHostileEscaped(text, [`t0["${HOSTILE_IN_MERMAID[0]} · #93;#93;#gt;#lt;script#gt;`, `note0>"📝 ${HOSTILE_IN_MERMAID[2]}"]:::note`]);
    expect(text).toContain('note1>"📝 whole trace"]:::note');
    expect(text).toContain('  note0 -.- t0\n  note1 -.- t0\n  linkStyle 0,1 stroke:#e2c044');
    expect(text).not.toContain('not drawn');
  });
});
