/** The core functions the worker's LoadSession runs on (tests use the same set). */
import { analyse } from '../../core/analyse';
import { traceGraph } from '../../core/graph/trace-graph';
import { layoutGraph } from '../../core/layout/elk-layout';
import { layoutOverview } from '../../core/layout/overview-layout';
import { readTraceFile } from '../../core/readers/index';
import { redactSpans } from '../../core/share/redact';
import type { SessionDeps } from './session';

export const coreDeps: SessionDeps = {
  read: readTraceFile,
  analyse,
  layout: (graph) => layoutGraph(graph),
  overview: async (graph, diagnostics) => ({ graph: traceGraph(graph, diagnostics), layout: await layoutOverview(graph) }),
  redact: redactSpans,
};
