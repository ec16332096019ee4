/** The core, run in Node, to compute what the app must show for given files. */
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { analyse, type Analysis } from '../../src/core/analyse';
import { readTraceFile } from '../../src/core/readers/index';

export const FIXTURES = resolve(process.cwd(), '../shared/fixtures');
export const DEMO = resolve(process.cwd(), 'public/demo');

export function fixture(path: string): string {
  return resolve(FIXTURES, path);
}

/** The demo's files, as public/demo/manifest.json lists them (an array, or `{files}`). */
export function demoFiles(): string[] {
  const manifest: unknown = JSON.parse(readFileSync(resolve(DEMO, 'manifest.json'), 'utf8'));
  const list = Array.isArray(manifest) ? manifest : (manifest as { files: unknown[] }).files;
  return list.filter((n): n is string => typeof n === 'string').map((n) => resolve(DEMO, n));
}

/** The core's analysis of these files, read in this order, as the app merges them. */
export function analyseFiles(paths: readonly string[]): Analysis {
  return analyse(paths.map((p) => readTraceFile(basename(p), new Uint8Array(readFileSync(p)))));
}

export function summaryOf(paths: readonly string[]) {
  const s = analyseFiles(paths).summary;
  return { traces: s.traces, spans: s.spans, links: s.links, brokenLinks: s.brokenLinks };
}
