import { describe, expect, it } from 'vitest';
import type { TraceId } from '../../core';
import type { CollapsePlan, TraceCollapse } from '../../core/layout/collapse';
import { collapseSummary } from './collapse-words';

function plan(list: readonly Omit<TraceCollapse, 'traceId'>[]): CollapsePlan {
  const traces = new Map(list.map((t, i) => [String(i) as TraceId, { ...t, traceId: String(i) as TraceId }]));
  return { traces, nodes: 0, fullNodes: 0, budget: 1000, expandedLarge: new Set() };
}

describe('collapseSummary', () => {
  it('says nothing when nothing is collapsed', () => {
    expect(collapseSummary(plan([]))).toBeNull();
  });

  it('counts traces and the spans they keep, one clause per level', () => {
    expect(collapseSummary(plan([{ level: 'links', total: 10_000, shown: 340, marked: 340 }]))).toBe(
      '1 large trace is collapsed to 340 spans (the root, the spans with links or problems, and their parents)',
    );
    expect(
      collapseSummary(
        plan([
          { level: 'links', total: 1000, shown: 200, marked: 200 },
          { level: 'links', total: 1000, shown: 140, marked: 140 },
          { level: 'problems', total: 5000, shown: 1, marked: 70 },
          { level: 'some', total: 10_000, shown: 640, marked: 4_100 },
          { level: 'box', total: 800, shown: 0, marked: 30 },
          { level: 'box', total: 800, shown: 0, marked: 12 },
        ]),
      ),
    ).toBe('2 large traces are collapsed to 340 spans (the roots, the spans with links or problems, and their parents); ' +
        '1 large trace to 1 span (the root, the spans with problems, and their parents); ' +
        '1 large trace to 640 of the 4,100 spans with links or problems (and their parents); 2 large traces to their boxes',);
  });
});
