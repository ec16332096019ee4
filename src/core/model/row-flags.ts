import { consumesMessages } from './messaging';
import { packSpanId } from './packed-id';
import type { Span } from './span';

/**
 * Facts about a span, set once as it is added (`SpanTable.flagsAt`, `SpanRows.flagsAt`: the
 * same bits in both), so that the graph, the diagnostics and the summary read a byte per span
 * instead of going back to 100k span objects and their strings. The low two bits say how the
 * parent id is held (`ROW_PARENT_MASK`).
 */
export const ROW_PARENT_NONE = 0;
/** The parent id is 16 lower-case hex digits, kept as two words (`parentRowOf` probes by them). */
export const ROW_PARENT_PACKED = 1;
/** The parent id is kept only as text (malformed): looked up by its string. */
export const ROW_PARENT_TEXT = 2;
export const ROW_PARENT_MASK = 3;
/** Both own ids are valid W3C ids (`Span.validId`). */
export const ROW_VALID_ID = 4;
/** The SDK dropped links of this span (`droppedLinksCount > 0`). */
export const ROW_DROPPED_LINKS = 8;
/** It consumes messages (model/messaging.ts) yet has no links, and none were dropped. */
export const ROW_CONSUMER_WITHOUT_LINKS = 16;
/** It holds at least one link. */
export const ROW_HAS_LINKS = 32;
/** Its status is `error`. */
export const ROW_ERROR = 64;
/** Reader columns only (SpanRows): the span id is 16 lower-case hex digits, kept as two words. */
export const ROW_ID_PACKED = 128;

/** The flags of a span's own facts (the parent's bits come from `parentFlags`). */
export function factFlags(validId: boolean, error: boolean, links: number, dropped: number, consumer: boolean): number {
  let flags = validId ? ROW_VALID_ID : 0;
  if (error) flags |= ROW_ERROR;
  if (links > 0) flags |= ROW_HAS_LINKS;
  if (dropped > 0) flags |= ROW_DROPPED_LINKS;
  if (consumer) flags |= ROW_CONSUMER_WITHOUT_LINKS;
  return flags;
}

/** `factFlags` of a span object. */
export function spanFlags(span: Span): number {
  return factFlags(span.validId, span.status === 'error', span.links.length, span.droppedLinksCount, expectsLinks(span));
}

/** ROW_CONSUMER_WITHOUT_LINKS: it consumes messages, yet has no links and none were dropped. */
export function expectsLinks(span: Pick<Span, 'kind' | 'attributes' | 'links' | 'droppedLinksCount'>): boolean {
  return span.links.length === 0 && span.droppedLinksCount === 0 && consumesMessages(span);
}

/** How a parent id is held (ROW_PARENT_*); when packed, its words are left in WORDS (packed-id.ts). */
export function parentFlags(parentId: string | undefined): number {
  if (parentId === undefined) return ROW_PARENT_NONE;
  return packSpanId(parentId, 0, parentId.length) ? ROW_PARENT_PACKED : ROW_PARENT_TEXT;
}
