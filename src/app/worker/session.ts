/**
 * What the worker keeps between messages: every file read so far, in load order. Each change
 * (add, remove, clear) re-runs the analysis over all of them, so merging and de-duplication
 * are the core's job, and removing a file recomputes exactly as if it had never been dropped.
 * The core functions come in as dependencies, so this runs (and is tested) without a Worker.
 */
import type { Diagnostic, GraphLayout, LinkGraph, ReadResult, Summary } from '../../core';
import type { AnalysisPayload, InputFile, LoadedFile, LoadError, Progress } from './protocol';

export interface CoreAnalysis {
  readonly graph: LinkGraph;
  readonly diagnostics: readonly Diagnostic[];
  readonly summary: Summary;
  readonly files: readonly LoadedFile[];
}

export interface SessionDeps {
  read(file: string, data: Uint8Array | string): ReadResult;
  analyse(results: readonly ReadResult[]): CoreAnalysis;
  layout(graph: LinkGraph): GraphLayout | Promise<GraphLayout>;
}

export interface SessionAnswer {
  readonly analysis: AnalysisPayload | null;
  readonly errors: readonly LoadError[];
}

function sameData(a: Uint8Array | string, b: Uint8Array | string): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** What is wrong with a file that yielded nothing, in one line. */
export function describeFailure(result: ReadResult): string {
  const first = result.problems[0];
  if (!first) return 'no spans found';
  const where = first.where ? ` (${first.where})` : '';
  const more = result.problems.length > 1 ? ` (+${result.problems.length - 1} more)` : '';
  return `${first.message}${where}${more}`;
}

export class LoadSession {
  private results: ReadResult[] = [];
  private readonly data = new Map<string, Uint8Array | string>();

  constructor(private readonly deps: SessionDeps) {}

  /** A name not used yet: `trace.json`, then `trace (2).json`, … */
  private freeName(name: string): string {
    if (!this.data.has(name)) return name;
    const dot = name.indexOf('.', 1);
    const stem = dot > 0 ? name.slice(0, dot) : name;
    const ext = dot > 0 ? name.slice(dot) : '';
    for (let n = 2; ; n++) {
      const candidate = `${stem} (${n})${ext}`;
      if (!this.data.has(candidate)) return candidate;
    }
  }

  /**
   * Reads and merges files. A file already loaded with the same name and bytes is skipped; a
   * different file under a taken name gets a numbered name. A file that yields no span and has
   * problems is not kept: it is reported in `errors`, and what was loaded stays as it was.
   */
  async add(files: readonly InputFile[], progress: (p: Progress) => void): Promise<SessionAnswer> {
    const errors: LoadError[] = [];
    let done = 0;
    for (const input of files) {
      progress({ phase: 'reading', done, total: files.length, file: input.name });
      done++;
      const existing = this.data.get(input.name);
      if (existing !== undefined && sameData(existing, input.data)) continue;
      const name = this.freeName(input.name);
      const result = this.deps.read(name, input.data);
      if (result.spans.length === 0 && result.problems.length > 0) {
        errors.push({ file: name, message: describeFailure(result) });
        continue;
      }
      this.data.set(name, input.data);
      this.results.push(result);
    }
    return { analysis: await this.run(progress), errors };
  }

  async remove(file: string, progress: (p: Progress) => void): Promise<SessionAnswer> {
    this.data.delete(file);
    this.results = this.results.filter((r) => r.file !== file);
    return { analysis: await this.run(progress), errors: [] };
  }

  clear(): SessionAnswer {
    this.data.clear();
    this.results = [];
    return { analysis: null, errors: [] };
  }

  private async run(progress: (p: Progress) => void): Promise<AnalysisPayload | null> {
    if (this.results.length === 0) return null;
    progress({ phase: 'analysing', done: 0, total: 1 });
    const analysis = this.deps.analyse(this.results);
    progress({ phase: 'layout', done: 0, total: 1 });
    const layout = await this.deps.layout(analysis.graph);
    return {
      files: analysis.files.map((f) => ({ file: f.file, format: f.format, spans: f.spans, problems: f.problems })),
      summary: analysis.summary,
      diagnostics: analysis.diagnostics,
      graph: analysis.graph,
      layout,
    };
  }
}
