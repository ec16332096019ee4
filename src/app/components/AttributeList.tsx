import type { Attribute } from '../../core';
import { formatAttrValue } from '../../core';

/** Attributes as a key/value list; values are text (never HTML). */
export function AttributeList({ attributes, testId }: { attributes: readonly Attribute[]; testId?: string }) {
  if (attributes.length === 0) return <p className="muted">none</p>;
  return (
    <dl className="attrs" data-testid={testId}>
      {attributes.map((a, i) => (
        <div className="attrs__row" key={`${a.key}-${i}`}>
          <dt title={a.key}>{a.key}</dt>
          <dd>{formatAttrValue(a.value)}</dd>
        </div>
      ))}
    </dl>
  );
}
