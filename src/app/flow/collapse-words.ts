/** What the collapse rules did, in words for the view notice (pure, so it is tested on plans). */
import type { CollapseLevel, CollapsePlan } from '../../core/layout/collapse';

const n = (v: number) => v.toLocaleString('en-US');
const plural = (k: number, one: string, many: string) => (k === 1 ? one : many);

const ORDER: readonly CollapseLevel[] = ['links', 'problems', 'some', 'box'];

/** Where a level collapses traces to, given their counts summed. */
function target(level: CollapseLevel, traces: number, shown: number, marked: number): string {
  if (level === 'box') return ` to ${plural(traces, 'its box', 'their boxes')}`;
  if (level === 'some') return ` to ${n(shown)} of the ${n(marked)} spans with links or problems (and their parents)`;
  const what = level === 'links' ? 'links or problems' : 'problems';
  return ` to ${n(shown)} ${plural(shown, 'span', 'spans')} (${plural(traces, 'the root', 'the roots')}, the spans with ${what}, and their parents)`;
}

/**
 * One clause per level used, e.g. "2 large traces are collapsed to 340 spans (the roots, the spans
 * with links or problems, and their parents); 1 large trace to its box": null when nothing is collapsed.
 */
export function collapseSummary(plan: CollapsePlan): string | null {
  const by = new Map<CollapseLevel, { traces: number; shown: number; marked: number }>();
  for (const t of plan.traces.values()) {
    const e = by.get(t.level) ?? { traces: 0, shown: 0, marked: 0 };
    by.set(t.level, { traces: e.traces + 1, shown: e.shown + t.shown, marked: e.marked + t.marked });
  }
  const clauses: string[] = [];
  for (const level of ORDER) {
    const e = by.get(level);
    if (!e) continue;
    const verb = clauses.length === 0 ? plural(e.traces, ' is collapsed', ' are collapsed') : '';
    clauses.push(`${n(e.traces)} large ${plural(e.traces, 'trace', 'traces')}${verb}${target(level, e.traces, e.shown, e.marked)}`);
  }
  return clauses.length === 0 ? null : clauses.join('; ');
}
