import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyse, analyseSet } from '../analyse';
import { spanKey, type TraceId } from '../ids';
import { layoutGraph } from '../layout/elk-layout';
import { addSpans, createSpanSet } from '../model/merge';
import { makeLink, makeSpan, spanId, traceId } from '../test-support/make-span';
import { repoFiles } from '../test-support/repo-files';
import { sceneFromGraph, sceneFromOverview } from './scene';
import { cleanText, escapeXml, fitText, renderSvg, SVG_THEMES } from './svg';
import { traceNoteTarget, type Note } from './types';
import { elements, expectHostileEscaped, HOSTILE, HOSTILE_IN_XML, parseXml, textOf, type XmlElement } from './xml-check.testutil';

const demo = analyse(repoFiles(fs, (p) => new URL(p, import.meta.url)).loadDemo());
const demoLayout = await layoutGraph(demo.graph);


const byClass = (root: XmlElement, cls: string) => elements(root).filter((e) => e.attrs.get('class')?.split(' ').includes(cls));

describe('the test XML check', () => {
  it('is strict', () => {
    expect(parseXml('<?xml version="1.0" encoding="UTF-8"?>\n<a x="1"><b/>t &amp; &#60; &#x3c;</a>\n').name).toBe('a');
    for (const bad of ['<a>1 < 2</a>', '<a>&nbsp;</a>', '<a>AT&T</a>', '<a><b></a></b>', '<a x="1" x="2"/>', '<a x=1/>', '<a/><b/>', '<a>', 'text<a/>', '<a>\u0000</a>', '<a>]]></a>', '<a x="<"/>', '<a><!-- a -- b --></a>', ' <?xml version="1.0"?><a/>']) {
      expect(() => parseXml(bad), bad).toThrow();
    }
  });
});

describe('escapeXml', () => {
  it('escapes the five markup characters', () => {
    expect(escapeXml(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;');
    expect(escapeXml(']]>')).toBe(']]&gt;');
    expect(escapeXml('-->')).toBe('--&gt;');
  });

  it('removes characters XML cannot hold and flattens line breaks, keeping real text', () => {
    expect(escapeXml('a\u0000b\u0001c\u0008d\u000be\u001ff\u007fg\u0085h\ufffei\uffffj')).toBe('abcdefghij');
    expect(escapeXml('lone \ud800 and \udc00 surrogates')).toBe('lone  and  surrogates');
    expect(escapeXml('one\ntwo\r\nthree\tfour\u2028five')).toBe('one two three four five');
    expect(escapeXml('emoji 📝 ü 日本 \u{10ffff}')).toBe('emoji 📝 ü 日本 \u{10ffff}');
    expect(cleanText('a\u0000\nb')).toBe('a b');
  });
});

describe('fitText', () => {
  it('keeps what fits and cuts the rest with an ellipsis, never inside a surrogate pair', () => {
    expect(fitText('short', 200, 13)).toBe('short');
    const cut = fitText('x'.repeat(100), 100, 10);
    expect(cut.endsWith('\u2026')).toBe(true);
    expect(cut.length).toBeLessThan(20);
    const emoji = fitText('📝'.repeat(40), 100, 10);
    expect(emoji.endsWith('\u2026')).toBe(true);
    expect([...emoji.slice(0, -1)].every((c) => c === '📝')).toBe(true);
  });
});

describe('renderSvg on the demo traces', () => {
  const notes = [
    { target: spanKey('6cd2f2ce63ee5aebbedeb8f251d94e52', [...demo.graph.spans.values()].find((s) => s.name === 'process orders-analytics')!.spanId), text: 'lost 3 links' },
    { target: traceNoteTarget('0ab511c1b921d567f223e08148437498'), text: 'the order' },
  ];
  const scene = sceneFromGraph(demo.graph, demoLayout, { notes });
  const svg = renderSvg(scene, { title: 'Incident 42: order flow' });
  const root = parseXml(svg);
  const all = elements(root);

  it('is a well-formed standalone SVG 1.1 document', () => {
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')).toBe(true);
    expect(root.name).toBe('svg');
    expect(root.attrs.get('xmlns')).toBe('http://www.w3.org/2000/svg');
    expect(root.attrs.get('version')).toBe('1.1');
    const [w, h] = [Number(root.attrs.get('width')), Number(root.attrs.get('height'))];
    expect(root.attrs.get('viewBox')).toBe(`0 0 ${w} ${h}`);
    expect(w).toBeGreaterThanOrEqual(scene.width);
    expect(h).toBeGreaterThanOrEqual(scene.height);
    expect(textOf(all.find((e) => e.name === 'title')!)).toBe('Incident 42: order flow');
  });

  it('holds nothing active and references nothing outside itself', () => {
    for (const e of all) {
      expect(['script', 'foreignObject', 'image', 'use', 'a', 'style', 'iframe']).not.toContain(e.name);
      for (const [name, value] of e.attrs) {
        expect(name).not.toMatch(/^on/i);
        expect(name).not.toMatch(/href$/i);
        if (name !== 'xmlns') expect(value).not.toMatch(/https?:|javascript:|data:/i);
        if (value.includes('url(')) expect(value).toMatch(/^url\(#tl-arrow-(parent|link|broken)\)$/);
      }
    }
    expect(svg).not.toMatch(/@import|@font-face/);
  });

  it('draws every box, every span (its name in full in the tooltip) and every placeholder', () => {
    expect(byClass(root, 'trace-box')).toHaveLength(demo.graph.traces.size);
    const nodes = byClass(root, 'node');
    expect(nodes).toHaveLength(scene.nodes.length);
    const tips = nodes.map((n) => textOf(n.children.find((c): c is XmlElement => typeof c !== 'string' && c.name === 'title')!));
    for (const span of demo.graph.spans.values()) expect(tips).toContain(`${span.name} · ${span.service}`);
    expect(nodes.filter((n) => n.attrs.get('data-missing') === 'true')).toHaveLength(demo.graph.placeholders.size);
    expect(nodes.filter((n) => n.attrs.get('data-error') === 'true').length).toBeGreaterThan(0);
    // Placeholders are red with a dashed outline.
    for (const n of nodes.filter((x) => x.attrs.get('data-missing') === 'true')) {
      const rect = n.children.find((c): c is XmlElement => typeof c !== 'string' && c.name === 'rect')!;
      expect(rect.attrs.get('stroke')).toBe(SVG_THEMES.light.danger);
      expect(rect.attrs.get('stroke-dasharray')).toBeTruthy();
    }
    // Short names are drawn whole.
    expect(all.filter((e) => e.name === 'text').map(textOf)).toContain('process orders-analytics');
  });

  it('draws parent edges solid, link edges as dashed beziers and broken links red, each with an arrowhead', () => {
    const parents = byClass(root, 'edge-parent');
    expect(parents).toHaveLength(demo.graph.parentEdges.length);
    for (const p of parents) {
      expect(p.attrs.get('stroke-dasharray')).toBeUndefined();
      expect(p.attrs.get('marker-end')).toBe('url(#tl-arrow-parent)');
    }
    const links = byClass(root, 'edge-link');
    expect(links).toHaveLength(demo.summary.links);
    for (const l of links) {
      expect(l.attrs.get('d')).toMatch(/^M[\d.-]+ [\d.-]+C/);
      expect(l.attrs.get('stroke-dasharray')).toBe('6 4');
    }
    const broken = links.filter((l) => l.attrs.get('class')!.includes('edge-broken'));
    expect(broken).toHaveLength(demo.summary.brokenLinks);
    for (const l of broken) {
      expect(l.attrs.get('stroke')).toBe(SVG_THEMES.light.danger);
      expect(l.attrs.get('marker-end')).toBe('url(#tl-arrow-broken)');
    }
    for (const l of links.filter((x) => !broken.includes(x))) expect(l.attrs.get('stroke')).toBe(SVG_THEMES.light.link);
    const markers = all.filter((e) => e.name === 'marker').map((m) => m.attrs.get('id'));
    expect(markers).toEqual(['tl-arrow-parent', 'tl-arrow-link', 'tl-arrow-broken']);
  });

  it('puts link labels on pills, notes on yellow stickies, and a legend', () => {
    const labels = byClass(root, 'edge-label');
    expect(labels.length).toBe(scene.edges.filter((e) => e.shortLabel !== '').length);
    expect(labels.map(textOf).join('\n')).toContain('link.type: retry, retry.attempt: 2');
    expect(labels.every((l) => l.children.some((c) => typeof c !== 'string' && c.name === 'rect'))).toBe(true);
    const stickies = byClass(root, 'note');
    expect(stickies.map((n) => textOf(n.children[0] as XmlElement))).toEqual(['lost 3 links', 'the order']);
    const legend = textOf(byClass(root, 'legend')[0]!);
    for (const words of ['parent edge', 'link edge', 'broken link', 'missing target']) expect(legend).toContain(words);
  });

  it('has a dark theme with the dark colours', () => {
    const dark = renderSvg(scene, { theme: 'dark' });
    const darkRoot = parseXml(dark);
    expect(darkRoot.attrs.get('data-theme')).toBe('dark');
    expect(byClass(darkRoot, 'background')[0]!.attrs.get('fill')).toBe(SVG_THEMES.dark.bg);
    expect(byClass(darkRoot, 'edge-broken').every((e) => e.attrs.get('stroke') === SVG_THEMES.dark.danger)).toBe(true);
    expect(dark).not.toContain(SVG_THEMES.light.bg);
    expect(svg).not.toContain(SVG_THEMES.dark.bg);
  });

  it('renders the traces filter and an empty scene', () => {
    const one = renderSvg(sceneFromGraph(demo.graph, demoLayout, { traces: new Set(['6cd2f2ce63ee5aebbedeb8f251d94e52' as TraceId]) }));
    const oneRoot = parseXml(one);
    expect(byClass(oneRoot, 'trace-box')).toHaveLength(1);
    expect(byClass(oneRoot, 'edge-link')).toHaveLength(0);
    expect(Number(oneRoot.attrs.get('width'))).toBeLessThan(Number(root.attrs.get('width')));
    const empty = parseXml(renderSvg({ width: 0, height: 0, boxes: [], nodes: [], edges: [], notes: [] }));
    expect(byClass(empty, 'legend')).toHaveLength(1);
  });

  it('renders the trace-level overview', () => {
    const nodes = demoLayout.traces.map((b, i) => {
      const t = demo.graph.traces.get(b.traceId)!;
      return { traceId: b.traceId, title: t.placeholder ? 'missing trace' : 'root', service: 'svc', spanCount: t.spans.length, problemCount: 0, placeholder: t.placeholder, x: i * 300, y: 0, width: 240, height: 64 };
    });
    const overview = sceneFromOverview({ nodes, edges: [{ from: nodes[0]!.traceId, to: nodes[1]!.traceId, count: 3, broken: 1 }] });
    const o = parseXml(renderSvg(overview));
    expect(byClass(o, 'node')).toHaveLength(nodes.length);
    expect(byClass(o, 'edge-broken')).toHaveLength(1);
    expect(textOf(byClass(o, 'edge-label')[0]!)).toContain('3 links · 1 broken');
  });
});

const hostileSet = createSpanSet();
addSpans(hostileSet, [
  ...HOSTILE.map((name, i) => makeSpan({ trace: 'a', id: String(i + 1), name, service: name, attributes: { k: name } })),
  makeSpan({ trace: 'b', id: '9', name: 'holder', links: [makeLink('a', '1', { [HOSTILE[1]!]: HOSTILE[0]! })] }),
]);
const hostileGraph = analyseSet(hostileSet).graph;
const hostileLayout = await layoutGraph(hostileGraph);

describe('renderSvg with hostile names', () => {
  const notes: Note[] = HOSTILE.map((text, i) => ({ target: spanKey(traceId('a'), spanId(String(i + 1))), text }));
  notes.push({ target: traceNoteTarget(traceId('b')), text: HOSTILE.join(' ') });
  const svg = renderSvg(sceneFromGraph(hostileGraph, hostileLayout, { notes }), { title: HOSTILE.join(' ') });

  it('stays well-formed and inert', () => {
    const root = parseXml(svg);
    for (const e of elements(root)) {
      expect(e.name).not.toBe('script');
      expect(e.name).not.toBe('img');
      for (const name of e.attrs.keys()) expect(name).not.toMatch(/^on/i);
    }
  });

  it('has every hostile text only escaped', () => {
    expectHostileEscaped(svg, HOSTILE_IN_XML, ["'single'"]);
    const texts = elements(parseXml(svg)).filter((e) => e.name === 'text' || e.name === 'title').map(textOf);
    expect(texts.filter((t) => /[\n\r]/.test(t))).toEqual([]);
    // Decoded, the texts read as written: the name in its node's tooltip, the note, the link label, the title.
    expect(texts.filter((t) => t.includes('<img src=x onerror=alert(1)>')).length).toBeGreaterThanOrEqual(4);
    expect(texts).toContain('<img src=x onerror=alert(1)> · <img src=x onerror=alert(1)>');
  });
});
