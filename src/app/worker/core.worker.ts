/// <reference lib="webworker" />
/**
 * The analysis worker: reads files, merges, analyses and lays out off the main thread, and
 * posts progress and results; it owns the whole model and answers slices of it (the spans of
 * the traces in view) and searches over it; it also decodes share links and builds every export
 * from what it holds. Loads and exports are handled one at a time, in order, so every answer
 * reflects every request before it. Slices, searches and cancels are answered as they arrive,
 * from the last finished analysis (a running load yields to the event loop between its files
 * and phases, so they do not wait for it).
 */
import { decodeShareFragment } from '../../core/share/url-codec';
import { coreDeps } from './core-deps';
import { buildExport } from './exports';
import { SHARED_LINK_FILE, type LoadRequest, type Progress, type WorkerRequest, type WorkerResponse } from './protocol';
import { searchGraph } from './search';
import { LoadCancelled, LoadSession, type Checkpoint, type SessionAnswer } from './session';
import { EMPTY_SLICE, resultPayload, sliceOf } from './slice';
import { packView } from './wire-graph';

declare const self: DedicatedWorkerGlobalScope;

const session = new LoadSession(coreDeps);
/** Loads asked to stop (ids); one is removed once it has answered. */
const cancelled = new Set<number>();

/** Posts a message; a large graph and layout in it go as columns, transferred (wire-graph.ts). */
function post(message: WorkerResponse): void {
  let transfer: ArrayBuffer[] = [];
  if (message.type === 'result' && message.analysis !== null) {
    const wire = packView(message.analysis.graph, message.analysis.layout);
    transfer = wire.transfer;
    message = { ...message, analysis: { ...message.analysis, graph: wire.graph, layout: wire.layout } };
  } else if (message.type === 'slice') {
    const wire = packView(message.slice.graph, message.slice.layout);
    transfer = wire.transfer;
    message = { ...message, slice: { ...message.slice, graph: wire.graph, layout: wire.layout } };
  }
  self.postMessage(message, transfer);
}

/** Lets queued messages (a cancel, a slice, a search) run, then stops the load if it was cancelled. */
const checkpoint = (id: number): Checkpoint => async () => {
  await new Promise<void>((resolve) => setTimeout(resolve, 0));
  if (cancelled.has(id)) throw new LoadCancelled();
};

/** Opens a share link: replaces what is loaded, or, when the link is damaged, keeps it and says why. */
async function openShare(fragment: string, progress: (p: Progress) => void, check: Checkpoint): Promise<SessionAnswer> {
  const decoded = decodeShareFragment(fragment);
  if (!decoded.ok) return { analysis: session.view()?.payload ?? null, errors: [{ file: 'shared link', message: decoded.message }] };
  return session.replace({ name: SHARED_LINK_FILE, data: decoded.text }, progress, check);
}

async function load(request: LoadRequest): Promise<SessionAnswer> {
  const progress = (p: Progress) => post({ type: 'progress', id: request.id, ...p });
  const check = checkpoint(request.id);
  switch (request.type) {
    case 'add':
      return session.add(request.files, progress, check);
    case 'remove':
      return session.remove(request.file, progress, check);
    case 'redact':
      return session.redact(request.redaction, progress, check);
    case 'open-share':
      return openShare(request.fragment, progress, check);
    case 'clear':
      return session.clear();
  }
}

async function handle(request: LoadRequest | Extract<WorkerRequest, { type: 'export' }>): Promise<void> {
  try {
    if (request.type === 'export') {
      post({ type: 'exported', id: request.id, answer: buildExport(session.view(), request.request) });
      return;
    }
    if (cancelled.has(request.id)) throw new LoadCancelled();
    const answer = await load(request);
    const analysis = answer.analysis === null || !('view' in request) ? null : resultPayload(answer.analysis, request.view);
    post({ type: 'result', id: request.id, analysis, errors: answer.errors, ...(answer.share ? { share: answer.share } : {}) });
  } catch (error) {
    if (error instanceof LoadCancelled) post({ type: 'cancelled', id: request.id });
    else post({ type: 'failure', id: request.id, message: error instanceof Error ? error.message : String(error) });
  } finally {
    cancelled.delete(request.id);
  }
}

let queue: Promise<void> = Promise.resolve();
self.addEventListener('message', (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  if (request.type === 'cancel') {
    for (const id of request.ids) cancelled.add(id);
    return;
  }
  if (request.type === 'slice' || request.type === 'search' || request.type === 'details') {
    const view = session.view();
    try {
      if (request.type === 'details') {
        post({ type: 'details', id: request.id, version: session.currentVersion, span: view?.payload.graph.spans.get(request.key) ?? null });
      } else if (request.type === 'slice') {
        const slice = view === null ? EMPTY_SLICE : sliceOf(view.payload, request.traces);
        post({ type: 'slice', id: request.id, version: session.currentVersion, slice });
      } else {
        const answer = view === null ? { query: request.query, total: 0, hits: [] } : searchGraph(view.payload.graph, request.query, request.limit);
        post({ type: 'found', id: request.id, answer });
      }
    } catch (error) {
      post({ type: 'failure', id: request.id, message: error instanceof Error ? error.message : String(error) });
    }
    return;
  }
  queue = queue.then(() => handle(request));
});
