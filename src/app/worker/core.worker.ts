/// <reference lib="webworker" />
/**
 * The analysis worker: reads files, merges, analyses and lays out off the main thread, and
 * posts progress and results; it also decodes share links and builds every export from what it
 * holds. Requests are handled one at a time, in order, so every answer reflects every request
 * before it.
 */
import { decodeShareFragment } from '../../core/share/url-codec';
import { coreDeps } from './core-deps';
import { buildExport } from './exports';
import { SHARED_LINK_FILE, type Progress, type WorkerRequest, type WorkerResponse } from './protocol';
import { LoadSession, type SessionAnswer } from './session';

declare const self: DedicatedWorkerGlobalScope;

const session = new LoadSession(coreDeps);

function post(message: WorkerResponse): void {
  self.postMessage(message);
}

/** Opens a share link: replaces what is loaded, or, when the link is damaged, keeps it and says why. */
async function openShare(fragment: string, progress: (p: Progress) => void): Promise<SessionAnswer> {
  const decoded = decodeShareFragment(fragment);
  if (!decoded.ok) return { analysis: session.view()?.payload ?? null, errors: [{ file: 'shared link', message: decoded.message }] };
  return session.replace({ name: SHARED_LINK_FILE, data: decoded.text }, progress);
}

async function handle(request: WorkerRequest): Promise<void> {
  const progress = (p: Progress) => post({ type: 'progress', id: request.id, ...p });
  try {
    if (request.type === 'export') {
      post({ type: 'exported', id: request.id, answer: buildExport(session.view(), request.request) });
      return;
    }
    const answer =
      request.type === 'add'
        ? await session.add(request.files, progress)
        : request.type === 'remove'
          ? await session.remove(request.file, progress)
          : request.type === 'redact'
            ? await session.redact(request.redaction, progress)
            : request.type === 'open-share'
              ? await openShare(request.fragment, progress)
              : session.clear();
    post({ type: 'result', id: request.id, analysis: answer.analysis, errors: answer.errors, ...(answer.share ? { share: answer.share } : {}) });
  } catch (error) {
    post({ type: 'failure', id: request.id, message: error instanceof Error ? error.message : String(error) });
  }
}

let queue: Promise<void> = Promise.resolve();
self.addEventListener('message', (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  queue = queue.then(() => handle(request));
});
