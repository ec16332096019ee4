#!/usr/bin/env node
// Entry point for `npx tracelinks`. The CLI is bundled by `npm run build:cli`,
// which `npm ci` runs through the `prepare` script.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../build/cli/tracelinks.mjs', import.meta.url);

// The bundle lives in build/cli (apart from the app's dist/). When it is missing (a checkout
// where `prepare` did not run), build it here when Vite is installed, quietly: stdout may be
// JSON for a machine.
async function buildCli() {
  let vite;
  try {
    vite = await import('vite');
  } catch {
    return 'the CLI is not built yet; run `npm ci` (or `npm run build:cli`) first.';
  }
  try {
    await vite.build({
      root: fileURLToPath(new URL('..', import.meta.url)),
      configFile: fileURLToPath(new URL('../vite.cli.config.ts', import.meta.url)),
      logLevel: 'silent',
    });
  } catch {
    // the reason is for `npm run build:cli` to show; here one line is enough
  }
  return existsSync(fileURLToPath(bundle)) ? undefined : 'the CLI bundle is missing and building it failed; run `npm run build:cli` to see why.';
}

if (!existsSync(fileURLToPath(bundle))) {
  const problem = await buildCli();
  if (problem !== undefined) {
    process.stderr.write(`tracelinks: ${problem}\n`);
    process.exit(2);
  }
}
/**
 * Past this many bytes of input files, the CLI runs in a node with a larger young generation
 * (64 MB semi-spaces instead of 16): a 600 MB collector file holds ~1.8M spans, nearly all of
 * which outlive their first garbage collections, and the default size spends a third of the run
 * copying them (600 MB: 15 s -> 10 s, and less memory). V8 reads the size at start only, hence
 * the second process; below the threshold it is not worth one (nor the extra memory).
 * TRACELINKS_LARGE_INPUT_BYTES sets another threshold.
 */
const LARGE_INPUT_BYTES = Number(process.env.TRACELINKS_LARGE_INPUT_BYTES ?? 256 * 1024 * 1024);
const SEMI_SPACE_FLAG = '--max-semi-space-size';

function inputBytes(args) {
  let total = 0;
  for (const arg of args) {
    if (arg.startsWith('-')) continue;
    try {
      const stat = statSync(arg);
      if (stat.isFile()) total += stat.size;
    } catch {
      // not a file (a flag's value, a missing file): the CLI itself says what is wrong
    }
  }
  return total;
}

const args = process.argv.slice(2);
if (!process.execArgv.some((a) => a.startsWith(SEMI_SPACE_FLAG)) && inputBytes(args) > LARGE_INPUT_BYTES) {
  const run = spawnSync(process.execPath, [`${SEMI_SPACE_FLAG}=64`, ...process.execArgv, fileURLToPath(import.meta.url), ...args], { stdio: 'inherit' });
  if (run.signal) process.kill(process.pid, run.signal);
  process.exit(run.status ?? 2);
}

const { main } = await import(bundle.href);
process.exitCode = await main(args);
