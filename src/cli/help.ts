import type { CommandName } from './args';

// Help texts. Kept beside each other so that the top-level help and the per-command help
// say the same things; the README's "CLI usage" section is written from these.

export const TOP_HELP = `tracelinks: see how traces are tied together by OpenTelemetry span links, and find the broken ones.

Usage:
  tracelinks summary FILE... [--json]      counts: traces, spans, links, broken links, ...
  tracelinks check FILE... [--json]        list every problem, like a linter; exit 1 if a link is broken
  tracelinks mermaid FILE... [--out FILE]  the link graph as a Mermaid flowchart
  tracelinks help [COMMAND] | --help | -h  this text, or a command's
  tracelinks --version                     the version

FILE is a trace file in any supported format (OTLP JSON or JSON lines, Tempo, Jaeger,
Zipkin v2, the OpenTelemetry Python console exporter), optionally gzipped; the format is
detected from the content. Several files merge into one graph. '-' reads stdin.

Exit codes: 0 ok, 1 a link is broken (check only), 2 bad usage or an input could not be read.
`;

const SUMMARY_HELP = `Usage: tracelinks summary FILE... [--json]

Reads the files, merges them, and prints the counts: traces, spans, links, brokenLinks
(= invalidContext + missingTrace + missingSpan), missingParent, droppedLinks, then the
diagnostics by code.

Options:
  --json      print one JSON object: the counts as numbers, plus "diagnostics", an array of
              {code, severity, message, hint, traceId, spanId}
  --max-inflated SIZE  the most a .gz input may inflate to (default 512M; e.g. 2G): past it
              the file is refused, so a zip bomb never fills memory
  -h, --help  this text

Exit codes: 0 done, 2 bad usage or an input could not be read (what could be read is still
summarised).

Example:
  tracelinks summary traces.json more/*.json.gz --json
`;

const CHECK_HELP = `Usage: tracelinks check FILE... [--json]

Prints each problem on one line, like a linter: severity, code, the span (service/name and
ids), the link target, what is wrong and how to fix it; then a count line.

Options:
  --json      print one JSON object: {ok, summary, diagnostics}
  --max-inflated SIZE  the most a .gz input may inflate to (default 512M; e.g. 2G): past it
              the file is refused, so a zip bomb never fills memory
  -h, --help  this text

Exit codes: 0 no link is broken, 1 some link is broken (its target is missing or malformed),
2 bad usage or an input could not be read. Colour is used only when stdout is a terminal and
NO_COLOR is not set.

Example (in CI):
  tracelinks check exported/*.json || exit 1
`;

const MERMAID_HELP = `Usage: tracelinks mermaid FILE... [--out FILE] [--trace ID]...

Prints the link graph as a Mermaid flowchart: one subgraph per trace, solid parent edges,
dashed link edges, missing targets as placeholders.

Options:
  -o, --out FILE  write to FILE instead of stdout ('-' = stdout)
  --trace ID      draw only this trace (and the targets of its links); repeatable. ID is a
                  trace id or the start of one, in any case
  --max-inflated SIZE  the most a .gz input may inflate to (default 512M)
  -h, --help      this text

Exit codes: 0 done, 2 bad usage or an input could not be read.

Example:
  tracelinks mermaid traces.json --out links.mmd
`;

export const COMMAND_HELP: Record<CommandName, string> = {
  summary: SUMMARY_HELP,
  check: CHECK_HELP,
  mermaid: MERMAID_HELP,
};
