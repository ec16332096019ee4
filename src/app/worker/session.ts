/**
 * What the worker keeps between messages: every file read so far, in load order, and the whole
 * analysis of them (the main thread gets only slices of it, worker/slice.ts). Each change (add,
 * remove, clear, redact) re-runs the analysis over all of them, so merging and de-duplication
 * are the core's job, and removing a file recomputes exactly as if it had never been dropped.
 *
 * A change is built on copies and committed only when it is complete, after a last checkpoint:
 * a load cancelled at any checkpoint (between files and phases) leaves the session exactly as
 * it was. The core functions come in as dependencies, so this runs (and is tested) without a Worker.
 */
import { spanCount, type Analysis, type Diagnostic, type GraphLayout, type LinkGraph, type ReadResult, type Redaction, type ShareState, type Span, type TraceGraph } from '../../core';
import type { TraceStreamReader } from '../../core/readers/stream';
import { NO_REDACTION } from '../../core/share/types';
import { problemTracesOf } from '../store/derived';
import type { AnalysisPayload, InputFile, LoadError, Progress } from './protocol';

export interface SessionDeps {
  read(file: string, data: Uint8Array | string): ReadResult;
  /**
   * A reader that takes a file's bytes in chunks and gives what `read` gives for them. Files
   * past CHUNKED_READ_BYTES are read through it, a chunk at a time with a checkpoint between
   * chunks: a 200 MB file can be cancelled while it is read, and its progress is shown.
   */
  stream?(file: string): TraceStreamReader;
  analyse(results: readonly ReadResult[]): Analysis;
  layout(graph: LinkGraph): GraphLayout | Promise<GraphLayout>;
  overview(graph: LinkGraph, diagnostics: readonly Diagnostic[]): Promise<{ graph: TraceGraph; layout: GraphLayout }>;
  redact(spans: readonly Span[], redaction: Redaction): Span[];
}

export interface SessionAnswer {
  /** The whole analysis (graph and layout of every trace): the worker slices it for the main thread. */
  readonly analysis: AnalysisPayload | null;
  readonly errors: readonly LoadError[];
  /** Notes and view of the last snapshot (or share link) read by this request. */
  readonly share?: ShareState;
}

/** What the last run produced, kept for slices, search and exports (the snapshot needs the merged set). */
export interface SessionView {
  readonly analysis: Analysis;
  /** The whole model: every span, both layouts (`slice` is `'*'`, diagnostics are not capped). */
  readonly payload: AnalysisPayload;
}

/** Thrown by a checkpoint when the load was cancelled; nothing was committed. */
export class LoadCancelled extends Error {
  constructor() {
    super('The load was cancelled.');
    this.name = 'LoadCancelled';
  }
}

/**
 * Called between files and between phases: resolves to go on, rejects with LoadCancelled to
 * stop. The worker's yields to its event loop, so a cancel message can arrive meanwhile.
 */
export type Checkpoint = () => Promise<void>;
const GO_ON: Checkpoint = () => Promise.resolve();

/** Byte files larger than this are read in chunks (SessionDeps.stream). */
export const CHUNKED_READ_BYTES = 16 * 1024 * 1024;
/** Bytes given to the stream reader between checkpoints (about 0.1 s of reading). */
export const READ_CHUNK_BYTES = 4 * 1024 * 1024;

type Bytes = Uint8Array | string;
/**
 * A file as the session reads and keeps it: bytes and text as they came, or a browser File left
 * as it is (a handle on the browser's copy, not its bytes). A large File is read a part at a time
 * (readFile), so its bytes are never held whole, the read can be cancelled and shows its progress,
 * and what is kept to tell the same file dropped again is the File: a 205 MB file's bytes were
 * one buffer in the worker beside its 340,000 spans, for the whole session.
 */
type Source = InputFile['data'];

/** The browser could not read a File (or a part of it): told as such, unlike a reader's own error. */
class FileReadError extends Error {}

/** Bytes `from` to `to` of a Blob (all of it by default), as a FileReadError when the browser cannot read them. */
async function blobBytes(blob: Blob, from?: number, to?: number): Promise<Uint8Array> {
  try {
    return new Uint8Array(await (from === undefined ? blob : blob.slice(from, to)).arrayBuffer());
  } catch (error) {
    throw new FileReadError(error instanceof Error ? error.message : String(error));
  }
}

/** A source's bytes, whole (a Blob is read here, in the worker); bytes and text as they are. */
async function bytesOf(data: Source): Promise<Bytes> {
  return typeof data === 'string' || data instanceof Uint8Array ? data : blobBytes(data);
}

const sizeOf = (x: Uint8Array | Blob): number => (x instanceof Uint8Array ? x.length : x.size);

/** Bytes `at` to `at + n` (fewer at the end) of bytes or a Blob. */
function partOf(x: Uint8Array | Blob, at: number, n: number): Promise<Uint8Array> | Uint8Array {
  return x instanceof Uint8Array ? x.subarray(at, at + n) : blobBytes(x, at, at + n);
}

/**
 * True when `b` holds what `a` holds. Files are read again, `slice` bytes at a time with a
 * checkpoint before each (a 205 MB file dropped again can be cancelled), only when the sizes match.
 */
async function sameData(a: Source, b: Source, slice: number, check: Checkpoint): Promise<boolean> {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  const size = sizeOf(a);
  if (size !== sizeOf(b)) return false;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return sameBytes(a, b);
  try {
    for (let at = 0; at < size; at += slice) {
      await check();
      if (!sameBytes(await partOf(a, at, slice), await partOf(b, at, slice))) return false;
    }
    return true;
  } catch (error) {
    if (!(error instanceof FileReadError)) throw error;
    // The browser can no longer read one of them (changed on disk): not known to be the same.
    return false;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
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

/** A name not used yet in `taken`: `trace.json`, then `trace (2).json`, … */
function freeName(taken: ReadonlyMap<string, unknown>, name: string): string {
  if (!taken.has(name)) return name;
  const dot = name.indexOf('.', 1);
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : '';
  for (let n = 2; ; n++) {
    const candidate = `${stem} (${n})${ext}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** What a change would make the session hold, committed only when it completes. */
interface Draft {
  readonly results: ReadResult[];
  readonly data: Map<string, Source>;
  readonly redaction: Redaction;
}

export class LoadSession {
  private results: ReadResult[] = [];
  private data = new Map<string, Source>();
  private redaction: Redaction = NO_REDACTION;
  private last: SessionView | null = null;
  /** Bumped on every committed change: slices are answered for one version. */
  private version = 0;

  /** `chunks`: when a file is read in chunks, and how large they are (tests make them small). */
  constructor(
    private readonly deps: SessionDeps,
    private readonly chunks: { readonly above: number; readonly size: number } = { above: CHUNKED_READ_BYTES, size: READ_CHUNK_BYTES },
  ) {}

  /** The version of what is loaded now (0 before anything was). */
  get currentVersion(): number {
    return this.version;
  }

  /**
   * Reads and merges files. A file already loaded with the same name and bytes is skipped; a
   * different file under a taken name gets a numbered name. A file that yields no span and has
   * problems is not kept: it is reported in `errors`, and what was loaded stays as it was.
   */
  async add(files: readonly InputFile[], progress: (p: Progress) => void, check: Checkpoint = GO_ON): Promise<SessionAnswer> {
    const errors: LoadError[] = [];
    const draft: Draft = { results: [...this.results], data: new Map(this.data), redaction: this.redaction };
    let share: ShareState | undefined;
    let done = 0;
    for (const input of files) {
      await check();
      progress({ phase: 'reading', done, total: files.length, file: input.name });
      done++;
      let result: ReadResult;
      let name: string;
      try {
        const existing = draft.data.get(input.name);
        if (existing !== undefined && (await sameData(existing, input.data, this.chunks.size, check))) continue;
        name = freeName(draft.data, input.name);
        result = await this.readFile(name, input.data, (bytes) => progress({ phase: 'reading', done: done - 1, total: files.length, file: input.name, bytes }), check);
      } catch (error) {
        // Only the browser's failures to read the File: a reader's own error (or a cancel) is not this file's.
        if (!(error instanceof FileReadError)) throw error;
        errors.push({ file: input.name, message: `the browser could not read it (${error.message})` });
        continue;
      }
      if (spanCount(result) === 0 && result.problems.length > 0) {
        errors.push({ file: name, message: describeFailure(result) });
        continue;
      }
      draft.data.set(name, input.data);
      draft.results.push(result);
      if (result.share) share = result.share;
    }
    const analysis = await this.run(draft, progress, check);
    return share === undefined ? { analysis, errors } : { analysis, errors, share };
  }

  /**
   * Replaces everything loaded with one file (a share link's content), but only when it reads:
   * a file that yields nothing is reported and what was loaded stays.
   */
  async replace(input: InputFile, progress: (p: Progress) => void, check: Checkpoint = GO_ON): Promise<SessionAnswer> {
    await check();
    progress({ phase: 'reading', done: 0, total: 1, file: input.name });
    const data = await bytesOf(input.data);
    const result = this.deps.read(input.name, data);
    if (spanCount(result) === 0) {
      const message = result.problems.length > 0 ? describeFailure(result) : 'no spans found';
      return { analysis: this.last?.payload ?? null, errors: [{ file: input.name, message }] };
    }
    const draft: Draft = { results: [result], data: new Map([[input.name, input.data]]), redaction: this.redaction };
    const analysis = await this.run(draft, progress, check);
    return result.share === undefined ? { analysis, errors: [] } : { analysis, errors: [], share: result.share };
  }

  /** One file's read: a large one in chunks, with a checkpoint and its progress between them. */
  private async readFile(
    name: string,
    data: Source,
    progress: (bytes: { read: number; total: number }) => void,
    check: Checkpoint,
  ): Promise<ReadResult> {
    if (typeof data === 'string' || this.deps.stream === undefined || sizeOf(data) <= this.chunks.above) return this.deps.read(name, await bytesOf(data));
    const reader = this.deps.stream(name);
    const size = sizeOf(data);
    for (let at = 0; at < size; at += this.chunks.size) {
      await check();
      progress({ read: at, total: size });
      reader.push(await partOf(data, at, this.chunks.size));
    }
    await check();
    return reader.finish();
  }

  /** Shows (and shares) the spans with this redaction from now on; the files stay as read. */
  async redact(redaction: Redaction, progress: (p: Progress) => void, check: Checkpoint = GO_ON): Promise<SessionAnswer> {
    const draft: Draft = { results: this.results, data: this.data, redaction };
    return { analysis: await this.run(draft, progress, check), errors: [] };
  }

  /** The last analysis and what was sent for it, or null when nothing is loaded. */
  view(): SessionView | null {
    return this.last;
  }

  async remove(file: string, progress: (p: Progress) => void, check: Checkpoint = GO_ON): Promise<SessionAnswer> {
    const data = new Map(this.data);
    data.delete(file);
    const draft: Draft = { results: this.results.filter((r) => r.file !== file), data, redaction: this.redaction };
    return { analysis: await this.run(draft, progress, check), errors: [] };
  }

  clear(): SessionAnswer {
    this.data = new Map();
    this.results = [];
    this.last = null;
    this.version++;
    return { analysis: null, errors: [] };
  }

  /**
   * The results as shown: redacted together, so one name maps to one placeholder across files.
   */
  private shown(results: readonly ReadResult[], r: Redaction): readonly ReadResult[] {
    if (!r.values && !r.names) return results;
    const all = this.deps.redact(results.flatMap((x) => x.spans), r);
    let at = 0;
    return results.map((x) => {
      const spans = all.slice(at, at + x.spans.length);
      at += x.spans.length;
      return { ...x, spans };
    });
  }

  /** Analyses and lays out a draft, then commits it (checkpoints between the phases). */
  private async run(draft: Draft, progress: (p: Progress) => void, check: Checkpoint): Promise<AnalysisPayload | null> {
    let view: SessionView | null = null;
    if (draft.results.length > 0) {
      await check();
      progress({ phase: 'analysing', done: 0, total: 1 });
      const analysis = this.deps.analyse(this.shown(draft.results, draft.redaction));
      await check();
      progress({ phase: 'layout', done: 0, total: 1 });
      const [layout, overview] = await Promise.all([
        this.deps.layout(analysis.graph),
        this.deps.overview(analysis.graph, analysis.diagnostics),
      ]);
      const payload: AnalysisPayload = {
        version: this.version + 1,
        files: analysis.files.map((f) => ({ file: f.file, format: f.format, spans: f.spans, problems: f.problems })),
        summary: analysis.summary,
        diagnostics: analysis.diagnostics,
        diagnosticsTotal: analysis.diagnostics.length,
        graph: analysis.graph,
        layout,
        slice: '*',
        overview,
        problemTraces: problemTracesOf(analysis.graph, analysis.diagnostics),
        redaction: draft.redaction,
      };
      view = { analysis, payload };
    }
    await check();
    this.results = draft.results;
    this.data = draft.data;
    this.redaction = draft.redaction;
    this.last = view;
    this.version++;
    return view?.payload ?? null;
  }
}
