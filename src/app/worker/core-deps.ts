/** The core functions the worker's LoadSession runs on (tests use the same set). */
import { analyse } from '../../core/analyse';
import { traceGraph } from '../../core/graph/trace-graph';
import { layoutGraph } from '../../core/layout/elk-layout';
import { layoutOverview } from '../../core/layout/overview-layout';
import { readTraceFile } from '../../core/readers/index';
import { createTraceStreamReader } from '../../core/readers/stream';
import { redactSpans } from '../../core/share/redact';
import type { SessionDeps } from './session';

export const coreDeps: SessionDeps = {
  read: readTraceFile,
  // bufferBytes 0: the file is read as it comes, a chunk at a time (the session only streams large files).
  stream: (file) => createTraceStreamReader(file, { bufferBytes: 0 }),
  analyse,
  layout: (graph) => layoutGraph(graph),
  overview: async (graph, diagnostics) => ({ graph: traceGraph(graph, diagnostics), layout: await layoutOverview(graph) }),
  redact: redactSpans,
};
