import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyse, analyseSet } from '../analyse';
import { SUMMARY_KEYS } from '../graph/types';
import { spanKey, type TraceId } from '../ids';
import { layoutGraph } from '../layout/elk-layout';
import { addSpans, createSpanSet } from '../model/merge';
import { makeLink, makeSpan, spanId, traceId } from '../test-support/make-span';
import { repoFiles } from '../test-support/repo-files';
import { renderHtmlSnapshot, SNAPSHOT_CSP } from './html-snapshot';
import { escapeXml } from './svg';
import { traceNoteTarget, type Note } from './types';
import { elements, expectHostileEscaped, HOSTILE, HOSTILE_IN_XML, parseXml } from './xml-check.testutil';

const demo = analyse(repoFiles(fs, (p) => new URL(p, import.meta.url)).loadDemo());
const demoLayout = await layoutGraph(demo.graph);
const BATCH = '6cd2f2ce63ee5aebbedeb8f251d94e52' as TraceId;
const batch = [...demo.graph.spans.values()].find((s) => s.name === 'process orders-analytics')!;

/** The inline SVG of a page, which must be well-formed XML on its own. */
const inlineSvg = (html: string) => html.slice(html.indexOf('<svg '), html.indexOf('</svg>') + '</svg>'.length);

describe('renderHtmlSnapshot on the demo traces', () => {
  const notes: Note[] = [
    { target: spanKey(batch.traceId, batch.spanId), text: 'Raise OTEL_SPAN_LINK_COUNT_LIMIT\nsee INC-42' },
    { target: traceNoteTarget(BATCH), text: 'the batch trace' },
  ];
  const html = renderHtmlSnapshot({ ...demo, layout: demoLayout, notes, title: 'Incident 42', generatedAt: '2025-06-03T10:00:00Z' });

  it('starts <head> with the strict CSP meta tag and has no script at all', () => {
    expect(SNAPSHOT_CSP).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en"')).toBe(true);
    expect(html).toMatch(/<head>\s*<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">\s*<meta charset="utf-8">/);
    expect(html.match(/<head>/g)).toHaveLength(1);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/\s(src|href|action|srcset)\s*=/i);
    expect(html.replace('xmlns="http://www.w3.org/2000/svg"', '')).not.toMatch(/https?:|javascript:|url\((?!#tl-arrow-)/i);
    expect(html).not.toMatch(/@import|@font-face/);
  });

  it('shows the summary counts under the app summary bar labels', () => {
    for (const key of SUMMARY_KEYS) expect(html).toContain(`data-key="${key}"><span class="stat__value">${demo.summary[key]}</span>`);
    for (const label of ['traces', 'spans', 'links', 'broken links', 'missing trace', 'missing span', 'invalid context', 'missing parents', 'dropped links']) {
      expect(html).toContain(`<span class="stat__label">${label}</span>`);
    }
    expect(html).toContain('<span class="stat stat--danger" data-key="brokenLinks"><span class="stat__value">3</span>');
  });

  it('has the graph as inline SVG in a scrollable area, well-formed', () => {
    expect(html).toMatch(/<div class="graph"><svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(html).toMatch(/\.graph \{ overflow: auto;/);
    expect(html).not.toContain('<?xml');
    const svg = parseXml(inlineSvg(html));
    expect(elements(svg).filter((e) => e.attrs.get('class') === 'trace-box')).toHaveLength(demo.graph.traces.size);
    expect(elements(svg).filter((e) => e.attrs.get('data-problem') === 'true').length).toBeGreaterThanOrEqual(2);
  });

  it('lists every diagnostic, grouped by severity then code, with its hint', () => {
    for (const d of demo.diagnostics) {
      expect(html).toContain(escapeXml(d.message));
      expect(html).toContain(escapeXml(d.hint));
    }
    const headings = [...html.matchAll(/<h3 class="sev-heading sev-heading--(\w+)">/g)].map((m) => m[1]);
    expect(headings).toEqual(['error', 'warning']);
    const codes = [...html.matchAll(/data-code="([^"]+)"/g)].map((m) => m[1]);
    expect(codes).toEqual(['link.invalid-context', 'link.missing-span', 'link.missing-trace', 'span.dropped-links', 'span.expected-link-absent']);
    expect(html.indexOf('data-code="link.missing-span"')).toBeLessThan(html.indexOf('data-code="link.missing-trace"'));
  });

  it('lists the notes with their target, keeping line breaks', () => {
    expect(html).toContain('<div class="note__text">Raise OTEL_SPAN_LINK_COUNT_LIMIT<br>see INC-42</div>');
    expect(html).toContain(`analytics-service &quot;process orders-analytics&quot; (trace 6cd2f2ce, span ${batch.spanId})`);
    expect(html).toContain('trace 6cd2f2ce · process orders-analytics');
    expect(html).toContain('<h2>Notes <span class="count">2</span></h2>');
  });

  it('has the title and the generation time', () => {
    expect(html).toContain('<title>Incident 42</title>');
    expect(html).toContain('<h1>Incident 42</h1>');
    expect(html).toContain('generated 2025-06-03T10:00:00Z');
    expect(renderHtmlSnapshot({ ...demo, layout: demoLayout, notes: [] })).toContain('<title>tracelinks snapshot</title>');
  });

  it('draws only the chosen traces', () => {
    const some = renderHtmlSnapshot({ ...demo, layout: demoLayout, notes, traces: new Set([BATCH]) });
    const svg = parseXml(inlineSvg(some));
    expect(elements(svg).filter((e) => e.attrs.get('class') === 'trace-box')).toHaveLength(1);
    expect(some).toContain(`showing 1 of ${demo.graph.traces.size} trace boxes`);
    // The summary and the lists stay those of the whole analysis.
    expect(some).toContain(`data-key="spans"><span class="stat__value">${demo.summary.spans}</span>`);
    for (const d of demo.diagnostics) expect(some).toContain(escapeXml(d.message));
  });

  it('has a dark theme', () => {
    const dark = renderHtmlSnapshot({ ...demo, layout: demoLayout, notes, theme: 'dark' });
    expect(dark).toContain('<html lang="en" data-theme="dark">');
    expect(dark).toContain('color-scheme: dark');
    expect(dark).toContain('data-theme="dark"');
    expect(dark).toContain('background: #0f1419');
    expect(html).toContain('background: #f6f7f9');
  });

  it('says so when nothing is wrong and there are no notes', async () => {
    const set = createSpanSet();
    addSpans(set, [makeSpan({ id: '1' })]);
    const a = analyseSet(set);
    const page = renderHtmlSnapshot({ ...a, layout: await layoutGraph(a.graph), notes: [] });
    expect(page).toContain('No problems found.');
    expect(page).toContain('No notes.');
  });
});

const hostileSet = createSpanSet();
addSpans(hostileSet, [
  ...HOSTILE.map((name, i) => makeSpan({ trace: 'a', id: String(i + 1), name, service: name, kind: 'consumer', attributes: { 'messaging.operation.type': 'process' } })),
  makeSpan({ trace: 'b', id: '9', name: HOSTILE[0], links: [makeLink('a', '1', { [HOSTILE[1]!]: HOSTILE[2]! }), makeLink('c', '7')] }),
]);
const hostile = analyseSet(hostileSet);
const notes: Note[] = HOSTILE.map((text, i) => ({ target: spanKey(traceId('a'), spanId(String(i + 1))), text }));
notes.push({ target: traceNoteTarget(traceId('b')), text: HOSTILE.join(' ') }, { target: `${HOSTILE[0]}` as Note['target'], text: 'unknown target' });
const html = renderHtmlSnapshot({ ...hostile, layout: await layoutGraph(hostile.graph), notes, title: HOSTILE.join(' '), generatedAt: HOSTILE[1] });

describe('renderHtmlSnapshot with hostile texts', () => {
  it('has diagnostics that name the hostile spans', () => {
    expect(hostile.diagnostics.length).toBeGreaterThan(0);
    expect(hostile.diagnostics.some((d) => d.message.includes('<img'))).toBe(true);
  });

  it('escapes every hostile text', () => {
    expectHostileEscaped(html, HOSTILE_IN_XML, ["'single'"]);
    expect(html).toContain('<div class="note__text">line one<br>line two<br></div>');
    expect(html.match(/<title>/g)!.length).toBeGreaterThan(1); // the page's, and the SVG's tooltips
    expect(html.match(/<\/head>/g)).toHaveLength(1);
    expect(html.match(/<body>/g)).toHaveLength(1);
    for (const d of hostile.diagnostics) expect(html).toContain(escapeXml(d.message));
    parseXml(inlineSvg(html));
  });
});
