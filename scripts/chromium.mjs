// Finds Debian's Chromium for Playwright. Order: $CHROMIUM_PATH, then `chromium`
// (or `chromium-browser`) on PATH. Never a browser that Playwright downloads.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** @returns {string | undefined} the Chromium binary, or undefined when none is found. */
export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return isExecutable(fromEnv) ? fromEnv : undefined;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser']) {
      const file = join(dir, name);
      if (dir && isExecutable(file)) return file;
    }
  }
  return undefined;
}

/** @returns {string} the Chromium binary; throws a message saying what to install. */
export function chromiumPath() {
  const found = findChromium();
  if (!found) {
    throw new Error(
      'No Chromium found. Install Debian\'s package (`sudo apt-get install chromium`) or set CHROMIUM_PATH.',
    );
  }
  return found;
}
