/**
 * The share and export actions: ask the worker for the text (it holds the data), then download,
 * copy or rasterise it here. Nothing is sent anywhere: downloads are blob URLs, the share link
 * is a URL fragment, which browsers never send to a server.
 */
import type { ExportAnswer, ExportKind, ExportRequest } from '../worker/protocol';
import { requestExport } from '../worker/client';
import { selectCurrentView } from '../store/current-view';
import { useTraceStore } from '../store/trace-store';
import { copyText, download, fileStem, svgToPng } from './download';
import { exportTitle, shareStateOf } from './share-state';

/** Images and diagrams of what the canvas shows now, or of every span of every trace. */
export type ExportScope = 'view' | 'all';

export interface ActionResult {
  readonly ok: boolean;
  readonly message: string;
}

export function exportRequest(kind: ExportKind, scope: ExportScope): ExportRequest {
  const s = useTraceStore.getState();
  const view = selectCurrentView(s);
  const whole = scope === 'all';
  return {
    kind,
    state: shareStateOf(s),
    level: whole ? 'spans' : view.level,
    ...(whole || view.traces === undefined ? {} : { traces: [...view.traces] }),
    ...(whole || s.view.unstackedTraces.size === 0 ? {} : { unstacked: [...s.view.unstackedTraces] }),
    theme: s.view.theme,
    title: exportTitle(s),
  };
}

async function ask(kind: ExportKind, scope: ExportScope): Promise<ExportAnswer> {
  return requestExport(exportRequest(kind, scope));
}

const failed = (answer: ExportAnswer & { ok: false }): ActionResult => ({ ok: false, message: answer.message });

export interface ShareResult extends ActionResult {
  readonly url?: string;
  readonly tooLarge?: boolean;
  readonly copied?: boolean;
}

/** Builds the share link, puts it in the address bar (no reload) and on the clipboard. */
export async function shareLink(): Promise<ShareResult> {
  const answer = await ask('share', 'view');
  if (!answer.ok) return { ok: false, message: answer.message, ...(answer.tooLarge ? { tooLarge: true } : {}) };
  const url = `${location.origin}${location.pathname}${location.search}#${answer.text}`;
  history.replaceState(null, '', url);
  const copied = await copyText(url);
  const size = answer.text.length >= 1e5 ? ` (${Math.round(answer.text.length / 1e3)} kB)` : '';
  const how = copied ? 'Link copied to the clipboard' : 'Copy the link from the field';
  const note = answer.note ? ` ${answer.note}` : '';
  return { ok: true, url, copied, message: `${how}${size}. The data is in the link itself, after the #: it is never sent to a server.${note}` };
}

export async function exportSnapshot(): Promise<ActionResult> {
  const answer = await ask('snapshot', 'all');
  if (!answer.ok) return failed(answer);
  const name = `${fileStem()}.tracelinks.json`;
  download(name, answer.text, 'application/json');
  return { ok: true, message: `Saved ${name}: drop it on tracelinks to reopen this view.` };
}

export async function exportHtml(scope: ExportScope): Promise<ActionResult> {
  const answer = await ask('html', scope);
  if (!answer.ok) return failed(answer);
  const name = `${fileStem()}.html`;
  download(name, answer.text, 'text/html');
  return { ok: true, message: `Saved ${name}: a read-only page that opens offline, with no script.` };
}

export async function exportSvg(scope: ExportScope): Promise<ActionResult> {
  const answer = await ask('svg', scope);
  if (!answer.ok) return failed(answer);
  const name = `${fileStem()}.svg`;
  download(name, answer.text, 'image/svg+xml');
  return { ok: true, message: `Saved ${name}.` };
}

export async function exportPng(scope: ExportScope): Promise<ActionResult> {
  const answer = await ask('svg', scope);
  if (!answer.ok) return failed(answer);
  const { png, scale } = await svgToPng(answer.text, 2);
  const name = `${fileStem()}.png`;
  download(name, png);
  const small = scale < 1 ? ` The graph is large: it was drawn at ${Math.round(scale * 100)}% to fit a PNG; SVG keeps every detail.` : '';
  return { ok: true, message: `Saved ${name}.${small}` };
}

export async function exportMermaid(scope: ExportScope, copy: boolean): Promise<ActionResult> {
  const answer = await ask('mermaid', scope);
  if (!answer.ok) return failed(answer);
  if (copy) {
    const copied = await copyText(answer.text);
    return copied ? { ok: true, message: 'Mermaid diagram copied: paste it into a ```mermaid block.' } : { ok: false, message: 'The browser did not allow copying; use Mermaid ⤓ to download it.' };
  }
  const name = `${fileStem()}.mmd`;
  download(name, answer.text, 'text/plain');
  return { ok: true, message: `Saved ${name}.` };
}
