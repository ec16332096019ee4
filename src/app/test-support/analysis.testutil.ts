/**
 * Builds a real AnalysisPayload (core analyse + both layouts) from hand-made spans, for unit
 * tests: the whole model, as the worker holds it (slice `'*'`: every trace's spans).
 */
import { analyse } from '../../core/analyse';
import { NO_REDACTION } from '../../core/share/types';
import { makeSpan, type SpanSpec } from '../../core/test-support/make-span';
import { problemTracesOf } from '../store/derived';
import { coreDeps } from '../worker/core-deps';
import type { AnalysisPayload } from '../worker/protocol';

export async function analysisOf(specs: readonly SpanSpec[], file = 'test.json'): Promise<AnalysisPayload> {
  const spans = specs.map((s) => makeSpan({ source: file, ...s }));
  const a = analyse([{ file, format: 'otlp-json', spans, problems: [] }]);
  return {
    version: 1,
    files: a.files,
    summary: a.summary,
    diagnostics: a.diagnostics,
    diagnosticsTotal: a.diagnostics.length,
    graph: a.graph,
    layout: await coreDeps.layout(a.graph),
    slice: '*',
    overview: await coreDeps.overview(a.graph, a.diagnostics),
    problemTraces: problemTracesOf(a.graph, a.diagnostics),
    redaction: NO_REDACTION,
  };
}
