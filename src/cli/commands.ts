import { analyse, type Analysis, type FileInfo } from '../core/analyse';
import { toMermaid } from '../core/share/mermaid';
import type { InputProblem } from '../core/readers/types';
import { paintFor } from './colour';
import { formatCheckReport } from './format-check';
import { formatCheckJson, formatSummaryJson } from './format-json';
import { formatSummaryText } from './format-summary';
import { readInputResults } from './inputs';
import type { CliIo } from './io';
import { selectTraces } from './select-traces';
import { terminalText } from './terminal-text';

/** Exit codes, as the help texts state them. */
export const EXIT_OK = 0;
export const EXIT_BROKEN_LINKS = 1;
export const EXIT_BAD_INPUT = 2;

/**
 * The most a gzip input may inflate to: past it the file is refused (`input.too-large`) while it
 * inflates, so a zip bomb never fills memory. Higher than the core's default (a terminal has the
 * memory a browser tab may not); a JavaScript string cannot hold much more anyway.
 */
export const CLI_MAX_INFLATED_BYTES = 512 * 1024 * 1024;

export interface RunOptions {
  readonly files: readonly string[];
  readonly json: boolean;
  readonly out?: string;
  readonly traces?: readonly string[];
  readonly maxInflatedBytes?: number;
}

/**
 * Reads every file as bytes, in chunks (a file of any size: the core's stream reader never makes
 * it one string), lets the core sniff and read each, and merges them into one analysis.
 */
export async function loadAnalysis(files: readonly string[], io: CliIo, maxInflatedBytes = CLI_MAX_INFLATED_BYTES): Promise<Analysis> {
  return analyse(await readInputResults(files, io, maxInflatedBytes));
}

/** Files that failed as a whole: no span read, and a reason (ReadResult's contract). */
export function failedFiles(analysis: Analysis): FileInfo[] {
  return analysis.files.filter((f) => f.spans === 0 && f.problems.length > 0);
}

/** A problem as one stderr line, naming the file even when the reader's message does not. */
export function describeProblem(p: InputProblem): string {
  if (p.message.includes(p.file)) return terminalText(p.message);
  return terminalText(`${p.file}${p.where === undefined ? '' : ` (${p.where})`}: ${p.message}`);
}

/**
 * For summary and mermaid: the output still covers what was read, but the run fails (exit 2).
 * One stderr line per file that could not be read: its first problem (the cause), and how many
 * more there are (a stream of broken values has one per value; the report lists them).
 */
function reportFailedFiles(analysis: Analysis, io: CliIo): number {
  const failed = failedFiles(analysis);
  for (const f of failed) {
    const more = f.problems.length - 1;
    const tail = more > 0 ? ` (and ${more} more problem${more === 1 ? '' : 's'} in this file)` : '';
    io.stderr(`tracelinks: ${describeProblem(f.problems[0]!)}${tail}\n`);
  }
  return failed.length > 0 ? EXIT_BAD_INPUT : EXIT_OK;
}

export async function runSummary(opts: RunOptions, io: CliIo): Promise<number> {
  const analysis = await loadAnalysis(opts.files, io, opts.maxInflatedBytes);
  const { summary, diagnostics } = analysis;
  if (opts.json) io.stdout(formatSummaryJson(summary, diagnostics));
  else {
    const files = analysis.files.map((f) => ({ ...f, problems: f.problems.length }));
    io.stdout(formatSummaryText(files, summary, diagnostics, paintFor(io.colour)));
  }
  return reportFailedFiles(analysis, io);
}

/**
 * Exit 2 when an input could not be read at all (the result would be incomplete), else 1 when
 * any link is broken, else 0. Unreadable inputs appear in the report as `input.*` errors, and
 * on stderr as one line each, as every command says them (stdout may go to a file or a machine).
 */
export async function runCheck(opts: RunOptions, io: CliIo): Promise<number> {
  const analysis = await loadAnalysis(opts.files, io, opts.maxInflatedBytes);
  const { summary, diagnostics } = analysis;
  const code =
    failedFiles(analysis).length > 0 ? EXIT_BAD_INPUT : summary.brokenLinks > 0 ? EXIT_BROKEN_LINKS : EXIT_OK;
  if (opts.json) io.stdout(formatCheckJson(code === EXIT_OK, summary, diagnostics));
  else io.stdout(formatCheckReport({ diagnostics, summary }, paintFor(io.colour)));
  reportFailedFiles(analysis, io);
  return code;
}

export async function runMermaid(opts: RunOptions, io: CliIo): Promise<number> {
  const analysis = await loadAnalysis(opts.files, io, opts.maxInflatedBytes);
  const chart =
    opts.traces === undefined
      ? toMermaid(analysis.graph)
      : toMermaid(analysis.graph, { traces: selectTraces(analysis.graph, opts.traces) });
  const text = chart.endsWith('\n') ? chart : `${chart}\n`;
  if (opts.out === undefined || opts.out === '-') io.stdout(text);
  else io.writeFile(opts.out, text);
  return reportFailedFiles(analysis, io);
}
