import { hintFor, oneLine } from './diagnostics/codes';
import { diagnose, sortDiagnostics } from './diagnostics/diagnose';
import type { Diagnostic } from './diagnostics/types';
import { buildGraph } from './graph/build-graph';
import type { LinkGraph, Summary } from './graph/types';
import { addRows, addSpans, createSpanSet, type SpanSet } from './model/merge';
import { spanCount, spanRowsOf } from './readers/read-result';
import type { FormatId, InputProblem, ReadResult } from './readers/types';
import { summarise } from './summary';

/** One file as read: what it was, how many spans it held (before the merge), what went wrong. */
export interface FileInfo {
  readonly file: string;
  readonly format?: FormatId;
  readonly spans: number;
  readonly problems: InputProblem[];
}

export interface Analysis {
  readonly set: SpanSet;
  readonly graph: LinkGraph;
  /** `input.*` first among the errors, then link and span diagnostics; errors, warnings, info. */
  readonly diagnostics: Diagnostic[];
  readonly summary: Summary;
  readonly files: FileInfo[];
}

/** An input problem as a diagnostic (severity error), naming the file and the place. */
/**
 * The reader's message, naming the file and the place once: readers write some messages with the
 * file name in them ("x.json is not JSON: … at line 1, column 20") and some without ("`spans` is
 * not an array"), so add only what the message does not already say.
 */
function locatedMessage({ file, where, message }: InputProblem): string {
  const hasWhere = where === undefined || message.includes(where);
  // A place already in parentheses, such as `(top level)`, is not wrapped again.
  const place = where === undefined ? '' : where.startsWith('(') && where.endsWith(')') ? where : `(${where})`;
  if (!message.includes(file)) return `${file}${place === '' ? '' : ` ${place}`}: ${message}`;
  return hasWhere ? message : `${message} ${place}`;
}

export function inputDiagnostic(problem: InputProblem): Diagnostic {
  return {
    code: problem.code,
    severity: 'error',
    message: oneLine(locatedMessage(problem)),
    hint: hintFor(problem.code),
    file: problem.file,
    ...(problem.where === undefined ? {} : { where: problem.where }),
  };
}

/**
 * Merges read results in order and analyses the whole: what the CLI prints and the app shows.
 * A file that failed adds its problems and nothing else; what loaded from other files stays.
 * @example const { summary, diagnostics } = analyse([readTraceFile('a.json', text)]);
 */
export function analyse(results: readonly ReadResult[]): Analysis {
  const set = createSpanSet();
  const files: FileInfo[] = [];
  for (const r of results) {
    addRead(set, r);
    files.push({ file: r.file, ...(r.format === undefined ? {} : { format: r.format }), spans: spanCount(r), problems: r.problems });
  }
  return analyseSet(set, files);
}

/** Merges one file's spans into `set`: from its columns when the reader kept them so. NOTE: mutates `set`. */
function addRead(set: SpanSet, result: ReadResult): void {
  const rows = spanRowsOf(result);
  if (rows !== undefined) addRows(set, rows);
  else addSpans(set, result.spans);
}

/**
 * The same analysis for a set merged elsewhere (the app adds files one by one, and removes them
 * with `removeSource`). The files' problems become the `input.*` diagnostics.
 */
export function analyseSet(set: SpanSet, files: FileInfo[] = []): Analysis {
  const graph = buildGraph(set);
  const inputs = files.flatMap((f) => f.problems.map(inputDiagnostic));
  const diagnostics = sortDiagnostics([...inputs, ...diagnose(graph, set)]);
  return { set, graph, diagnostics, summary: summarise(graph, set), files };
}
