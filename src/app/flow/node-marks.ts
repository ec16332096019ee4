/**
 * How a node is marked right now, as one string so that a node re-renders only when its own
 * mark changes. Order: selected > hovered (a link to it is under the pointer) > trail > search.
 */
import type { SpanKey } from '../../core';
import { selectMatches } from '../store/selectors';
import type { TraceState } from '../store/types';

export type NodeMark = 'selected' | 'hovered' | 'trail' | 'match' | 'dim' | '';

export function nodeMark(s: TraceState, key: SpanKey): NodeMark {
  const sel = s.selection;
  if (sel.selected === key) return 'selected';
  if (sel.hovered === key) return 'hovered';
  if (sel.trail.includes(key)) return 'trail';
  if (s.view.search.trim() === '') return '';
  return selectMatches(s).has(key) ? 'match' : 'dim';
}
