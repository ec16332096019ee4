/**
 * What the worker keeps between messages: every file read so far, in load order. Each change
 * (add, remove, clear) re-runs the analysis over all of them, so merging and de-duplication
 * are the core's job, and removing a file recomputes exactly as if it had never been dropped.
 * The core functions come in as dependencies, so this runs (and is tested) without a Worker.
 */
import type { Analysis, Diagnostic, GraphLayout, LinkGraph, ReadResult, Redaction, ShareState, Span, TraceGraph } from '../../core';
import { NO_REDACTION } from '../../core/share/types';
import type { AnalysisPayload, InputFile, LoadError, Progress } from './protocol';

export interface SessionDeps {
  read(file: string, data: Uint8Array | string): ReadResult;
  analyse(results: readonly ReadResult[]): Analysis;
  layout(graph: LinkGraph): GraphLayout | Promise<GraphLayout>;
  overview(graph: LinkGraph, diagnostics: readonly Diagnostic[]): Promise<{ graph: TraceGraph; layout: GraphLayout }>;
  redact(spans: readonly Span[], redaction: Redaction): Span[];
}

export interface SessionAnswer {
  readonly analysis: AnalysisPayload | null;
  readonly errors: readonly LoadError[];
  /** Notes and view of the last snapshot (or share link) read by this request. */
  readonly share?: ShareState;
}

/** What the last run produced, kept for exports (the snapshot needs the merged set). */
export interface SessionView {
  readonly analysis: Analysis;
  readonly payload: AnalysisPayload;
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
  private redaction: Redaction = NO_REDACTION;
  private last: SessionView | null = null;

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
    let share: ShareState | undefined;
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
      if (result.share) share = result.share;
    }
    const analysis = await this.run(progress);
    return share === undefined ? { analysis, errors } : { analysis, errors, share };
  }

  /**
   * Replaces everything loaded with one file (a share link's content), but only when it reads:
   * a file that yields nothing is reported and what was loaded stays.
   */
  async replace(input: InputFile, progress: (p: Progress) => void): Promise<SessionAnswer> {
    progress({ phase: 'reading', done: 0, total: 1, file: input.name });
    const result = this.deps.read(input.name, input.data);
    if (result.spans.length === 0) {
      const message = result.problems.length > 0 ? describeFailure(result) : 'no spans found';
      return { analysis: this.last?.payload ?? null, errors: [{ file: input.name, message }] };
    }
    this.data.clear();
    this.data.set(input.name, input.data);
    this.results = [result];
    const analysis = await this.run(progress);
    return result.share === undefined ? { analysis, errors: [] } : { analysis, errors: [], share: result.share };
  }

  /** Shows (and shares) the spans with this redaction from now on; the files stay as read. */
  async redact(redaction: Redaction, progress: (p: Progress) => void): Promise<SessionAnswer> {
    this.redaction = redaction;
    return { analysis: await this.run(progress), errors: [] };
  }

  /** The last analysis and what was sent for it, or null when nothing is loaded. */
  view(): SessionView | null {
    return this.last;
  }

  async remove(file: string, progress: (p: Progress) => void): Promise<SessionAnswer> {
    this.data.delete(file);
    this.results = this.results.filter((r) => r.file !== file);
    return { analysis: await this.run(progress), errors: [] };
  }

  clear(): SessionAnswer {
    this.data.clear();
    this.results = [];
    this.last = null;
    return { analysis: null, errors: [] };
  }

  /**
   * The results as shown: redacted together, so one name maps to one placeholder across files.
   */
  private shown(): readonly ReadResult[] {
    const r = this.redaction;
    if (!r.values && !r.names) return this.results;
    const all = this.deps.redact(this.results.flatMap((x) => x.spans), r);
    let at = 0;
    return this.results.map((x) => {
      const spans = all.slice(at, at + x.spans.length);
      at += x.spans.length;
      return { ...x, spans };
    });
  }

  private async run(progress: (p: Progress) => void): Promise<AnalysisPayload | null> {
    if (this.results.length === 0) {
      this.last = null;
      return null;
    }
    progress({ phase: 'analysing', done: 0, total: 1 });
    const analysis = this.deps.analyse(this.shown());
    progress({ phase: 'layout', done: 0, total: 1 });
    const [layout, overview] = await Promise.all([
      this.deps.layout(analysis.graph),
      this.deps.overview(analysis.graph, analysis.diagnostics),
    ]);
    const payload: AnalysisPayload = {
      files: analysis.files.map((f) => ({ file: f.file, format: f.format, spans: f.spans, problems: f.problems })),
      summary: analysis.summary,
      diagnostics: analysis.diagnostics,
      graph: analysis.graph,
      layout,
      overview,
      redaction: this.redaction,
    };
    this.last = { analysis, payload };
    return payload;
  }
}
