/// <reference lib="dom" />
// Code passed to page.evaluate runs in the browser: it needs the DOM types.
/**
 * What the worker's answers carried to the page, as counts: for each `result` and `slice`, how
 * many span objects, span rows sent as columns, and layout node objects it held.
 */
import type { Page } from '@playwright/test';

export interface Carried {
  readonly type: string;
  readonly spanObjects: number;
  readonly columnRows: number;
  readonly nodeObjects: number;
}

type Watched = Window & { __carried: Carried[] };

/** Starts recording before any script of the page runs (call before `page.goto`). */
export async function watchWorkerMessages(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as Watched;
    w.__carried = [];
    const Base = window.Worker;
    type View = { graph: { spans: Map<unknown, unknown>; columns?: { count: number } }; layout: { traces: { nodes: unknown[] }[] } };
    window.Worker = class extends Base {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        this.addEventListener('message', (e: MessageEvent<{ type: string; slice?: View; analysis?: View | null }>) => {
          const view = e.data.type === 'slice' ? e.data.slice : e.data.type === 'result' ? e.data.analysis : undefined;
          if (view === undefined || view === null) return;
          const nodeObjects = view.layout.traces.reduce((n, b) => n + b.nodes.length, 0);
          w.__carried.push({ type: e.data.type, spanObjects: view.graph.spans.size, columnRows: view.graph.columns?.count ?? 0, nodeObjects });
        });
      }
    };
  });
}

/** The answers recorded since the last call (and forgets them). */
export const takeCarried = (page: Page): Promise<Carried[]> =>
  page.evaluate(() => {
    const w = window as unknown as Watched;
    const out = w.__carried;
    w.__carried = [];
    return out;
  });
