/** What the collapse rules did, in words for the view notice (pure, so it is tested on plans). */
import type { CollapseLevel, CollapsePlan } from '../../core/layout/collapse';

const n = (v: number) => v.toLocaleString('en-US');
const traces = (k: number) => `${n(k)} large ${k === 1 ? 'trace' : 'traces'}`;

const WHAT: Record<CollapseLevel, string> = {
  links: 'spans with links or problems',
  problems: 'spans with problems',
  box: '',
};

/**
 * One clause per level used, e.g. "2 large traces are collapsed to the 340 spans with links or
 * problems; 1 large trace to its box": null when nothing is collapsed.
 */
export function collapseSummary(plan: CollapsePlan): string | null {
  const by = new Map<CollapseLevel, { traces: number; shown: number }>();
  for (const t of plan.traces.values()) {
    const e = by.get(t.level) ?? { traces: 0, shown: 0 };
    by.set(t.level, { traces: e.traces + 1, shown: e.shown + t.shown });
  }
  const clauses: string[] = [];
  for (const level of ['links', 'problems', 'box'] as const) {
    const e = by.get(level);
    if (!e) continue;
    const first = clauses.length === 0;
    const verb = first ? (e.traces === 1 ? ' is collapsed' : ' are collapsed') : '';
    const target =
      level === 'box' ? ` to ${e.traces === 1 ? 'its box' : 'their boxes'}` : ` to the ${n(e.shown)} ${e.shown === 1 ? WHAT[level].replace('spans', 'span') : WHAT[level]}`;
    clauses.push(`${traces(e.traces)}${verb}${target}`);
  }
  return clauses.length === 0 ? null : clauses.join('; ');
}
