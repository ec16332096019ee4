import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic, TraceId } from '../../core';
import { currentViewOf, viewSpecOf } from '../store/current-view';
import { initialState } from '../store/transforms';
import { coreDeps } from './core-deps';
import type { AnalysisPayload, ViewSpec } from './protocol';
import { LoadSession } from './session';
import { capDiagnostics, resultPayload, sliceOf } from './slice';

const DEMO = resolve(process.cwd(), 'public/demo');
const demo = ['order-flow.json', 'email-retries.json', 'analytics-and-refunds.json'].map((name) => ({
  name,
  data: new Uint8Array(readFileSync(resolve(DEMO, name))),
}));
const spec = (extra: Partial<ViewSpec> = {}): ViewSpec => ({ ...viewSpecOf(initialState), ...extra });

async function full(): Promise<AnalysisPayload> {
  return (await new LoadSession(coreDeps).add(demo, () => {})).analysis!;
}

describe('resultPayload', () => {
  it('sends every span of the demo when its view draws every trace, and the rest as the worker holds it', async () => {
    const a = await full();
    const sent = structuredClone(resultPayload(a, spec()));
    expect(currentViewOf(a, spec()).level).toBe('spans');
    expect(sent.slice).toBe('*');
    expect([...sent.graph.spans.keys()]).toEqual([...a.graph.spans.keys()]);
    expect(sent.layout).toEqual(a.layout);
    expect(sent.summary).toEqual(a.summary);
    expect(sent.overview).toEqual(a.overview);
    expect(sent.diagnostics).toEqual(a.diagnostics);
    expect(sent.problemTraces).toEqual(a.problemTraces);
  });

  it('sends no span at the trace level, only the overview; the selected span’s trace when one is selected', async () => {
    const a = await full();
    const none = resultPayload(a, spec({ level: 'traces' }));
    expect(none.slice).toBe('');
    expect(none.graph.spans.size).toBe(0);
    expect(none.layout.traces).toEqual([]);
    expect(none.overview.graph.nodes.length).toBe(a.overview.graph.nodes.length);
    const [key, span] = [...a.graph.spans][7]!;
    const one = resultPayload(a, spec({ level: 'traces', selected: key }));
    expect([...one.graph.traces.keys()]).toEqual([span.traceId]);
    expect(one.graph.spans.get(key)).toEqual(span);
  });

  it('sends the opened trace and its neighbours, or only the problem traces, as the view draws them', async () => {
    const a = await full();
    const open = a.overview.graph.edges[0]!.to;
    const view = currentViewOf(a, spec({ level: 'spans', openTrace: open }));
    const sent = resultPayload(a, spec({ level: 'spans', openTrace: open }));
    expect(new Set(sent.graph.traces.keys())).toEqual(view.traces);
    expect(sent.layout.traces.map((b) => b.traceId).sort()).toEqual([...view.traces!].sort());
    const problems = resultPayload(a, spec({ onlyProblems: true }));
    expect(new Set(problems.graph.traces.keys())).toEqual(new Set(a.problemTraces));
    expect(problems.graph.traces.size).toBeLessThan(a.graph.traces.size);
  });
});

describe('sliceOf', () => {
  it('holds exactly the traces asked for, keyed so the same traces in any order give the same key', async () => {
    const a = await full();
    const ids = [...a.graph.traces.keys()].slice(0, 3) as TraceId[];
    const s = sliceOf(a, ids);
    expect(sliceOf(a, [...ids].reverse()).key).toBe(s.key);
    expect(new Set(s.graph.traces.keys())).toEqual(new Set(ids));
    for (const span of s.graph.spans.values()) {
      if (!ids.includes(span.traceId)) expect(s.graph.linkEdges.some((e) => e.from === `${span.traceId}/${span.spanId}` || e.to === `${span.traceId}/${span.spanId}`)).toBe(true);
    }
    expect(sliceOf(a, []).graph.spans.size).toBe(0);
    expect(sliceOf(a, null).key).toBe('*');
  });
});

describe('capDiagnostics', () => {
  const d = (severity: Diagnostic['severity'], n: number) => ({ severity, code: `c${n}`, message: '', hint: '' }) as unknown as Diagnostic;
  it('keeps all when they fit, else the most severe first, in order within a severity', () => {
    const list = [d('info', 1), d('error', 2), d('warning', 3), d('error', 4), d('info', 5)];
    expect(capDiagnostics(list, 5)).toBe(list);
    expect(capDiagnostics(list, 3).map((x) => x.code)).toEqual(['c2', 'c4', 'c3']);
  });
});
