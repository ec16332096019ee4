import { readTraceFile } from '../readers/index';
import type { ReadResult } from '../readers/types';

/**
 * The real inputs tests read: the demo traces (public/demo/, in manifest order) and the shared
 * fixtures (../shared/fixtures/<folder>/<file>). This file is built with src/core, which has no
 * Node, so the test passes `node:fs` in, with how to resolve a path against its own folder:
 * @example const { loadDemo } = repoFiles(fs, (p) => new URL(p, import.meta.url));
 * The paths assume a test one folder below src/core (src/core/share/, src/core/layout/, …).
 */

/** What of Node's `fs` is read (`import * as fs from 'node:fs'` is one). */
export interface RepoFs<P> {
  readdirSync(path: P, options: { withFileTypes: true }): readonly { readonly name: string; isDirectory(): boolean }[];
  readFileSync(path: P): Uint8Array;
  readFileSync(path: P, encoding: 'utf8'): string;
}

export interface RepoFiles {
  /** Every fixture as `folder/file`, sorted. */
  fixturePaths(): string[];
  /** One fixture (`folder/file`), read under its file name. */
  loadFixture(path: string): ReadResult;
  /** The demo's file names, in manifest order. */
  demoFiles(): string[];
  /** The demo's files, read in manifest order. */
  loadDemo(): ReadResult[];
}

export function repoFiles<P>(fs: RepoFs<P>, here: (path: string) => P): RepoFiles {
  const FIXTURES = '../../../../shared/fixtures/';
  const DEMO = '../../../public/demo/';
  const read = (path: string, name: string): ReadResult => readTraceFile(name, new Uint8Array(fs.readFileSync(here(path))));
  const demoFiles = (): string[] => (JSON.parse(fs.readFileSync(here(`${DEMO}manifest.json`), 'utf8')) as { files: string[] }).files;
  return {
    fixturePaths: () =>
      fs
        .readdirSync(here(FIXTURES), { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .flatMap((d) => fs.readdirSync(here(`${FIXTURES}${d.name}/`), { withFileTypes: true }).map((f) => `${d.name}/${f.name}`))
        .sort(),
    loadFixture: (path) => read(`${FIXTURES}${path}`, path.split('/').pop()!),
    demoFiles,
    loadDemo: () => demoFiles().map((f) => read(`${DEMO}${f}`, f)),
  };
}
