/// <reference lib="dom" />
// Code passed to page.evaluate runs in the browser: it needs the DOM types.
/**
 * Browser-test helpers (Perfetto habit): load files the ways a user does, then wait for the
 * app's idle signal, `data-state="ready"` on the root with `data-loads` past its old value.
 */
import { expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

export const APP = '[data-testid="app"]';

export async function loadCount(page: Page): Promise<number> {
  return Number(await page.locator(APP).getAttribute('data-loads'));
}

/** Waits until the worker has answered past `before` answers and nothing is pending. */
export async function waitIdle(page: Page, before = 0): Promise<void> {
  await expect(page.locator(APP)).toHaveAttribute('data-state', 'ready');
  await expect.poll(() => loadCount(page)).toBeGreaterThan(before);
  await expect(page.locator(APP)).toHaveAttribute('data-state', 'ready');
}

/** Opens the app and waits for the demo to load. */
export async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  await waitIdle(page, 0);
}

/** Loads files through the file picker. */
export async function pickFiles(page: Page, paths: readonly string[]): Promise<void> {
  const before = await loadCount(page);
  await page.locator('input[type=file][data-testid="file-input"]').setInputFiles([...paths]);
  await waitIdle(page, before);
}

/**
 * Drops files on the window the way a browser does: a DataTransfer holding File objects built
 * in the page from the files' bytes, dispatched as dragenter, dragover and drop.
 */
export async function dropFiles(page: Page, paths: readonly string[]): Promise<void> {
  const files = paths.map((p) => ({ name: basename(p), base64: readFileSync(p).toString('base64') }));
  const before = await loadCount(page);
  await page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const f of list) {
      const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], f.name));
    }
    const target = document.querySelector('.react-flow__pane') ?? document.body;
    for (const type of ['dragenter', 'dragover', 'drop']) {
      target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }
  }, files);
  await waitIdle(page, before);
}

export interface ShownSummary {
  traces: number;
  spans: number;
  links: number;
  brokenLinks: number;
}

/** The counts the summary bar shows (its data attributes). */
export async function shownSummary(page: Page): Promise<ShownSummary> {
  const bar = page.getByTestId('graph-summary');
  const read = async (name: string) => Number(await bar.getAttribute(name));
  return {
    traces: await read('data-traces'),
    spans: await read('data-spans'),
    links: await read('data-links'),
    brokenLinks: await read('data-broken-links'),
  };
}
