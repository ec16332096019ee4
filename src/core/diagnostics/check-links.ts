import { normaliseSpanId, normaliseTraceId } from '../ids';
import { linkHolderBrief, linkHolderLinks } from '../graph/build-graph';
import type { LinkEdge, LinkGraph } from '../graph/types';
import type { SpanLink } from '../model/span';
import type { SpanBrief } from '../model/span-table';
import { briefId, describeSpan, describeTarget, DIAGNOSTIC_CODES, oneLine } from './codes';
import type { Diagnostic, LinkDiagnosticCode } from './types';

/** Longest piece of a malformed id quoted in a message. */
const MAX_QUOTED = 40;

function quote(id: string): string {
  const text = oneLine(id);
  return text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}\u2026` : text;
}

/** Why one id of a link is not a W3C id, or undefined when that id is fine. */
function idProblem(id: string, what: 'trace id' | 'span id', hexLength: number): string | undefined {
  const valid = what === 'trace id' ? normaliseTraceId(id).valid : normaliseSpanId(id).valid;
  if (valid) return undefined;
  if (id === '') return `${what} is empty`;
  const bad = /[^0-9a-f]/.exec(id);
  if (bad) return `${what} "${quote(id)}" has a non-hex character "${oneLine(bad[0])}"`;
  if (id.length !== hexLength) return `${what} "${quote(id)}" is ${id.length} characters, not ${hexLength}`;
  return `${what} is all zeros`;
}

function invalidReason(link: SpanLink): string {
  const reasons = [idProblem(link.traceId, 'trace id', 32), idProblem(link.spanId, 'span id', 16)].filter(
    (r): r is string => r !== undefined,
  );
  return reasons.length > 0 ? reasons.join('; ') : 'the ids are not a valid context';
}

function linkDiagnostic(
  code: LinkDiagnosticCode,
  span: SpanBrief,
  edge: LinkEdge,
  link: SpanLink,
  message: string,
): Diagnostic {
  return {
    code,
    severity: DIAGNOSTIC_CODES[code].severity,
    message,
    hint: DIAGNOSTIC_CODES[code].hint,
    traceId: span.traceId,
    spanId: span.spanId,
    linkIndex: edge.linkIndex,
    target: { traceId: link.traceId, spanId: link.spanId },
  };
}

/** `service "name" (…): link 3`: how a link's messages start. */
function linkSubject(span: SpanBrief, edge: LinkEdge): string {
  return `${describeSpan(span)}: link ${edge.linkIndex + 1}`;
}

/** Past this many links, repeated targets are found with a set rather than by comparing pairs. */
const PAIRWISE_LIMIT = 16;

/** Whether link `i` of `links` has the same target as an earlier link. */
function repeatsEarlier(links: readonly SpanLink[], i: number, seen: Map<readonly SpanLink[], Set<string>>): boolean {
  const link = links[i]!;
  if (links.length <= PAIRWISE_LIMIT) {
    for (let j = 0; j < i; j++) if (links[j]!.spanId === link.spanId && links[j]!.traceId === link.traceId) return true;
    return false;
  }
  let targets = seen.get(links);
  if (targets === undefined) {
    targets = new Set();
    seen.set(links, targets);
  }
  const id = `${link.traceId}/${link.spanId}`;
  if (targets.has(id)) return true;
  targets.add(id);
  return false;
}

/**
 * One diagnostic per broken link (by status), per self-link, and per repeated target on one
 * span (the second and later links to it). Pushes onto `out` in link-edge order. Messages are
 * built only for links that have something to report: most have not.
 */
export function checkLinks(graph: LinkGraph, out: Diagnostic[]): void {
  // Targets seen, for spans with many links (keyed by their links array).
  const seen = new Map<readonly SpanLink[], Set<string>>();
  const edges = graph.linkEdges;
  for (let e = 0; e < edges.length; e++) {
    const edge = edges[e]!;
    const links = linkHolderLinks(graph, e);
    const link = links?.[edge.linkIndex];
    if (links === undefined || link === undefined) continue;
    const repeats = links.length > 1 && repeatsEarlier(links, edge.linkIndex, seen);
    // Most links are fine: the holder is made (and described) only for one that is not.
    if (!repeats && edge.status === 'ok' && edge.from !== edge.to) continue;
    const span = linkHolderBrief(graph, e);
    if (span === undefined) continue;
    switch (edge.status) {
      case 'invalid-context':
        out.push(linkDiagnostic('link.invalid-context', span, edge, link, `${linkSubject(span, edge)} has a malformed context: ${invalidReason(link)}`));
        break;
      case 'missing-span':
        out.push(
          linkDiagnostic(
            'link.missing-span',
            span,
            edge,
            link,
            `${linkSubject(span, edge)} points to span ${briefId(link.spanId)}, which is not in loaded trace ${briefId(link.traceId)}`,
          ),
        );
        break;
      case 'missing-trace':
        out.push(
          linkDiagnostic('link.missing-trace', span, edge, link, `${linkSubject(span, edge)} points to trace ${briefId(link.traceId)}, which is not loaded`),
        );
        break;
      case 'ok':
        if (edge.from === edge.to) out.push(linkDiagnostic('link.self', span, edge, link, `${linkSubject(span, edge)} points to the span itself`));
        break;
    }
    if (repeats) {
      const target = describeTarget(link.traceId, link.spanId);
      out.push(linkDiagnostic('link.duplicate', span, edge, link, `${linkSubject(span, edge)} repeats an earlier link to ${target}`));
    }
  }
}
