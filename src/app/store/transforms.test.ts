import { describe, expect, it } from 'vitest';
import { spanKey, type SpanKey } from '../../core';
import { makeLink, spanId, traceId } from '../../core/test-support/make-span';
import { analysisOf } from '../test-support/analysis.testutil';
import * as t from './transforms';
import { currentView, defaultLevel, spanLevelSize } from './current-view';
import { traceNoteTarget } from '../../core/share/types';
import { shareStateOf } from '../share/share-state';

const key = (trace: string, id: string): SpanKey => spanKey(traceId(trace), spanId(id));

// Trace b's consumer links to trace a's producer; c links to a span of a that is not loaded.
const specs = [
  { trace: 'a', id: '1', name: 'publish', kind: 'producer' as const },
  { trace: 'b', id: '2', name: 'process', kind: 'consumer' as const, links: [makeLink('a', '1')] },
  { trace: 'c', id: '3', name: 'batch', links: [makeLink('a', '99')] },
];

describe('load transforms', () => {
  it('counts pending requests and clears progress when the last answer arrives', async () => {
    const a = await analysisOf(specs);
    let s = t.requestSent(t.requestSent(t.initialState));
    s = t.progressed(s, { phase: 'reading', done: 0, total: 2, file: 'x.json' });
    s = t.resultReceived(s, a, []);
    expect(s.files.pending).toBe(1);
    expect(s.files.progress?.file).toBe('x.json');
    s = t.resultReceived(s, a, [{ file: 'bad.json', message: 'not JSON' }]);
    expect(s.files.pending).toBe(0);
    expect(s.files.progress).toBeNull();
    expect(s.files.loads).toBe(2);
    expect(s.files.loadErrors).toEqual([{ file: 'bad.json', message: 'not JSON' }]);
    expect(s.graph.analysis?.summary.spans).toBe(3);
    expect(s.files.files.map((f) => f.file)).toEqual(['test.json']);
  });

  it('keeps the selection when the span survives a reload and drops it when it does not', async () => {
    const a = await analysisOf(specs);
    const onlyA = await analysisOf([specs[0]!]);
    let s = t.resultReceived(t.requestSent(t.initialState), a, []);
    s = t.select(s, key('b', '2'));
    s = t.followLink(s, key('a', '1'));
    expect(t.resultReceived(t.requestSent(s), a, []).selection.selected).toBe(key('a', '1'));
    const after = t.resultReceived(t.requestSent(s), onlyA, []);
    expect(after.selection.selected).toBe(key('a', '1'));
    expect(after.selection.trail).toEqual([]); // b/2 is gone
    expect(t.resultReceived(t.requestSent(s), null, []).selection.selected).toBeNull();
  });

  it('names pasted texts one after another and dismisses load errors by index', () => {
    let s = t.pasted(t.pasted(t.initialState));
    expect(s.files.pasted).toBe(2);
    s = t.loadFailed(t.loadFailed(s, { file: 'a', message: '1' }), { file: 'b', message: '2' });
    expect(t.dismissLoadError(s, 0).files.loadErrors.map((e) => e.file)).toEqual(['b']);
  });
});

describe('selection transforms', () => {
  it('following links builds a breadcrumb trail and backTo returns along it', () => {
    let s = t.select(t.initialState, key('c', '3'));
    expect(s.selection.trail).toEqual([]);
    s = t.followLink(s, key('a', '99'));
    s = t.followLink(s, key('b', '2'));
    expect(s.selection.trail).toEqual([key('c', '3'), key('a', '99')]);
    expect(s.selection.selected).toBe(key('b', '2'));
    const focusSeq = s.selection.focus!.seq;
    s = t.backTo(s, 0);
    expect(s.selection.selected).toBe(key('c', '3'));
    expect(s.selection.trail).toEqual([]);
    expect(s.selection.focus).toEqual({ key: key('c', '3'), seq: focusSeq + 1 });
    expect(t.backTo(s, 5)).toBe(s);
  });

  it('a plain select starts a new trail; focus only when asked', () => {
    let s = t.followLink(t.select(t.initialState, key('b', '2')), key('a', '1'));
    s = t.select(s, key('c', '3'));
    expect(s.selection.trail).toEqual([]);
    expect(s.selection.focus?.key).toBe(key('a', '1'));
    s = t.select(s, key('c', '3'), true);
    expect(s.selection.focus?.key).toBe(key('c', '3'));
    expect(t.select(s, null).selection.selected).toBeNull();
  });

  it('hover returns the same state when nothing changes', () => {
    const s = t.hover(t.initialState, key('a', '1'));
    expect(t.hover(s, key('a', '1'))).toBe(s);
    expect(t.hover(s, null).selection.hovered).toBeNull();
  });

  it('view toggles ask for a fit', () => {
    const s = t.setOnlyProblems(t.setSearch(t.initialState, 'pub'), true);
    expect(s.view).toMatchObject({ search: 'pub', onlyProblems: true, fitSeq: 1 });
    expect(t.fitView(s).view.fitSeq).toBe(2);
  });
});

describe('review transforms', () => {
  it('sets, trims and removes notes on spans and traces', () => {
    const span = key('a', '1');
    let s = t.setNote(t.initialState, span, '  producer never exported  ');
    s = t.setNote(s, traceNoteTarget(traceId('b')), 'batch job');
    expect([...s.review.notes]).toEqual([
      [span, 'producer never exported'],
      [`trace:${traceId('b')}`, 'batch job'],
    ]);
    expect(t.setNote(s, span, '   ').review.notes.has(span)).toBe(false);
    expect(t.setNote(s, span, 'x'.repeat(5000)).review.notes.get(span)).toHaveLength(2000);
    // The earlier state is untouched.
    expect(t.initialState.review.notes.size).toBe(0);
  });

  it('opens a trace from the trace-level view and goes back', () => {
    const open = t.openTrace(t.setLevel(t.initialState, 'traces'), traceId('b'));
    expect(open.view).toMatchObject({ level: 'spans', openTrace: traceId('b') });
    expect(t.openTrace(open, null).view).toMatchObject({ level: 'traces', openTrace: null });
    // Choosing a level closes the opened trace.
    expect(t.setLevel(open, 'spans').view.openTrace).toBeNull();
  });

  it('drops an opened trace that a reload no longer has', async () => {
    const a = await analysisOf(specs);
    const onlyA = await analysisOf([specs[0]!]);
    let s = t.resultReceived(t.requestSent(t.initialState), a, []);
    s = t.openTrace(s, traceId('b'));
    expect(t.resultReceived(t.requestSent(s), a, []).view.openTrace).toBe(traceId('b'));
    expect(t.resultReceived(t.requestSent(s), onlyA, []).view.openTrace).toBeNull();
  });

  it('applies a shared view: level, opened trace, selection centred, filters and notes; not the theme', () => {
    const view = { level: 'spans' as const, openTrace: traceId('b'), selected: key('b', '2'), causalPath: true, onlyProblems: true, search: 'proc', theme: 'dark' as const };
    const s = t.applyShared(t.initialState, view, new Map([[key('b', '2'), 'look here']]));
    expect(s.view).toMatchObject({ level: 'spans', openTrace: traceId('b'), causalPath: true, onlyProblems: true, search: 'proc', theme: 'light' });
    expect(s.selection.selected).toBe(key('b', '2'));
    expect(s.selection.focus?.key).toBe(key('b', '2'));
    expect(s.review.notes.get(key('b', '2'))).toBe('look here');
  });

  it('a shared view brings its expanded traces and opened stacks, and a view without them clears them', () => {
    const base = { level: 'traces' as const, causalPath: false, onlyProblems: false, search: '' };
    let s = t.setStackOpen(t.setTraceExpanded(t.initialState, traceId('c'), true), traceId('d'), true);
    expect(shareStateOf(s).view).toMatchObject({ expanded: [traceId('c')], unstacked: [traceId('d')] });
    s = t.applyShared(s, { ...base, expanded: [traceId('a')], unstacked: [traceId('b')] }, new Map());
    expect([...s.view.expandedTraces]).toEqual([traceId('a')]);
    expect([...s.view.unstackedTraces]).toEqual([traceId('b')]);
    s = t.applyShared(s, base, new Map());
    expect(s.view.expandedTraces.size + s.view.unstackedTraces.size).toBe(0);
    expect(shareStateOf(s).view).not.toHaveProperty('expanded');
  });

  it('opens stacks one by one, and stacks them all again at once', () => {
    let s = t.setStackOpen(t.setStackOpen(t.initialState, traceId('a'), true), traceId('b'), true);
    expect([...s.view.unstackedTraces]).toEqual([traceId('a'), traceId('b')]);
    expect(t.setStackOpen(s, traceId('a'), true)).toBe(s);
    s = t.setStackOpen(s, null, false);
    expect(s.view.unstackedTraces.size).toBe(0);
    expect(t.setStackOpen(s, null, false)).toBe(s);
    expect(t.setTraceExpanded(s, traceId('c'), false)).toBe(s);
  });
});

describe('current view', () => {
  it('defaults to the trace level past 50 traces, and draws an opened trace with its linked neighbours', async () => {
    const a = await analysisOf(specs);
    expect(defaultLevel(a)).toBe('spans');
    const many = await analysisOf(Array.from({ length: 51 }, (_, i) => ({ trace: (i + 1).toString(16), id: '1' })));
    expect(defaultLevel(many)).toBe('traces');
    const open = currentView(a, 'spans', traceId('b'), false);
    expect([...open.traces!].sort()).toEqual([traceId('a'), traceId('b')].sort());
    // c links to a span of a that is not loaded: a and c are neighbours, b is not.
    expect(currentView(a, 'spans', traceId('c'), false).traces?.has(traceId('b'))).toBe(false);
    expect(currentView(a, 'spans', null, false).traces).toBeUndefined();
    expect(currentView(a, 'traces', traceId('b'), false).openTrace).toBeNull();
  });
});

describe('span-level ceiling', () => {
  it('draws the trace level past the ceiling and opens a trace alone when its neighbours are too many', async () => {
    const a = await analysisOf(specs);
    // 3 spans and 2 links in all; trace b holds 1 span and 1 link.
    expect(spanLevelSize(a, undefined)).toBe(5);
    expect(spanLevelSize(a, new Set([traceId('b')]))).toBe(2);
    expect(currentView(a, 'spans', null, false, 5)).toMatchObject({ level: 'spans', limited: false });
    expect(currentView(a, 'spans', null, false, 4)).toMatchObject({ level: 'traces', limited: true });
    // Trace b with its neighbour a is 3 (a: 1 span; b: 1 span + 1 link): under 3 it opens alone.
    expect([...currentView(a, 'spans', traceId('b'), false, 3).traces!].sort()).toEqual([traceId('a'), traceId('b')].sort());
    expect([...currentView(a, 'spans', traceId('b'), false, 2).traces!]).toEqual([traceId('b')]);
    // A trace opened alone is drawn even past the ceiling (collapsed when large), not sent back to
    // the trace level: a 50,000-span trace could not be opened at all.
    expect(currentView(a, 'spans', traceId('b'), false, 1)).toMatchObject({ level: 'spans', openTrace: traceId('b'), limited: false });
    expect([...currentView(a, 'spans', traceId('b'), false, 1).traces!]).toEqual([traceId('b')]);
    // The same sets each time, so what is cached on them is found again.
    expect(currentView(a, 'spans', traceId('b'), false, 1).traces).toBe(currentView(a, 'spans', traceId('b'), false, 1).traces);
    expect(currentView(a, 'spans', traceId('b'), false, 3).traces).toBe(currentView(a, 'spans', traceId('b'), false, 3).traces);
    expect(t.setSpanLimit(t.initialState, -1)).toBe(t.initialState);
    expect(t.setSpanLimit(t.initialState, 10).view.spanLimit).toBe(10);
  });
});
