/// <reference lib="dom" />
// Code passed to page.evaluate runs in the browser: it needs the DOM types.
/**
 * The hostile-input corpus (test/corpus, issue 7) through the app: every case is picked into a
 * page that has the demo loaded. A file that cannot be read is named in an error and the demo
 * stays exactly as it was; a file that partly reads adds its spans and its problems; nothing
 * throws in the page, no dialog opens, and the page stays usable after all of them.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { corpusCases } from '../test/corpus/generate';
import { APP, openApp, pickFiles, waitIdle } from './helpers/app';
import { shownState } from './helpers/share';

const cases = corpusCases(mkdtempSync(join(tmpdir(), 'tracelinks-corpus-e2e-')));

test.describe.configure({ mode: 'serial' });

let page: Page;
let demo: Awaited<ReturnType<typeof shownState>>;
const pageErrors: string[] = [];
const dialogs: string[] = [];

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await openApp(page);
  demo = await shownState(page);
});

test.afterAll(async () => {
  await page.close();
});

for (const c of cases) {
  test(`corpus: ${c.name}`, async () => {
    test.setTimeout(90_000);
    const name = basename(c.file);
    await pickFiles(page, [c.file]);
    if (!c.expect.loads) {
      const error = page.locator(`[data-testid="load-error"][data-file="${name}"]`);
      await expect(error).toHaveCount(1);
      await expect(error).toContainText(name);
      // What was loaded before stays as it was.
      expect(await shownState(page)).toEqual(demo);
      await error.getByRole('button', { name: 'Dismiss' }).click();
      await expect(error).toHaveCount(0);
    } else {
      const item = page.locator(`[data-testid="file-item"][data-file="${name}"]`);
      await expect(item).toHaveCount(1);
      for (const code of c.expect.codes.filter((k) => k.startsWith('input.'))) {
        await expect(page.locator(`[data-testid="diagnostic"][data-code="${code}"]`).first()).toBeAttached();
      }
      // The demo's spans are all still there, with the file's own (distinct) spans added.
      const spans = Number(await page.getByTestId('graph-summary').getAttribute('data-spans'));
      if (c.expect.spans !== undefined) expect(spans - Number(demo.summary.spans)).toBe(c.expect.spans);
      else expect(spans).toBeGreaterThan(Number(demo.summary.spans));
      // Removing the file gives the demo back.
      const before = Number(await page.locator(APP).getAttribute('data-loads'));
      await item.getByTestId('remove-file').click();
      await waitIdle(page, before);
      expect((await shownState(page)).summary).toEqual(demo.summary);
    }
    expect(pageErrors).toEqual([]);
    expect(dialogs).toEqual([]);
  });
}

test('after the whole corpus the page still works: search, select, export', async () => {
  expect(await shownState(page)).toEqual(demo);
  await page.getByTestId('search').fill('process orders-analytics');
  await expect(page.getByTestId('search-count')).toHaveAttribute('data-count', '1');
  await page.getByTestId('search').press('Enter');
  await expect(page.getByTestId('details')).toBeVisible();
  expect(await page.evaluate(() => (Object.prototype as Record<string, unknown>).polluted)).toBeUndefined();
});
