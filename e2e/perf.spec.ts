/// <reference lib="dom" />
// Code passed to page.evaluate runs in the browser: it needs the DOM types.
import { expect, test } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, pickFiles, shownSummary } from './helpers/app';
import { longTasks, resetLongTasks, watchLongTasks } from './helpers/long-tasks';
import { summaryOf } from './helpers/core';
import { syntheticOtlp } from './helpers/synthetic';

test('2,000 spans in 200 traces load without a main-thread task over 200 ms', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'tracelinks-'));
  const file = join(dir, 'load-2000.json');
  writeFileSync(file, syntheticOtlp(200, 10));

  await watchLongTasks(page);
  await openApp(page);
  await page.getByTestId('clear').click();
  await expect(page.getByTestId('empty-state')).toBeVisible();
  await resetLongTasks(page);
  const started = Date.now();
  // A progress indicator is shown while the worker reads, analyses and lays out.
  const progressShown = page.getByTestId('progress').waitFor({ state: 'visible' });
  await pickFiles(page, [file]);
  await progressShown;
  await expect(page.getByTestId('progress')).toHaveCount(0);
  // Let React Flow finish drawing what the load produced.
  await page.waitForTimeout(1000);
  const elapsed = Date.now() - started;
  const tasks = await longTasks(page);
  const worst = Math.max(0, ...tasks);
  console.log(`load of 2,000 spans: ${elapsed} ms to idle (incl. 1 s settle); long tasks: ${tasks.map(Math.round).join(', ') || 'none'}`);
  expect(await shownSummary(page)).toEqual(summaryOf([file]));
  expect(worst).toBeLessThan(200);
  // 200 traces open at the trace level (one node per trace); every span is one click away.
  await expect(page.getByTestId('graph')).toHaveAttribute('data-level', 'traces');
  await expect(page.getByTestId('view-notice')).toHaveAttribute('data-kind', 'trace-level');
  await resetLongTasks(page);
  await page.getByTestId('view-spans').click();
  await expect(page.getByTestId('graph')).toHaveAttribute('data-level', 'spans');
  await page.waitForTimeout(1000);
  const spanTasks = await longTasks(page);
  console.log(`switch to 2,000 spans: long tasks ${spanTasks.map(Math.round).join(', ') || 'none'}`);
  expect(Math.max(0, ...spanTasks)).toBeLessThan(200);
  // Large graphs get the light overview of trace boxes instead of the per-node minimap, and say so.
  await expect(page.getByTestId('trace-overview')).toBeVisible();
  await expect(page.getByTestId('view-notice')).toHaveAttribute('data-kind', 'light');
  await page.screenshot({ path: 'test-results/large.png' });
  // The page stays responsive: typing a search is handled promptly.
  const t0 = Date.now();
  await page.getByTestId('search').fill('process batch 199');
  await expect(page.getByTestId('search-count')).toHaveAttribute('data-count', '1');
  expect(Date.now() - t0).toBeLessThan(2000);
});
