/**
 * Zipkin shared spans: an RPC's CLIENT half and its SERVER half (`"shared": true`) carry the
 * same span id. Zipkin shows them as one span; so do we (DIAGNOSTICS.md, "Identity"): the
 * client's parent, name, kind and service win, gaps are filled from the server half, the time
 * covers both halves (earliest start, widest end), tags are the union (client first).
 */
import type { Span, SpanEvent, StatusCode } from '../model/span';
import { hasAttr } from './zipkin-parts';

/** The side of an RPC a Zipkin span half stands for. */
export type Half = 'client' | 'server' | 'other';

export function halfOf(kind: Span['kind'], shared: boolean): Half {
  if (kind === 'client') return 'client';
  if (kind === 'server' || shared) return 'server';
  return 'other';
}

export function canMerge(a: Half, b: Half): boolean {
  return (a === 'client' && b === 'server') || (a === 'server' && b === 'client');
}

function worse(a: StatusCode, b: StatusCode): StatusCode {
  if (a === 'error' || b === 'error') return 'error';
  if (a === 'ok' || b === 'ok') return 'ok';
  return 'unset';
}

function timeSpan(client: Span, server: Span): { startUs?: number; durationUs?: number } {
  let start: number | undefined;
  let end: number | undefined;
  for (const s of [client, server]) {
    if (s.startUs === undefined) continue;
    if (start === undefined || s.startUs < start) start = s.startUs;
    const e = s.startUs + (s.durationUs ?? 0);
    if (end === undefined || e > end) end = e;
  }
  if (start === undefined || end === undefined) return {};
  const anyDuration = client.durationUs !== undefined || server.durationUs !== undefined;
  return anyDuration ? { startUs: start, durationUs: end - start } : { startUs: start };
}

/** One span from the two halves of a shared RPC span. */
export function mergeShared(client: Span, server: Span): Span {
  const attributes = client.attributes.slice();
  for (const a of server.attributes) if (!hasAttr(attributes, a.key)) attributes.push(a);
  // The server's service would otherwise be lost: it is the callee, i.e. the client's peer.
  if (server.service !== '' && server.service !== client.service && !hasAttr(attributes, 'peer.service')) {
    attributes.push({ key: 'peer.service', value: server.service });
  }
  const events: SpanEvent[] = client.events.concat(server.events);
  events.sort((x, y) => (x.timeUs ?? 0) - (y.timeUs ?? 0));
  const time = timeSpan(client, server);
  return {
    ...client,
    parentSpanId: client.parentSpanId ?? server.parentSpanId,
    name: client.name !== '' ? client.name : server.name,
    service: client.service !== '' ? client.service : server.service,
    resource: client.resource.length > 0 ? client.resource : server.resource,
    startUs: time.startUs,
    durationUs: time.durationUs,
    status: worse(client.status, server.status),
    statusMessage: client.statusMessage ?? server.statusMessage,
    scope: client.scope ?? server.scope,
    attributes,
    events,
    droppedLinksCount: Math.max(client.droppedLinksCount, server.droppedLinksCount),
  };
}
