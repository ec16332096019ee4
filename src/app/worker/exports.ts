/**
 * Builds every export from what the worker holds (the merged set, the graph and both layouts),
 * so no export walks 100k spans on the main thread. Pure over its inputs; tested without a Worker.
 */
import type { GraphLayout, Note, TraceGraph, TraceId } from '../../core';
import { buildSnapshot, snapshotText } from '../../core/share/snapshot';
import { encodeShareFragment, MAX_SHARE_FRAGMENT } from '../../core/share/url-codec';
import { sceneFromGraph, sceneFromOverview, type OverviewDrawing } from '../../core/share/scene';
import { renderSvg } from '../../core/share/svg';
import { drawnOverview } from '../../core/layout/stacked-overview';
import { renderHtmlSnapshot } from '../../core/share/html-snapshot';
import { toMermaid, toTraceMermaid } from '../../core/share/mermaid';
import type { ExportAnswer, ExportRequest } from './protocol';
import type { SessionView } from './session';

/**
 * The trace-level drawing as the canvas draws it (core/layout/stacked-overview.ts): the traces
 * shown, alike ones stacked unless the user opened their stack, at their layout positions, and
 * the edges between drawn nodes.
 */
export function overviewDrawing(
  overview: TraceGraph,
  fullLayout: GraphLayout,
  traces?: ReadonlySet<TraceId>,
  unstacked?: ReadonlySet<TraceId>,
): OverviewDrawing {
  const { graph, layout } = drawnOverview(overview, fullLayout, traces, unstacked);
  const boxes = new Map(layout.traces.map((b) => [b.traceId, b]));
  const nodes = [];
  for (const n of graph.nodes) {
    const box = boxes.get(n.traceId);
    if (box === undefined) continue;
    nodes.push({ ...n, x: box.x, y: box.y, width: box.width, height: box.height });
  }
  const drawn = new Set(nodes.map((n) => n.traceId));
  return { nodes, edges: graph.edges.filter((e) => drawn.has(e.from) && drawn.has(e.to)) };
}

function sizeText(chars: number): string {
  return chars >= 1e6 ? `${(chars / 1e6).toFixed(1)} MB` : `${Math.ceil(chars / 1e3)} kB`;
}

export function buildExport(view: SessionView | null, req: ExportRequest): ExportAnswer {
  if (view === null) return { ok: false, message: 'Nothing is loaded to export.' };
  const { analysis, payload } = view;
  const notes: readonly Note[] = req.state.notes;
  const traces = req.traces === undefined ? undefined : new Set<TraceId>(req.traces);
  const unstacked = new Set<TraceId>(req.unstacked ?? []);
  const snapshotInput = () => ({
    spans: [...analysis.set.spans.values()],
    duplicates: analysis.set.duplicates.map((d) => d.second),
    problems: analysis.files.flatMap((f) => f.problems),
    state: req.state,
  });
  switch (req.kind) {
    case 'snapshot':
      return { ok: true, text: snapshotText(buildSnapshot(snapshotInput())) };
    case 'share': {
      const full = encodeShareFragment(buildSnapshot(snapshotInput()));
      if (full.length <= MAX_SHARE_FRAGMENT) return { ok: true, text: full };
      const slim = encodeShareFragment(buildSnapshot(snapshotInput(), { slim: true }));
      if (slim.length <= MAX_SHARE_FRAGMENT) {
        return { ok: true, text: slim, note: 'To fit in a link, it leaves out events, resources and the attributes no diagnostic reads.' };
      }
      return {
        ok: false,
        tooLarge: true,
        message: `This graph needs a ${sizeText(slim.length)} link, more than the ${sizeText(MAX_SHARE_FRAGMENT)} a link can hold. Share the snapshot file instead: it reloads the same view when dropped on tracelinks.`,
      };
    }
    case 'svg': {
      const scene =
        req.level === 'traces'
          ? sceneFromOverview(overviewDrawing(payload.overview.graph, payload.overview.layout, traces, unstacked), { notes })
          : sceneFromGraph(payload.graph, payload.layout, { ...(traces ? { traces } : {}), notes });
      return { ok: true, text: renderSvg(scene, { theme: req.theme, title: req.title }) };
    }
    case 'html':
      return {
        ok: true,
        text: renderHtmlSnapshot({
          graph: payload.graph,
          layout: payload.layout,
          summary: payload.summary,
          diagnostics: payload.diagnostics,
          notes,
          title: req.title,
          theme: req.theme,
          ...(traces ? { traces } : {}),
          generatedAt: new Date().toISOString(),
        }),
      };
    case 'mermaid':
      return {
        ok: true,
        text:
          req.level === 'traces'
            ? toTraceMermaid(overviewDrawing(payload.overview.graph, payload.overview.layout, traces, unstacked), notes)
            : toMermaid(payload.graph, { ...(traces ? { traces } : {}), notes }),
      };
  }
}
