// Makes sure Debian's Chromium is there before the browser tests run.
// As root it installs the `chromium` package with apt-get; otherwise it says what to run.
import { spawnSync } from 'node:child_process';
import { findChromium } from './chromium.mjs';

const found = findChromium();
if (found) {
  process.exit(0);
}
if (process.env.CHROMIUM_PATH) {
  console.error(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} is not an executable file.`);
  process.exit(1);
}
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot) {
  console.error('Chromium is not installed. Run: sudo apt-get update && sudo apt-get install -y chromium');
  process.exit(1);
}
console.log('Chromium not found: installing Debian\'s chromium package with apt-get…');
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
for (const args of [['update', '-qq'], ['install', '-y', '-qq', 'chromium']]) {
  const run = spawnSync('apt-get', args, { stdio: 'inherit', env });
  if (run.status !== 0) {
    console.error(`apt-get ${args.join(' ')} failed (exit ${run.status}). Install the chromium package by hand.`);
    process.exit(1);
  }
}
if (!findChromium()) {
  console.error('apt-get installed chromium, but no chromium binary is on PATH.');
  process.exit(1);
}
