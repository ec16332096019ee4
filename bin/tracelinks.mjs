#!/usr/bin/env node
// Entry point for `npx tracelinks`. The CLI is bundled by `npm run build:cli`,
// which `npm ci` runs through the `prepare` script.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist/cli/tracelinks.mjs', import.meta.url);
if (!existsSync(fileURLToPath(bundle))) {
  process.stderr.write('tracelinks: the CLI is not built yet; run `npm ci` (or `npm run build:cli`) first.\n');
  process.exit(2);
}
const { main } = await import(bundle.href);
process.exitCode = await main(process.argv.slice(2));
