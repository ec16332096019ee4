import type { LinkGraph } from '../graph/types';
import type { SpanSet } from '../model/merge';
import { checkLinks } from './check-links';
import { checkSpans } from './check-spans';
import type { Diagnostic, Severity } from './types';

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

/** Errors, then warnings, then info; the order within a severity is kept (Array#sort is stable). */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
}

/**
 * Every link and span diagnostic of DIAGNOSTICS.md for a built graph: link problems first (in
 * link order), then span problems (in load order), then duplicate ids, sorted by severity.
 * `input.*` diagnostics come from the readers, through `analyse`.
 * @example diagnose(buildGraph(set), set).filter((d) => d.severity === 'error')
 */
export function diagnose(graph: LinkGraph, set: SpanSet): Diagnostic[] {
  const out: Diagnostic[] = [];
  checkLinks(graph, out);
  checkSpans(graph, set, out);
  return sortDiagnostics(out);
}
