/// <reference lib="dom" />
// Code passed to page.evaluate runs in the browser: it needs the DOM types.
import { expect, test } from '@playwright/test';
import { APP, openApp, shownSummary } from './helpers/app';
import { analyseFiles, demoFiles, summaryOf } from './helpers/core';

test('the demo loads at start with the summary the core computes', async ({ page }) => {
  await openApp(page);
  const files = demoFiles();
  expect(files.length).toBeGreaterThan(0);
  expect(await shownSummary(page)).toEqual(summaryOf(files));
  await expect(page.getByTestId('file-item')).toHaveCount(files.length);
  await expect(page.getByTestId('diagnostic')).toHaveCount(analyseFiles(files).diagnostics.length);
});

test('link edges are dashed and parent edges solid', async ({ page }) => {
  await openApp(page);
  const links = page.locator('path[data-edge-kind="link"]');
  const parents = page.locator('path[data-edge-kind="parent"]');
  await expect(links.first()).toBeVisible();
  await expect(parents.first()).toBeVisible();
  const dash = (selector: string) =>
    page.$$eval(selector, (paths) => paths.map((p) => getComputedStyle(p).strokeDasharray));
  const linkDashes = await dash('path[data-edge-kind="link"]');
  const parentDashes = await dash('path[data-edge-kind="parent"]');
  expect(linkDashes.length).toBe(analyseFiles(demoFiles()).summary.links);
  for (const d of linkDashes) expect(d).not.toBe('none');
  for (const d of parentDashes) expect(d).toBe('none');
  // Broken links are red, the others are not.
  const colours = await page.$$eval('path[data-edge-kind="link"]', (paths) =>
    paths.map((p) => ({ status: p.getAttribute('data-status'), stroke: getComputedStyle(p).stroke })),
  );
  const red = 'rgb(217, 45, 32)';
  for (const c of colours) expect(c.stroke === red).toBe(c.status !== 'ok');
});

test('a missing link target is drawn as a placeholder and listed in the diagnostics', async ({ page }) => {
  await openApp(page);
  const analysis = analyseFiles(demoFiles());
  const placeholders = [...analysis.graph.placeholders.keys()];
  expect(placeholders.length).toBeGreaterThan(0);
  await expect(page.getByTestId('missing-node')).toHaveCount(placeholders.length);
  const first = page.getByTestId('missing-node').first();
  await expect(first).toBeVisible();
  expect(await first.evaluate((el) => getComputedStyle(el).borderStyle)).toBe('dashed');
  const broken = analysis.diagnostics.filter((d) => d.code.startsWith('link.missing-')).length;
  await expect(page.locator('[data-testid="diagnostic"][data-code^="link.missing-"]')).toHaveCount(broken);
  await page.screenshot({ path: 'test-results/demo.png' });
});

test('the app requests nothing outside its own origin', async ({ page, baseURL }) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await openApp(page);
  await page.getByTestId('clear').click();
  await page.getByTestId('load-demo').click();
  await expect(page.locator(APP)).toHaveAttribute('data-state', 'ready');
  const origin = new URL(baseURL!).origin;
  const foreign = requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
  expect(requests.length).toBeGreaterThan(1);
  expect(foreign).toEqual([]);
});
