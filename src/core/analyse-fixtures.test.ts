import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyse } from './analyse';
import type { Summary } from './graph/types';
import { readTraceFile } from './readers/index';

/**
 * Every real fixture through readTraceFile + analyse, against the counts SOURCES.md states for
 * it (spans after the merge, traces, links, where they point, orphans). No fixture has an
 * invalid link context or dropped links, and none is missing a span of a loaded trace.
 */
const FIXTURES = new URL('../../../shared/fixtures/', import.meta.url);
const load = (path: string) => readTraceFile(path.split('/').pop()!, new Uint8Array(readFileSync(new URL(path, FIXTURES))));

const NONE = { invalidContext: 0, missingSpan: 0, droppedLinks: 0 };
function counts(c: Omit<Summary, 'brokenLinks' | keyof typeof NONE>): Summary {
  return { ...NONE, ...c, brokenLinks: c.missingTrace };
}
const plain = (spans: number, traces: number, missingParent: number) => counts({ traces, spans, links: 0, missingTrace: 0, missingParent });

const EXPECTED: Record<string, Summary> = {
  // 1 span, parent not in the file.
  'otlp-json/opentelemetry-proto_examples_trace.json': plain(1, 1, 1),
  // 4 spans, 2 traces, 8 links: 4 to span …0004 (loaded, one a self-link), 4 to trace …ff (not loaded); all parents missing.
  'otlp-json/jaeger_memory_otel_traces_01.json': counts({ traces: 2, spans: 4, links: 8, missingTrace: 4, missingParent: 4 }),
  // 1 span, 3 links, no target loaded (traces …ff and …01 are absent).
  'otlp-json/jaeger_link_attributes_trace.json': counts({ traces: 1, spans: 1, links: 3, missingTrace: 3, missingParent: 0 }),
  // The same span twice: kept once; its parent is missing.
  'otlp-json/jaeger_otlp2jaeger-in.json': plain(1, 1, 1),
  'otlp-json/jaeger_apiv3_GetTrace.json': plain(1, 1, 0),
  // 6 spans, 2 traces, 2 links that both resolve.
  'otlp-json/opentelemetry-bash_context_propagation_http_curl_otlp.json': counts({ traces: 2, spans: 6, links: 2, missingTrace: 0, missingParent: 0 }),
  'otlp-jsonl/jaeger-ui_otlp2jaeger-multi-in.jsonl': plain(4, 1, 0),
  // 8 spans, 2 traces, 2 mutual links.
  'otlp-jsonl/opentelemetry-bash_context_propagation_http_netcat_otlp.json': counts({ traces: 2, spans: 8, links: 2, missingTrace: 0, missingParent: 0 }),
  'tempo/tempo_vulture_trace_batches_2021.json': plain(25, 1, 0),
  'tempo/tempo_servicegraphs_trace-with-failed-requests.json': plain(15, 1, 0),
  'tempo/tempo_servicegraphs_trace-with-virtual-nodes.json': plain(3, 2, 0),
  // 2 identical spans; CHILD_OF a missing parent.
  'jaeger/jaeger_otlp2jaeger-out.json': plain(1, 1, 1),
  // 5 spans, two share …0002 (4 kept); …0004: parent …0002, links to trace …ff (not loaded) and FOLLOWS_FROM …0002.
  'jaeger/jaeger_uimodel_ui_01.json': counts({ traces: 1, spans: 4, links: 2, missingTrace: 1, missingParent: 0 }),
  'jaeger/jaeger-ui_spansAmongEachOther.json': plain(12, 1, 0),
  'jaeger/jaeger-ui_TraceGraph_testTrace.json': plain(11, 1, 0),
  'jaeger/jaeger_anonymizer_trace_success.json': plain(2, 1, 1),
  'zipkin/zipkin_messaging.json': plain(4, 1, 0),
  // CLIENT and SERVER share one id (shared: true): merged into one span.
  'zipkin/zipkin_skew.json': plain(3, 1, 0),
  'zipkin/zipkin_messaging-kafka.json': plain(28, 1, 0),
  'zipkin/zipkin_zipkin2-client.json': plain(1, 1, 1),
  'otel-python-console/monocle_trace3.json': plain(6, 1, 0),
};

describe('analyse on every fixture', () => {
  it('has an expectation for every fixture file', () => {
    const onDisk = readdirSync(FIXTURES, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) => readdirSync(new URL(`${d.name}/`, FIXTURES)).map((f) => `${d.name}/${f}`));
    expect(onDisk.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [path, summary] of Object.entries(EXPECTED)) {
    it(`${path}: ${summary.spans} spans, ${summary.links} links, ${summary.brokenLinks} broken`, () => {
      const a = analyse([load(path)]);
      expect(a.files[0]!.problems).toEqual([]);
      expect(a.diagnostics.filter((d) => d.code.startsWith('input.'))).toEqual([]);
      expect(a.summary).toEqual(summary);
    });
  }

  const codesOf = (path: string) => analyse([load(path)]).diagnostics.map((d) => d.code);
  const count = (codes: string[], code: string) => codes.filter((c) => c === code).length;

  it('finds the self-link of span …0004 in the Jaeger memory fixture', () => {
    expect(count(codesOf('otlp-json/jaeger_memory_otel_traces_01.json'), 'link.self')).toBe(1);
  });

  it('finds the target linked twice in the link attributes fixture', () => {
    expect(count(codesOf('otlp-json/jaeger_link_attributes_trace.json'), 'link.duplicate')).toBe(1);
  });

  it('finds the two different spans sharing …0002 in ui_01, and no duplicate in Zipkin shared spans', () => {
    expect(count(codesOf('jaeger/jaeger_uimodel_ui_01.json'), 'span.duplicate-id')).toBe(1);
    expect(count(codesOf('zipkin/zipkin_skew.json'), 'span.duplicate-id')).toBe(0);
  });

  it('flags every non-hex span id of the Jaeger UI test trace, and no padded legacy id', () => {
    expect(count(codesOf('jaeger/jaeger-ui_TraceGraph_testTrace.json'), 'span.invalid-id')).toBe(11);
    expect(count(codesOf('jaeger/jaeger-ui_spansAmongEachOther.json'), 'span.invalid-id')).toBe(0);
  });

  it('keeps a file loaded twice once, and adds up two files', () => {
    const twice = analyse([load('jaeger/jaeger_uimodel_ui_01.json'), load('jaeger/jaeger_uimodel_ui_01.json')]);
    expect(twice.summary).toEqual(EXPECTED['jaeger/jaeger_uimodel_ui_01.json']);
    expect(count(twice.diagnostics.map((d) => d.code), 'span.duplicate-id')).toBe(1);
    const both = analyse([load('otlp-json/jaeger_memory_otel_traces_01.json'), load('otlp-json/jaeger_link_attributes_trace.json')]);
    expect(both.summary.spans).toBe(5);
    expect(both.summary.links).toBe(11);
  });
});
