/**
 * What the span-level canvas draws: the view's boxes (compacted when only some traces are
 * shown), with large traces collapsed past the node budget (core/layout/collapse.ts), the
 * pinned spans (the selection, a search result being centred) kept in, and the gaps collapsed
 * boxes leave closed. Pure; cached on its inputs, so the canvas, its first view and the notice
 * share one computation, and selecting a span that is already drawn changes nothing.
 */
import type { GraphLayout, SpanKey, TraceId } from '../../core';
import { applyCollapse, isHidden, planCollapse, type CollapsedLayout, type CollapsePlan } from '../../core/layout/collapse';
import { drawnOverview, type DrawnOverview } from '../../core/layout/stacked-overview';
import type { CurrentView } from '../store/current-view';
import { problemSpans } from '../store/derived';
import type { AnalysisPayload } from '../worker/protocol';
import { compactLayout } from '../../core/layout/compact-layout';

export interface DrawnSpans {
  readonly layout: CollapsedLayout;
  readonly plan: CollapsePlan;
}

const EMPTY_SET: ReadonlySet<TraceId> = new Set();

interface PlanEntry {
  readonly a: AnalysisPayload;
  readonly traces: ReadonlySet<TraceId> | undefined;
  readonly expanded: ReadonlySet<TraceId>;
  readonly base: GraphLayout;
  readonly plan: CollapsePlan;
}
interface DrawnEntry {
  readonly plan: CollapsePlan;
  readonly pins: string;
  readonly drawn: DrawnSpans;
}

// Two entries each: the canvas draws a deferred analysis while the panels read the live one.
let plans: PlanEntry[] = [];
let drawns: DrawnEntry[] = [];

function planFor(a: AnalysisPayload, traces: ReadonlySet<TraceId> | undefined, expanded: ReadonlySet<TraceId>): PlanEntry {
  const hit = plans.find((p) => p.a === a && p.traces === traces && p.expanded === expanded);
  if (hit) return hit;
  const base = traces ? compactLayout(a.layout, traces) : a.layout;
  const plan = planCollapse(a.graph, base, { expanded, problems: problemSpans(a) });
  const entry = { a, traces, expanded, base, plan };
  plans = [entry, ...plans.slice(0, 1)];
  return entry;
}

/**
 * The span-level layout to draw for `view`, and the collapse plan behind it.
 * @param pins spans that must be drawn (null entries are ignored)
 */
export function drawnSpans(
  a: AnalysisPayload,
  view: CurrentView,
  expanded: ReadonlySet<TraceId> = EMPTY_SET,
  pins: readonly (SpanKey | null)[] = [],
): DrawnSpans {
  const { base, plan } = planFor(a, view.traces, expanded);
  const problems = problemSpans(a);
  const hidden = pins.filter((p): p is SpanKey => p !== null && isHidden(a.graph, plan, p, problems));
  const key = hidden.join('\n');
  const hit = drawns.find((d) => d.plan === plan && d.pins === key);
  if (hit) return hit.drawn;
  const collapsed = applyCollapse(a.graph, base, plan, hidden, problems);
  // Collapsed boxes shrink where they stand: close the bands they leave empty.
  const layout = plan.traces.size > 0 ? compactLayout(collapsed) : collapsed;
  const drawn = { layout, plan };
  drawns = [{ plan, pins: key, drawn }, ...drawns.slice(0, 1)];
  return drawn;
}

/** Spans hidden by the plan, in all. */
export function hiddenSpanCount(plan: CollapsePlan): number {
  let n = 0;
  for (const t of plan.traces.values()) n += t.total - t.shown;
  return n;
}

// The trace level as drawn: one entry per analysis, traces shown and stacks opened.
let overviews: { a: AnalysisPayload; traces: ReadonlySet<TraceId> | undefined; unstacked: ReadonlySet<TraceId>; drawn: DrawnOverview }[] = [];

/**
 * The trace-level view to draw for `view`: its traces, alike ones stacked (a fan-in of 2,000
 * consumer traces is one node), and its layout. Cached, like drawnSpans.
 */
export function drawnTraces(a: AnalysisPayload, view: CurrentView, unstacked: ReadonlySet<TraceId> = EMPTY_SET): DrawnOverview {
  const hit = overviews.find((o) => o.a === a && o.traces === view.traces && o.unstacked === unstacked);
  if (hit) return hit.drawn;
  const drawn = drawnOverview(a.overview.graph, a.overview.layout, view.traces, unstacked);
  overviews = [{ a, traces: view.traces, unstacked, drawn }, ...overviews.slice(0, 1)];
  return drawn;
}

/** Traces drawn inside stacks, in all (each stack counts its members). */
export function stackedTraceCount(drawn: DrawnOverview): number {
  let n = 0;
  for (const s of drawn.stacks.values()) n += s.members.length;
  return n;
}
