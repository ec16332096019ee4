#!/usr/bin/env node
/**
 * The baseline process for the CLI's figures in the scenario suite (scripts/bench.mjs): a node
 * process that reads a trace file and only JSON.parses it, as `tracelinks summary` must at least.
 * A JSON Lines file (`.jsonl`) is read in 4 MiB chunks and parsed line by line, so a file past
 * V8's string limit can be parsed too; anything else is read and parsed whole.
 *
 *   node scripts/bench-parse-baseline.mjs FILE
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';

const file = process.argv[2];
let values = 0;
if (file.endsWith('.jsonl')) {
  const fd = openSync(file, 'r');
  const chunk = Buffer.alloc(4 << 20);
  const decoder = new TextDecoder();
  let rest = '';
  for (let n; (n = readSync(fd, chunk, 0, chunk.length, null)) > 0; ) {
    const text = rest + decoder.decode(chunk.subarray(0, n), { stream: true });
    let at = 0;
    for (let end; (end = text.indexOf('\n', at)) >= 0; at = end + 1) {
      if (end > at) {
        JSON.parse(text.slice(at, end));
        values++;
      }
    }
    rest = text.slice(at);
  }
  closeSync(fd);
  if (rest.trim()) {
    JSON.parse(rest);
    values++;
  }
} else {
  JSON.parse(readFileSync(file, 'utf8'));
  values = 1;
}
process.stdout.write(`${values} values\n`);
