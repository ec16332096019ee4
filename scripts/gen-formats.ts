/**
 * Writers for generated traces (scripts/gen-traces.ts's model) in pieces, so a file of any size
 * can be written chunk by chunk: `begin`, then `chunk(traces, first)` for each run of traces, then
 * `end`. Joined, the pieces are one file of the format (see /work/shared/FORMATS.md):
 *
 * - `otlp-json`: one TracesData; each chunk adds its resourceSpans (one per service, first seen);
 * - `otlp-jsonl`: the collector file exporter's shape, one TracesData per chunk, one per line;
 * - `jaeger`: `{data: [Trace]}`, the parent as a CHILD_OF reference, links as FOLLOWS_FROM;
 * - `zipkin`: a Zipkin v2 array of spans (Zipkin has no links: a writer drops them, so callers
 *   put no links on spans written as Zipkin).
 */
import type { GenSpan, GenTrace } from './gen-traces';
import { otlpDocument } from './gen-traces';

export type FileFormat = 'otlp-json' | 'otlp-jsonl' | 'jaeger' | 'zipkin';

export interface ChunkWriter {
  begin(): string;
  chunk(traces: readonly GenTrace[], first: boolean): string;
  end(): string;
}

const us = (ns: bigint) => Number(ns / 1000n);
const JAEGER_KIND = ['', 'internal', 'server', 'client', 'producer', 'consumer'];
const ZIPKIN_KIND = ['', '', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];

function jaegerTrace(t: GenTrace): unknown {
  const processes = new Map<string, string>();
  const spans = t.spans.map((s: GenSpan) => {
    let pid = processes.get(s.service);
    if (pid === undefined) processes.set(s.service, (pid = `p${processes.size + 1}`));
    const refs = [
      ...(s.parentSpanId ? [{ refType: 'CHILD_OF', traceID: s.traceId, spanID: s.parentSpanId }] : []),
      ...s.links.map((l) => ({ refType: 'FOLLOWS_FROM', traceID: l.traceId, spanID: l.spanId })),
    ];
    const tags = [
      { key: 'span.kind', type: 'string', value: JAEGER_KIND[s.kind] ?? 'internal' },
      ...(s.error ? [{ key: 'error', type: 'bool', value: true }] : []),
      ...(s.attributes ?? []).map(([key, value]) => ({ key, type: 'string', value })),
    ];
    return { traceID: s.traceId, spanID: s.spanId, operationName: s.name, references: refs, startTime: us(s.startNs), duration: us(s.endNs - s.startNs), tags, logs: [], processID: pid };
  });
  return {
    traceID: t.traceId,
    spans,
    processes: Object.fromEntries([...processes].map(([service, pid]) => [pid, { serviceName: service, tags: [] }])),
    warnings: null,
  };
}

function zipkinSpan(s: GenSpan): unknown {
  const kind = ZIPKIN_KIND[s.kind];
  const tags: Record<string, string> = Object.fromEntries(s.attributes ?? []);
  if (s.error) tags.error = 'generated error';
  return {
    traceId: s.traceId,
    id: s.spanId,
    ...(s.parentSpanId ? { parentId: s.parentSpanId } : {}),
    name: s.name,
    ...(kind ? { kind } : {}),
    timestamp: us(s.startNs),
    duration: us(s.endNs - s.startNs),
    localEndpoint: { serviceName: s.service },
    tags,
  };
}

const joined = (items: readonly unknown[], first: boolean) => (items.length === 0 ? '' : (first ? '' : ',') + items.map((x) => JSON.stringify(x)).join(','));

export const CHUNK_WRITERS: Record<FileFormat, ChunkWriter> = {
  'otlp-json': {
    begin: () => '{"resourceSpans":[',
    chunk: (traces, first) => joined(otlpDocument(traces).resourceSpans, first),
    end: () => ']}',
  },
  'otlp-jsonl': {
    begin: () => '',
    chunk: (traces) => (traces.length === 0 ? '' : JSON.stringify(otlpDocument(traces)) + '\n'),
    end: () => '',
  },
  jaeger: {
    begin: () => '{"data":[',
    chunk: (traces, first) => joined(traces.map(jaegerTrace), first),
    end: () => '],"total":0,"limit":0,"offset":0,"errors":null}',
  },
  zipkin: {
    begin: () => '[',
    chunk: (traces, first) => joined(traces.flatMap((t) => t.spans.map(zipkinSpan)), first),
    end: () => ']',
  },
};
