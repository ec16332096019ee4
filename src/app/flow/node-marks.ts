/**
 * How a node is marked right now, as one string so that a node re-renders only when its own
 * mark changes. Order: selected > hovered (a link to it is under the pointer) > trail >
 * causal path (upstream / downstream of the selected span, the rest dimmed) > search.
 */
import type { CausalPath, SpanKey } from '../../core';
import { causalPath } from '../../core/graph/causal-path';
import { selectMatches } from '../store/selectors';
import type { TraceState } from '../store/types';
import type { AnalysisPayload } from '../worker/protocol';

export type NodeMark = 'selected' | 'hovered' | 'trail' | 'upstream' | 'downstream' | 'match' | 'dim' | '';

let lastPath: { a: AnalysisPayload; key: SpanKey; path: CausalPath } | null = null;

/** The selected span's causal path while the causal-path view is on; memoised per (analysis, span). */
export function selectCausalPath(s: TraceState): CausalPath | null {
  const a = s.graph.analysis;
  const key = s.selection.selected;
  if (!s.view.causalPath || a === null || key === null) return null;
  if (lastPath === null || lastPath.a !== a || lastPath.key !== key) lastPath = { a, key, path: causalPath(a.graph, key) };
  return lastPath.path;
}

export function nodeMark(s: TraceState, key: SpanKey): NodeMark {
  const sel = s.selection;
  if (sel.selected === key) return 'selected';
  if (sel.hovered === key) return 'hovered';
  if (sel.trail.includes(key)) return 'trail';
  const path = selectCausalPath(s);
  if (path !== null) return path.upstream.has(key) ? 'upstream' : path.downstream.has(key) ? 'downstream' : 'dim';
  if (s.view.search.trim() === '') return '';
  return selectMatches(s).has(key) ? 'match' : 'dim';
}

/** An edge's mark under the causal-path view: on the path, dimmed, or '' when the view is off. */
export function edgeMark(s: TraceState, edgeId: string): 'path' | 'dim' | '' {
  const path = selectCausalPath(s);
  if (path === null) return '';
  return path.edges.has(edgeId) ? 'path' : 'dim';
}
