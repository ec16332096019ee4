#!/usr/bin/env node
// Entry point for `npx tracelinks`. The CLI is bundled by `npm run build:cli`,
// which `npm ci` runs through the `prepare` script.
import { existsSync } from 'node:fs';
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
const { main } = await import(bundle.href);
process.exitCode = await main(process.argv.slice(2));
