import { selectCurrentView } from '../store/current-view';
import { selectAnalysis, selectSelected } from '../store/selectors';
import { useTraceStore } from '../store/trace-store';
import { VISIBLE_ONLY_THRESHOLD } from '../flow/thresholds';
import { drawnSpans, drawnTraces, hiddenSpanCount, stackedTraceCount } from '../flow/drawn-view';
import { collapseSummary } from '../flow/collapse-words';
import { isLarge, isSpreadOut } from '../flow/first-view';
import type { TraceState } from '../store/types';

const selectExpanded = (s: TraceState) => s.view.expandedTraces;
const selectUnstacked = (s: TraceState) => s.view.unstackedTraces;
const selectFocusKey = (s: TraceState) => s.selection.focus?.key ?? null;

/**
 * Says when the view is simplified, and why: span level over the ceiling, the trace level opened
 * by itself for many traces, large traces collapsed past the node budget, or a large span view
 * that draws only what is on screen. (What zooming out simplifies is said in the canvas.)
 */
export function ViewNotice() {
  const a = useTraceStore(selectAnalysis);
  const view = useTraceStore(selectCurrentView);
  const chosen = useTraceStore((s) => s.view.level !== null);
  const setLevel = useTraceStore((s) => s.setLevel);
  const limit = useTraceStore((s) => s.view.spanLimit);
  const expanded = useTraceStore(selectExpanded);
  const selected = useTraceStore(selectSelected);
  const focusKey = useTraceStore(selectFocusKey);
  const unstacked = useTraceStore(selectUnstacked);
  const setStackOpen = useTraceStore((s) => s.setStackOpen);
  const setExpanded = useTraceStore((s) => s.setTraceExpanded);
  if (a === null) return null;
  if (view.level === 'spans' && !view.limited) {
    // The same cached computation as the canvas (drawn-view.ts).
    const { plan } = drawnSpans(a, view, expanded, [selected, focusKey]);
    const summary = collapseSummary(plan);
    if (summary !== null) {
      // One trace collapsed (a large trace opened): its Show all is here too, as the box's own
      // title bar is often out of view (the first view looks at the root, mid-box).
      const only = plan.traces.size === 1 ? [...plan.traces][0]! : undefined;
      return (
        <div
          className={`view-notice${view.openTrace !== null ? ' is-below-bar' : ''}`}
          data-testid="view-notice"
          data-kind="collapsed"
          data-hidden={hiddenSpanCount(plan)}
          data-nodes={plan.nodes}
        >
          {summary}, so that at most {plan.budget.toLocaleString('en-US')} nodes are drawn ({hiddenSpanCount(plan).toLocaleString('en-US')} spans
          hidden).{' '}
          {only !== undefined ? (
            <button type="button" className="btn--link" data-testid="notice-show-all" onClick={() => setExpanded(only[0], true)}>
              Show all {only[1].total.toLocaleString('en-US')} spans
            </button>
          ) : (
            <>
              Click <strong>Show all</strong> on a trace box to see all its spans.
            </>
          )}
        </div>
      );
    }
    // A large trace the user showed all of: said, with the way back (its box's toggle is far off).
    if (plan.expandedLarge.size === 1) {
      const traceId = [...plan.expandedLarge][0]!;
      // Counted as the box's Show all counts: its spans and the missing spans drawn in it.
      const trace = a.graph.traces.get(traceId);
      const spans = (trace?.spans.length ?? 0) + (trace?.placeholders.length ?? 0);
      return (
        <div
          className={`view-notice${view.openTrace !== null ? ' is-below-bar' : ''}`}
          data-testid="view-notice"
          data-kind="expanded"
        >
          All {spans.toLocaleString('en-US')} spans of this large trace are drawn; only what is in view is mounted.{' '}
          <button type="button" className="btn--link" data-testid="notice-collapse" onClick={() => setExpanded(traceId, false)}>
            Collapse it again
          </button>
        </div>
      );
    }
  }
  if (view.openTrace !== null) return null;
  const { traces, spans } = a.summary;
  if (view.limited) {
    return (
      <div className="view-notice is-warning" data-testid="view-notice" data-kind="limited">
        {spans.toLocaleString('en-US')} spans and {a.summary.links.toLocaleString('en-US')} links are more than the{' '}
        {limit.toLocaleString('en-US')} drawn at span level, so each trace is one node. Click a trace to open its spans.
      </div>
    );
  }
  const stacked = view.level === 'traces' ? drawnTraces(a, view, unstacked) : undefined;
  const inStacks = stacked === undefined ? 0 : stackedTraceCount(stacked);
  // Stacks the user opened that are still in this view: they can be stacked again.
  const opened = view.level === 'traces' && unstacked.size > 0;
  const stacks =
    inStacks > 0 || opened ? (
      <>
        {' '}
        {inStacks > 0 ? (
          <span data-testid="stack-notice" data-stacked={inStacks} data-stacks={stacked!.stacks.size}>
            {inStacks.toLocaleString('en-US')} alike traces (same root span, service and linked traces) are stacked into{' '}
            {stacked!.stacks.size.toLocaleString('en-US')} {stacked!.stacks.size === 1 ? 'node' : 'nodes'}; click a stack to show its traces.
          </span>
        ) : null}
        {opened ? (
          <>
            {' '}
            <button type="button" className="btn--link" data-testid="restack" onClick={() => setStackOpen(null, false)}>
              Stack alike traces again
            </button>
            .
          </>
        ) : null}
      </>
    ) : null;
  if (view.level === 'traces' && !chosen) {
    // A small graph laid out too far to read at once (first-view.ts) is not fitted whole, as a
    // small one otherwise is: the view starts at the first traces, and says so. (A large one is
    // never fitted whole; its first view keeps its top row clear of this notice as it is.)
    const wide = stacked !== undefined && !isLarge(stacked.layout.traces.length, stacked.graph.edges.length) && isSpreadOut(stacked.layout.traces);
    return (
      <div className="view-notice" data-testid="view-notice" data-kind="trace-level">
        {traces.toLocaleString('en-US')} traces: one node per trace, links counted between them. Click a trace to open its spans, or{' '}
        <button type="button" className="btn--link" onClick={() => setLevel('spans')}>
          draw all {spans.toLocaleString('en-US')} spans
        </button>
        .{stacks}
        {wide ? (
          <span data-testid="wide-notice">
            {' '}
            They reach too far to read at once, so the view starts at the first: pan or zoom out for the rest.
          </span>
        ) : null}
      </div>
    );
  }
  if (stacks !== null) {
    return (
      <div className="view-notice" data-testid="view-notice" data-kind="stacked">
        {stacks}
      </div>
    );
  }
  // The nodes the unfiltered span view draws: every box, span and placeholder.
  const nodes = a.graph.traces.size + spans + a.graph.placeholders.size;
  if (view.level === 'spans' && view.traces === undefined && nodes > VISIBLE_ONLY_THRESHOLD) {
    return (
      <div className="view-notice" data-testid="view-notice" data-kind="light">
        {spans.toLocaleString('en-US')} spans: only what is in view is drawn, and the overview shows trace boxes, to keep the page fast.
      </div>
    );
  }
  return null;
}
