/**
 * A synthetic OTLP JSON document for load tests: `traces` traces of `spansPerTrace` spans (a
 * root with a chain of children), each root linking to a span of the trace before it.
 * Deterministic, so every run measures the same input.
 */
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

export function syntheticOtlp(traces: number, spansPerTrace: number): string {
  const spans: object[] = [];
  const t0 = 1_748_943_667_000_000_000n;
  for (let t = 0; t < traces; t++) {
    const traceId = hex(t + 1, 32);
    for (let s = 0; s < spansPerTrace; s++) {
      const spanId = hex((t + 1) * 1000 + s + 1, 16);
      const parent = s === 0 ? '' : hex((t + 1) * 1000 + Math.floor((s - 1) / 2) + 1, 16);
      const start = t0 + BigInt(t * 1_000_000_000 + s * 1_000_000);
      const links =
        s === 0 && t > 0
          ? [{ traceId: hex(t, 32), spanId: hex(t * 1000 + spansPerTrace, 16), attributes: [{ key: 'link.type', value: { stringValue: 'producer' } }] }]
          : [];
      spans.push({
        traceId,
        spanId,
        parentSpanId: parent,
        name: s === 0 ? `process batch ${t}` : `step ${s}`,
        kind: s === 0 ? 5 : 1,
        startTimeUnixNano: String(start),
        endTimeUnixNano: String(start + 500_000n),
        attributes: [{ key: 'step', value: { intValue: String(s) } }],
        links,
        status: {},
      });
    }
  }
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'load-test' } }] },
        scopeSpans: [{ scope: { name: 'synthetic' }, spans }],
      },
    ],
  });
}
