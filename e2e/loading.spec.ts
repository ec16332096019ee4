/// <reference lib="dom" />
// Code passed to page.evaluate runs in the browser: it needs the DOM types.
import { expect, test } from '@playwright/test';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { APP, dropFiles, loadCount, openApp, pickFiles, shownSummary, waitIdle } from './helpers/app';
import { demoFiles, fixture, summaryOf } from './helpers/core';

const A = fixture('otlp-json/opentelemetry-bash_context_propagation_http_curl_otlp.json');
const B = fixture('jaeger/jaeger_uimodel_ui_01.json');

test('dropping two files merges them with what is loaded', async ({ page }) => {
  await openApp(page);
  await dropFiles(page, [A, B]);
  expect(await shownSummary(page)).toEqual(summaryOf([...demoFiles(), A, B]));
  await expect(page.locator('[data-testid="file-item"][data-file="jaeger_uimodel_ui_01.json"]')).toBeVisible();
  // Dropping the same files again changes nothing: the same spans are kept once.
  await dropFiles(page, [A]);
  expect(await shownSummary(page)).toEqual(summaryOf([...demoFiles(), A, B]));
  await page.screenshot({ path: 'test-results/dropped.png' });
});

test('a gzipped file loads like the plain one', async ({ page }) => {
  await openApp(page);
  const dir = mkdtempSync(join(tmpdir(), 'tracelinks-'));
  const gz = join(dir, 'trace.json.gz');
  writeFileSync(gz, gzipSync(readFileSync(B)));
  await page.getByTestId('clear').click();
  await waitIdle(page, 1);
  await pickFiles(page, [gz]);
  expect(await shownSummary(page)).toEqual(summaryOf([B]));
});

test('a file that cannot be read is named with what is wrong, and the graph stays', async ({ page }) => {
  await openApp(page);
  const before = await shownSummary(page);
  const dir = mkdtempSync(join(tmpdir(), 'tracelinks-'));
  const broken = join(dir, 'truncated.json');
  writeFileSync(broken, readFileSync(A, 'utf8').slice(0, 300));
  await pickFiles(page, [broken]);
  const error = page.getByTestId('load-error');
  await expect(error).toHaveCount(1);
  await expect(error).toContainText('truncated.json');
  expect(await shownSummary(page)).toEqual(before);
  await expect(page.locator('[data-testid="file-item"][data-file="truncated.json"]')).toHaveCount(0);
});

test('removing a file recomputes; clear empties and says how to load', async ({ page }) => {
  await openApp(page);
  await pickFiles(page, [B]);
  const before = await loadCount(page);
  await page.locator('[data-testid="file-item"][data-file="jaeger_uimodel_ui_01.json"] [data-testid="remove-file"]').click();
  await waitIdle(page, before);
  expect(await shownSummary(page)).toEqual(summaryOf(demoFiles()));
  await page.getByTestId('clear').click();
  await waitIdle(page, before + 1);
  expect(await shownSummary(page)).toEqual({ traces: 0, spans: 0, links: 0, brokenLinks: 0 });
  await expect(page.getByTestId('empty-state')).toContainText('Drop');
  await expect(page.getByTestId('empty-state')).toContainText('Paste');
  await expect(page.getByTestId('file-item')).toHaveCount(0);
});

test('pasting JSON loads it as pasted-1.json', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('clear').click();
  await expect(page.getByTestId('empty-state')).toBeVisible();
  const before = await loadCount(page);
  const text = readFileSync(A, 'utf8');
  await page.evaluate((t) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', t);
    window.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, text);
  await waitIdle(page, before);
  await expect(page.locator('[data-testid="file-item"][data-file="pasted-1.json"]')).toBeVisible();
  expect(await shownSummary(page)).toEqual(summaryOf([A]));
  await expect(page.locator(APP)).toHaveAttribute('data-state', 'ready');
});
