/**
 * The main thread's side of the worker: sends requests, feeds answers into the store. One
 * worker for the app's lifetime; it answers in order, so answers are applied in order.
 */
import type { NoteTarget, Redaction, ShareState } from '../../core';
import { useTraceStore } from '../store/trace-store';
import type { ExportAnswer, ExportRequest, InputFile, WorkerRequest, WorkerResponse } from './protocol';

let worker: Worker | null = null;
let nextId = 1;
/** Export requests waiting for their answer (they are not loads: the app stays "ready"). */
const exports = new Map<number, (answer: ExportAnswer) => void>();

/** A snapshot's notes and view, applied once its spans are in the store. */
function applyShare(share: ShareState): void {
  const notes = new Map<NoteTarget, string>(share.notes.map((n) => [n.target, n.text]));
  useTraceStore.getState().applyShared(share.view, notes);
}

function getWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('./core.worker.ts', import.meta.url), { type: 'module', name: 'tracelinks-core' });
  worker.addEventListener('message', (event: MessageEvent<WorkerResponse>) => {
    const msg = event.data;
    const store = useTraceStore.getState();
    if (msg.type === 'progress') store.progressed(msg);
    else if (msg.type === 'result') {
      store.resultReceived(msg.analysis, msg.errors);
      if (msg.share) applyShare(msg.share);
    } else if (msg.type === 'exported') {
      exports.get(msg.id)?.(msg.answer);
      exports.delete(msg.id);
    } else if (exports.has(msg.id)) {
      exports.get(msg.id)?.({ ok: false, message: msg.message });
      exports.delete(msg.id);
    } else store.requestFailed(msg.message);
  });
  worker.addEventListener('error', (event) => {
    useTraceStore.getState().requestFailed(`The analysis worker failed: ${event.message || 'unknown error'}`);
  });
  return worker;
}

function send(request: WorkerRequest, transfer: Transferable[] = []): void {
  useTraceStore.getState().requestSent();
  getWorker().postMessage(request, transfer);
}

/** Adds files to what is loaded (bytes are transferred, not copied). */
export function addFiles(files: readonly InputFile[]): void {
  if (files.length === 0) return;
  const transfer: Transferable[] = [];
  for (const f of files) if (typeof f.data !== 'string') transfer.push(f.data.buffer);
  send({ type: 'add', id: nextId++, files }, transfer);
}

export function removeFile(file: string): void {
  send({ type: 'remove', id: nextId++, file });
}

export function clearFiles(): void {
  send({ type: 'clear', id: nextId++ });
}

/** Redacts what is shown and shared (the worker re-analyses the files it holds). */
export function setRedaction(redaction: Redaction): void {
  useTraceStore.getState().setRedaction(redaction);
  send({ type: 'redact', id: nextId++, redaction });
}

/** Opens a share link's fragment (`tl1.…`): it replaces what is loaded when it reads. */
export function openShareFragment(fragment: string): void {
  send({ type: 'open-share', id: nextId++, fragment });
}

/** Asks the worker for an export; resolves with its text or the reason it cannot be made. */
export function requestExport(request: ExportRequest): Promise<ExportAnswer> {
  const id = nextId++;
  return new Promise((resolve) => {
    exports.set(id, resolve);
    getWorker().postMessage({ type: 'export', id, request } satisfies WorkerRequest);
  });
}

/** Reads browser File objects (from a picker or a drop) and adds them. */
export async function addBrowserFiles(files: Iterable<File>): Promise<void> {
  const inputs = await Promise.all(
    [...files].map(async (file) => ({ name: file.name, data: new Uint8Array(await file.arrayBuffer()) })),
  );
  addFiles(inputs);
}

/** Loads the demo traces listed in public/demo/manifest.json (an array of names, or `{files: [...]}`). */
export async function loadDemo(): Promise<void> {
  const base = `${import.meta.env.BASE_URL}demo/`;
  const store = useTraceStore.getState();
  store.requestSent(); // counts the fetches as part of loading, so the app reads "loading" meanwhile
  try {
    const response = await fetch(`${base}manifest.json`);
    if (!response.ok) throw new Error(`manifest.json: HTTP ${response.status}`);
    const manifest: unknown = await response.json();
    const list = Array.isArray(manifest) ? manifest : (manifest as { files?: unknown }).files;
    const names = Array.isArray(list) ? list.filter((n): n is string => typeof n === 'string') : [];
    const files = await Promise.all(
      names.map(async (name) => {
        const r = await fetch(`${base}${encodeURI(name)}`);
        if (!r.ok) throw new Error(`${name}: HTTP ${r.status}`);
        return { name: name.split('/').pop() ?? name, data: new Uint8Array(await r.arrayBuffer()) };
      }),
    );
    addFiles(files);
    useTraceStore.getState().requestSettled();
  } catch (error) {
    const store = useTraceStore.getState();
    store.requestSettled();
    store.loadFailed({ file: 'demo', message: `Could not load the demo: ${(error as Error).message}` });
  }
}
