import type { Span } from './span';

/**
 * Attribute keys that mark a span as consuming messages: the operation keys (current semconv
 * `messaging.operation.type`, older `messaging.operation`) when their value is `process` or
 * `receive`, and the batch keys (current and pre-1.24 spellings) whatever their value.
 */
export const OPERATION_KEYS: ReadonlySet<string> = new Set(['messaging.operation.type', 'messaging.operation']);
const CONSUMING_OPERATIONS = new Set(['process', 'receive']);
export const BATCH_KEYS: ReadonlySet<string> = new Set(['messaging.batch.message_count', 'messaging.batch.message.count']);

/**
 * DIAGNOSTICS.md: kind CONSUMER, a consuming messaging operation, or a batch attribute. Asked
 * once per span as it is read or merged (model/row-flags.ts `expectsLinks`, the OTLP reader's
 * columns), so the diagnostics never walk 100k attribute lists again.
 */
export function consumesMessages(span: Pick<Span, 'kind' | 'attributes'>): boolean {
  if (span.kind === 'consumer') return true;
  const attributes = span.attributes;
  for (let i = 0; i < attributes.length; i++) {
    const a = attributes[i]!;
    // Asked of every span as it is read: most keys fail at their first character.
    if (a.key.charCodeAt(0) !== 0x6d || !a.key.startsWith('messaging.')) continue;
    if (BATCH_KEYS.has(a.key)) return true;
    if (OPERATION_KEYS.has(a.key) && typeof a.value === 'string' && CONSUMING_OPERATIONS.has(a.value.toLowerCase())) return true;
  }
  return false;
}
