/**
 * The fields of one Zipkin span that tracelinks uses, read from v2 or v1 JSON alike, and their
 * conversion to the model's `Span` (FORMATS.md section 4).
 */
import { normaliseParentId, normaliseSpanId, normaliseTraceId } from '../ids';
import type { Attribute, Span, SpanEvent, SpanKind } from '../model/span';
import { NO_ATTRIBUTES, NO_LINKS } from '../model/span';
import { readTagFacts, toNumber } from './tags';

export interface ZipkinParts {
  readonly traceId: unknown;
  readonly id: unknown;
  readonly parentId: unknown;
  readonly name: string;
  /** From `kind` (v2) or core annotations (v1); `unspecified` when absent (a local span). */
  readonly kind: SpanKind;
  readonly timestamp?: number;
  readonly duration?: number;
  readonly service: string;
  /** `remoteEndpoint.serviceName` (v2) or the `sa`/`ca` address annotation (v1). */
  readonly remoteService: string;
  readonly tags: readonly Attribute[];
  readonly events: readonly SpanEvent[];
  /** `"shared": true`: the server half of an RPC whose span id the client chose. */
  readonly shared: boolean;
}

/** Zipkin writes 0 (or omits the field) for an unknown timestamp or duration. */
export function positive(value: unknown): number | undefined {
  const n = toNumber(value);
  return n !== undefined && n > 0 ? n : undefined;
}

export function hasAttr(attributes: readonly Attribute[], key: string): boolean {
  for (const a of attributes) if (a.key === key) return true;
  return false;
}

/** Zipkin: a tag `error` marks a failed span whatever its value (the value is the message). */
const ANY_ERROR_TAG = (): boolean => true;

/**
 * The resource of a service's spans: one frozen list per service name, shared by its spans (a
 * file names a few services over and over: one list per span was garbage for the young GC).
 */
export class ServiceResources {
  private readonly lists = new Map<string, readonly Attribute[]>();

  of(service: string): readonly Attribute[] {
    if (service === '') return NO_ATTRIBUTES;
    let list = this.lists.get(service);
    if (list === undefined) {
      list = Object.freeze([Object.freeze({ key: 'service.name', value: service })]);
      this.lists.set(service, list);
    }
    return list;
  }
}

export function partsToSpan(parts: ZipkinParts, file: string, resources: ServiceResources): Span {
  const traceId = normaliseTraceId(parts.traceId, 'padded-hex');
  const spanId = normaliseSpanId(parts.id, 'padded-hex');
  const facts = readTagFacts(parts.tags, ANY_ERROR_TAG);
  const attributes = facts.attributes;
  // The Collector's Zipkin receiver turns the remote endpoint's service into `peer.service`.
  if (parts.remoteService !== '' && !hasAttr(attributes, 'peer.service')) {
    attributes.push({ key: 'peer.service', value: parts.remoteService });
  }
  return {
    traceId: traceId.id,
    spanId: spanId.id,
    validId: traceId.valid && spanId.valid,
    parentSpanId: normaliseParentId(parts.parentId, 'padded-hex'),
    name: parts.name,
    service: parts.service,
    kind: parts.kind !== 'unspecified' ? parts.kind : facts.kind,
    startUs: parts.timestamp,
    durationUs: parts.duration,
    status: facts.status,
    statusMessage: facts.statusMessage,
    attributes,
    resource: resources.of(parts.service),
    scope: facts.scope,
    events: parts.events,
    links: NO_LINKS,
    droppedLinksCount: facts.droppedLinksCount,
    source: file,
  };
}
