/// <reference lib="webworker" />
/**
 * The analysis worker: reads files, merges, analyses and lays out off the main thread, and
 * posts progress and results. Requests are handled one at a time, in order, so every answer
 * reflects every request before it.
 */
import { analyse } from '../../core/analyse';
import { layoutGraph } from '../../core/layout/elk-layout';
import { readTraceFile } from '../../core/readers/index';
import type { WorkerRequest, WorkerResponse } from './protocol';
import { LoadSession } from './session';

declare const self: DedicatedWorkerGlobalScope;

const session = new LoadSession({ read: readTraceFile, analyse, layout: (graph) => layoutGraph(graph) });

function post(message: WorkerResponse): void {
  self.postMessage(message);
}

async function handle(request: WorkerRequest): Promise<void> {
  const progress = (p: Parameters<Parameters<LoadSession['add']>[1]>[0]) => post({ type: 'progress', id: request.id, ...p });
  try {
    const answer =
      request.type === 'add'
        ? await session.add(request.files, progress)
        : request.type === 'remove'
          ? await session.remove(request.file, progress)
          : session.clear();
    post({ type: 'result', id: request.id, analysis: answer.analysis, errors: answer.errors });
  } catch (error) {
    post({ type: 'failure', id: request.id, message: error instanceof Error ? error.message : String(error) });
  }
}

let queue: Promise<void> = Promise.resolve();
self.addEventListener('message', (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  queue = queue.then(() => handle(request));
});
