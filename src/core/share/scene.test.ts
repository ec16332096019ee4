import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyse, analyseSet } from '../analyse';
import { spanKey, type SpanKey, type TraceId } from '../ids';
import { layoutGraph } from '../layout/elk-layout';
import { SPAN_NODE_HEIGHT, SPAN_NODE_WIDTH } from '../layout/types';
import { addSpans, createSpanSet } from '../model/merge';
import type { Span } from '../model/span';
import { makeLink, makeSpan, traceId } from '../test-support/make-span';
import { repoFiles } from '../test-support/repo-files';
import { edgeCurve, sceneFromGraph, sceneFromOverview, wrapNote, type Scene } from './scene';
import { OVERVIEW, repeatedTraceId as T } from './scene.testutil';
import { traceNoteTarget, type Note } from './types';

const demo = analyse(repoFiles(fs, (p) => new URL(p, import.meta.url)).loadDemo());
const demoLayout = await layoutGraph(demo.graph);
const BATCH = '6cd2f2ce63ee5aebbedeb8f251d94e52' as TraceId;
const batchSpan = [...demo.graph.spans.values()].find((s) => s.name === 'process orders-analytics')!;
const batchKey = spanKey(batchSpan.traceId, batchSpan.spanId);

function bounds(scene: Scene) {
  const rects = [...scene.boxes, ...scene.nodes, ...scene.notes];
  return {
    minX: Math.min(...rects.map((r) => r.x)),
    minY: Math.min(...rects.map((r) => r.y)),
    maxX: Math.max(...rects.map((r) => r.x + r.width)),
    maxY: Math.max(...rects.map((r) => r.y + r.height)),
  };
}

async function sceneOf(spans: Span[], opts?: Parameters<typeof sceneFromGraph>[2]) {
  const set = createSpanSet();
  addSpans(set, spans);
  const { graph } = analyseSet(set);
  return { graph, scene: sceneFromGraph(graph, await layoutGraph(graph), opts) };
}

describe('sceneFromGraph on the demo traces', () => {
  const scene = sceneFromGraph(demo.graph, demoLayout);

  it('has a box per trace box, a node per span and placeholder, an edge per parent and link edge', () => {
    expect(scene.boxes).toHaveLength(demo.graph.traces.size);
    expect(scene.nodes.filter((n) => n.kind === 'span')).toHaveLength(demo.summary.spans);
    expect(scene.nodes.filter((n) => n.kind === 'placeholder')).toHaveLength(demo.graph.placeholders.size);
    expect(scene.edges.filter((e) => e.kind === 'parent')).toHaveLength(demo.graph.parentEdges.length);
    expect(scene.edges.filter((e) => e.kind !== 'parent')).toHaveLength(demo.summary.links);
    expect(scene.edges.filter((e) => e.kind === 'broken')).toHaveLength(demo.summary.brokenLinks);
    expect(scene.boxes.filter((b) => b.kind === 'placeholder').map((b) => b.title).sort()).toEqual(['malformed link target', 'missing trace']);
  });

  it('starts at 0,0, holds everything, and keeps every node inside its box', () => {
    const b = bounds(scene);
    expect([b.minX, b.minY]).toEqual([0, 0]);
    expect(scene.width).toBe(b.maxX);
    expect(scene.height).toBe(b.maxY);
    const boxOf = new Map(scene.boxes.map((box) => [box.traceId, box]));
    for (const node of scene.nodes) {
      const box = boxOf.get(node.traceId)!;
      expect(node.x).toBeGreaterThanOrEqual(box.x);
      expect(node.y).toBeGreaterThanOrEqual(box.y + 36);
      expect(node.x + node.width).toBeLessThanOrEqual(box.x + box.width);
      expect(node.y + node.height).toBeLessThanOrEqual(box.y + box.height);
      expect([node.width, node.height]).toEqual([SPAN_NODE_WIDTH, SPAN_NODE_HEIGHT]);
    }
  });

  it('anchors every edge on the sides of its two nodes', () => {
    const nodeOf = new Map(scene.nodes.map((n) => [n.id, n]));
    for (const e of scene.edges) {
      const a = nodeOf.get(e.from)!;
      const b = nodeOf.get(e.to)!;
      expect(e.source.x).toBeGreaterThanOrEqual(a.x);
      expect(e.source.x).toBeLessThanOrEqual(a.x + a.width);
      expect(e.source.y).toBeGreaterThanOrEqual(a.y);
      expect(e.source.y).toBeLessThanOrEqual(a.y + a.height);
      expect(e.target.x).toBeGreaterThanOrEqual(b.x);
      expect(e.target.x).toBeLessThanOrEqual(b.x + b.width);
    }
  });

  it('carries texts, colours, durations, error status and problem marks', () => {
    const batch = scene.nodes.find((n) => n.id === batchKey)!;
    expect(batch).toMatchObject({ kind: 'span', title: 'process orders-analytics', subtitle: 'analytics-service', service: 'analytics-service', problem: true, missing: false });
    expect(batch.colour).toMatch(/^#[0-9a-f]{6}$/);
    expect(batch.duration).toMatch(/ms$/);
    expect(scene.nodes.filter((n) => n.error).map((n) => n.title)).toContain('smtp send');
    expect(scene.boxes.find((b) => b.traceId === BATCH)).toMatchObject({ title: 'process orders-analytics', service: 'analytics-service', shortId: '6cd2f2ce', problem: true });
    const placeholders = scene.nodes.filter((n) => n.kind === 'placeholder');
    expect(placeholders.every((n) => n.missing && n.problem)).toBe(true);
    expect(placeholders.map((n) => n.title).sort()).toEqual(['invalid context', 'missing span', 'missing trace']);
    const labels = scene.edges.filter((e) => e.kind === 'link').map((e) => e.label);
    expect(labels).toContain('link.type: retry, retry.attempt: 2');
    expect(scene.edges.find((e) => e.label === 'link.type: retry, retry.attempt: 2')!.shortLabel).toBe('link.type: retry +1');
  });

  it('takes the problem marks it is given', () => {
    const marked = sceneFromGraph(demo.graph, demoLayout, { problems: new Set<SpanKey>() });
    expect(marked.nodes.filter((n) => n.kind === 'span' && n.problem)).toHaveLength(0);
    expect(marked.boxes.filter((b) => b.problem).every((b) => b.kind === 'placeholder' || b.traceId === '97e483e2f480c5ee6b930df04f8c1426')).toBe(true);
  });
});

describe('sceneFromGraph with a traces filter', () => {
  const missingBox = demoLayout.traces.find((b) => demo.graph.traces.get(b.traceId)!.placeholder && !b.traceId.startsWith('invalid:'))!;
  const keep = new Set([BATCH, missingBox.traceId]);
  const scene = sceneFromGraph(demo.graph, demoLayout, { traces: keep });

  it('draws only those boxes, their nodes and the edges between drawn nodes', () => {
    expect(new Set(scene.boxes.map((b) => b.traceId))).toEqual(keep);
    const expected = new Set(demoLayout.traces.filter((b) => keep.has(b.traceId)).flatMap((b) => b.nodes.map((n) => n.key as string)));
    expect(new Set(scene.nodes.map((n) => n.id))).toEqual(expected);
    const parents = demo.graph.parentEdges.filter((e) => expected.has(e.parent) && expected.has(e.child));
    const links = demo.graph.linkEdges.filter((e) => expected.has(e.from) && expected.has(e.to));
    expect(scene.edges.filter((e) => e.kind === 'parent')).toHaveLength(parents.length);
    expect(scene.edges.filter((e) => e.kind !== 'parent').map((e) => e.id)).toEqual(links.map((e) => e.id));
    expect(links.map((e) => e.status)).toEqual(['missing-trace']);
    for (const e of scene.edges) expect(expected.has(e.from) && expected.has(e.to)).toBe(true);
  });

  it('re-uses the layout positions, shifted so the drawing starts at 0,0', () => {
    const b = bounds(scene);
    expect([b.minX, b.minY]).toEqual([0, 0]);
    const [first, second] = scene.boxes;
    const original = (t: TraceId) => demoLayout.traces.find((box) => box.traceId === t)!;
    expect(second!.x - first!.x).toBe(original(second!.traceId).x - original(first!.traceId).x);
    expect(second!.y - first!.y).toBe(original(second!.traceId).y - original(first!.traceId).y);
    expect(first!.width).toBe(original(first!.traceId).width);
  });

  it('draws nothing for an empty filter', () => {
    expect(sceneFromGraph(demo.graph, demoLayout, { traces: new Set() })).toEqual({ width: 0, height: 0, boxes: [], nodes: [], edges: [], notes: [] });
  });
});

describe('notes in the scene', () => {
  const notes: Note[] = [
    { target: batchKey, text: 'Batch consumer lost 3 links' },
    { target: batchKey, text: 'second note, same span' },
    { target: traceNoteTarget(BATCH), text: 'whole trace' },
    { target: traceNoteTarget('ffffffffffffffffffffffffffffffff'), text: 'not drawn' },
  ];
  const scene = sceneFromGraph(demo.graph, demoLayout, { notes, traces: new Set([BATCH]) });

  it('places a note next to its target and stacks notes of one target', () => {
    expect(scene.notes.map((n) => n.text)).toEqual(notes.slice(0, 3).map((n) => n.text));
    const node = scene.nodes.find((n) => n.id === batchKey)!;
    const [first, second, trace] = scene.notes;
    // The first note overlaps the span's top edge, within its width; the second sits above it.
    expect(first!.y + first!.height).toBeGreaterThan(node.y);
    expect(first!.y).toBeLessThan(node.y);
    expect(first!.x).toBeGreaterThanOrEqual(node.x);
    expect(first!.x).toBeLessThan(node.x + node.width);
    expect(second!.y + second!.height).toBeLessThan(first!.y);
    expect(first!.anchor.y).toBe(node.y);
    const box = scene.boxes[0]!;
    expect(trace!.y).toBeLessThan(box.y);
    expect(trace!.x + trace!.width).toBeLessThanOrEqual(box.x + box.width);
    expect(trace!.target).toBe(traceNoteTarget(BATCH));
  });

  it('counts the notes in the bounds (the drawing still starts at 0,0)', () => {
    const b = bounds(scene);
    expect([b.minX, b.minY]).toEqual([0, 0]);
    expect(Math.min(...scene.notes.map((n) => n.y))).toBe(0);
    expect(scene.height).toBe(b.maxY);
  });
});

describe('sceneFromGraph on hand-made spans', () => {
  it('draws a self link as a loop from the right side to the top', async () => {
    const { scene } = await sceneOf([makeSpan({ trace: 'a', id: '1', links: [makeLink('a', '1')] })]);
    const [edge] = scene.edges;
    expect(edge).toMatchObject({ kind: 'link', from: edge!.to, source: { side: 'r' }, target: { side: 't' } });
    const { c1, c2 } = edgeCurve(edge!);
    expect(c1.x).toBeGreaterThan(edge!.source.x);
    expect(c2.y).toBeLessThan(edge!.target.y);
  });

  it('names unnamed spans, services and root spans', async () => {
    const { scene } = await sceneOf([makeSpan({ trace: 'a', id: '1', name: '', service: '' })]);
    expect(scene.nodes[0]).toMatchObject({ title: '(unnamed)', subtitle: '(no service)', colour: '#7a8594' });
    expect(scene.boxes[0]).toMatchObject({ title: '(unnamed)', service: '' });
  });

  it('shows a 64-bit trace id without its zero padding', async () => {
    const { scene } = await sceneOf([makeSpan({ trace: '00000000000000001234567890abcdef', id: '1' })]);
    expect(scene.boxes[0]!.shortId).toBe('12345678');
    expect(traceId('a')).toHaveLength(32);
  });
});

describe('sceneFromOverview', () => {
  it('draws one node per trace and one edge per pair, labelled with its count', () => {
    const scene = sceneFromOverview(OVERVIEW);
    expect(scene.boxes).toEqual([]);
    expect(scene.nodes.map((n) => [n.id, n.kind, n.subtitle, n.missing, n.problem])).toEqual([
      [`trace:${T('a')}`, 'trace', 'web · 12 spans · 0 problems', false, false],
      [`trace:${T('b')}`, 'trace', 'payments · 1 span · 2 problems', false, true],
      [`trace:${T('c')}`, 'trace', 'trace cccccccc', true, true],
    ]);
    // The edge to a trace that is not drawn is left out.
    expect(scene.edges.map((e) => [e.kind, e.label])).toEqual([
      ['link', '3 links'],
      ['broken', '1 link · 1 broken'],
    ]);
    expect(scene.edges[0]).toMatchObject({ source: { side: 'r' }, target: { side: 'l' } });
    expect([bounds(scene).minX, bounds(scene).minY]).toEqual([0, 0]);
    expect(scene.nodes[0]!.x).toBe(0);
    expect(scene.nodes[1]!.x).toBe(400);
  });

  it('pins a span note to its trace node', () => {
    const scene = sceneFromOverview(OVERVIEW, { notes: [{ target: `${T('b')}/${'1'.repeat(16)}` as SpanKey, text: 'here' }, { target: traceNoteTarget(T('a')), text: 'there' }] });
    expect(scene.notes.map((n) => [n.target, n.text])).toEqual([
      [`trace:${T('b')}`, 'here'],
      [`trace:${T('a')}`, 'there'],
    ]);
  });
});

describe('wrapNote', () => {
  it('wraps words, keeps line breaks, cuts long words and too many lines', () => {
    expect(wrapNote('one two three four five six', 10)).toEqual(['one two', 'three four', 'five six']);
    expect(wrapNote('first\nsecond line', 20)).toEqual(['first', 'second line']);
    expect(wrapNote('abcdefghijklmnopqrstuvwxyz', 10)).toEqual(['abcdefghij', 'klmnopqrst', 'uvwxyz']);
    const many = wrapNote('a b c d e f g h', 1, 3);
    expect(many).toEqual(['a', 'b', '\u2026']);
    expect(wrapNote('x'.repeat(30), 10, 2)).toEqual(['x'.repeat(10), `${'x'.repeat(9)}\u2026`]);
    expect(wrapNote('')).toEqual(['']);
    expect(wrapNote('tab\there\u0000nul')).toEqual(['tab here nul']);
  });
});
