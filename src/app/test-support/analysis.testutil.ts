/** Builds a real AnalysisPayload (core analyse + layout) from hand-made spans, for unit tests. */
import { analyse } from '../../core/analyse';
import { layoutGraph } from '../../core/layout/elk-layout';
import { makeSpan, type SpanSpec } from '../../core/test-support/make-span';
import type { AnalysisPayload } from '../worker/protocol';

export async function analysisOf(specs: readonly SpanSpec[], file = 'test.json'): Promise<AnalysisPayload> {
  const spans = specs.map((s) => makeSpan({ source: file, ...s }));
  const a = analyse([{ file, format: 'otlp-json', spans, problems: [] }]);
  return { files: a.files, summary: a.summary, diagnostics: a.diagnostics, graph: a.graph, layout: await layoutGraph(a.graph) };
}
