/// <reference lib="dom" />
// Code passed to page.evaluate runs in the browser: it needs the DOM types.
import { expect, test } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, pickFiles, waitIdle } from './helpers/app';
import { analyseFiles, demoFiles } from './helpers/core';
import { causalPath } from '../src/core/graph/causal-path';
import type { SpanKey } from '../src/core/ids';
import { downloadOf, shownState } from './helpers/share';
import { syntheticOtlp } from './helpers/synthetic';

test('the trace-level view: one node per trace, links counted per pair; a click opens a trace and back', async ({ page }) => {
  await openApp(page);
  const core = analyseFiles(demoFiles());
  await page.getByTestId('view-traces').click();
  await expect(page.getByTestId('graph')).toHaveAttribute('data-level', 'traces');
  // Every trace box, placeholder traces included, is one node.
  await expect(page.getByTestId('trace-summary')).toHaveCount(core.graph.traces.size);
  // Edge labels add up to the links between different traces.
  const counts = await page.locator('[data-edge-kind="trace-link"]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))));
  const crossTrace = core.graph.linkEdges.filter((e) => {
    const from = core.graph.spans.get(e.from)?.traceId ?? core.graph.placeholders.get(e.from)?.traceId;
    return from !== core.graph.spans.get(e.to)?.traceId;
  }).length;
  expect(counts.reduce((a, b) => a + b, 0)).toBe(crossTrace);
  const broken = await page.locator('[data-edge-kind="trace-link"].is-broken').count();
  expect(broken).toBeGreaterThan(0);
  // Each trace node holds only the handles its links meet: none for a trace without cross-trace links.
  const handles = await page.getByTestId('trace-summary').evaluateAll((els) => els.map((e) => e.querySelectorAll('.react-flow__handle').length));
  expect(handles.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(2 * counts.length);
  expect(Math.max(...handles)).toBeLessThan(8);
  expect(Math.max(...handles)).toBeGreaterThan(0);
  await page.screenshot({ path: 'test-results/trace-level.png' });

  // Open the analytics trace: its spans and the traces it links to are drawn, the rest not.
  const analytics = [...core.graph.traces.values()].find((t) => t.services.includes('analytics-service'))!;
  await page.locator(`[data-testid="trace-summary"][data-trace-id="${analytics.traceId}"]`).click();
  await expect(page.getByTestId('graph')).toHaveAttribute('data-level', 'spans');
  await expect(page.getByTestId('open-trace-bar')).toBeVisible();
  const boxes = await page.getByTestId('trace-box').evaluateAll((els) => els.map((e) => e.getAttribute('data-trace-id')));
  expect(boxes).toContain(analytics.traceId);
  expect(boxes.length).toBeLessThan(core.graph.traces.size);
  await page.getByTestId('back-to-traces').click();
  await expect(page.getByTestId('graph')).toHaveAttribute('data-level', 'traces');
  await expect(page.getByTestId('open-trace-bar')).toHaveCount(0);
});

test('more than 50 traces open in the trace-level view', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'tracelinks-'));
  const file = join(dir, 'sixty.json');
  writeFileSync(file, syntheticOtlp(60, 4));
  await openApp(page);
  await page.getByTestId('clear').click();
  await pickFiles(page, [file]);
  await expect(page.getByTestId('graph')).toHaveAttribute('data-level', 'traces');
  await expect(page.getByTestId('graph-summary')).toHaveAttribute('data-traces', '60');
  await page.getByTestId('view-spans').click();
  await expect(page.getByTestId('graph')).toHaveAttribute('data-level', 'spans');
});

test('the causal path lights up what a span is caused by and causes, and dims the rest', async ({ page }) => {
  await openApp(page);
  await page.locator('[data-testid="diagnostic"][data-code="link.missing-span"] button').click();
  await page.getByTestId('causal-path').check();
  // The marks are exactly the core's causal path of the selected span.
  const selected = (await page.getByTestId('details').getAttribute('data-key')) as SpanKey;
  const path = causalPath(analyseFiles(demoFiles()).graph, selected);
  const keysWith = (mark: string) =>
    page.locator(`[data-mark="${mark}"]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-key')).sort());
  expect(path.upstream.size).toBeGreaterThanOrEqual(5);
  expect(await keysWith('upstream')).toEqual([...path.upstream].sort());
  expect(await keysWith('downstream')).toEqual([...path.downstream].sort());
  const drawn = await page.locator('[data-testid="span-node"], [data-testid="missing-node"]').count();
  expect(await page.locator('[data-testid="span-node"][data-mark="dim"], [data-testid="missing-node"][data-mark="dim"]').count()).toBe(drawn - path.upstream.size - path.downstream.size - 1);
  await expect(page.locator('.link-edge.is-path').first()).toBeAttached();
  await page.screenshot({ path: 'test-results/causal-path.png' });
  await page.getByTestId('causal-path').uncheck();
  await expect(page.locator('.span-node.is-dim')).toHaveCount(0);
});

test('redaction replaces names and values in the view and in exports; the summary and diagnostics stay', async ({ page }) => {
  await openApp(page);
  const before = await shownState(page);
  await page.getByTestId('redact-names').check();
  await page.getByTestId('redact-values').check();
  await expect(page.getByTestId('span-node').filter({ hasText: 'process orders-analytics' })).toHaveCount(0);
  await expect(page.getByTestId('span-node').filter({ hasText: /span-\d+/ }).first()).toBeVisible();
  const after = await shownState(page);
  expect(after.summary).toEqual(before.summary);
  expect(after.diagnostics.map((d) => d.split(':')[0])).toEqual(before.diagnostics.map((d) => d.split(':')[0]));
  const text = [
    (await downloadOf(page, 'export-snapshot')).bytes.toString('utf8'),
    (await downloadOf(page, 'export-svg')).bytes.toString('utf8'),
    (await downloadOf(page, 'export-mermaid')).bytes.toString('utf8'),
    (await downloadOf(page, 'export-html')).bytes.toString('utf8'),
  ].join('\n');
  for (const secret of ['analytics-service', 'process orders-analytics', 'orders-analytics', 'ord-8']) expect(text).not.toContain(secret);
  await page.screenshot({ path: 'test-results/redacted.png' });
  await page.getByTestId('redact-names').uncheck();
  await page.getByTestId('redact-values').uncheck();
  await expect(page.getByTestId('span-node').filter({ hasText: 'process orders-analytics' })).toHaveCount(1);
});

test('notes travel with the Mermaid, SVG and HTML exports', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('span-node').filter({ hasText: 'process orders-analytics' }).click();
  await page.getByTestId('trace-note-input').fill('Batch consumer: 3 producers missing');
  await page.getByTestId('trace-note-input').blur();
  await expect(page.getByTestId('note-badge').first()).toContainText('3 producers missing');
  for (const id of ['export-mermaid', 'export-svg', 'export-html']) {
    expect((await downloadOf(page, id)).bytes.toString('utf8')).toContain('Batch consumer: 3 producers missing');
  }
});

test('dark theme and presentation mode', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('theme').click();
  await expect(page.getByTestId('app')).toHaveAttribute('data-theme', 'dark');
  const bg = await page.evaluate(() => getComputedStyle(document.querySelector('.sidebar')!).backgroundColor);
  expect(bg).not.toBe('rgb(255, 255, 255)');
  await page.screenshot({ path: 'test-results/dark.png' });
  // The choice is remembered.
  await page.reload();
  await waitIdle(page, 0);
  await expect(page.getByTestId('app')).toHaveAttribute('data-theme', 'dark');
  // `p` toggles presentation mode, as the button does.
  await page.keyboard.press('p');
  await expect(page.getByTestId('legend')).toBeVisible();
  await page.keyboard.press('p');
  await expect(page.getByTestId('legend')).toHaveCount(0);
  await page.getByTestId('present').click();
  await expect(page.getByTestId('legend')).toBeVisible();
  await expect(page.getByTestId('diagnostics')).toHaveCount(0);
  await expect(page.getByTestId('share')).toHaveCount(0);
  await expect(page.getByTestId('graph-summary')).toBeVisible();
  await page.screenshot({ path: 'test-results/presenting.png' });
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('legend')).toHaveCount(0);
  await expect(page.getByTestId('diagnostics')).toBeVisible();
  await page.getByTestId('theme').click();
  await expect(page.getByTestId('app')).toHaveAttribute('data-theme', 'light');
});

test('past the span-level ceiling the trace level is drawn, and the user is told why', async ({ page }) => {
  // The demo has 42 spans and 15 links: a ceiling of 30 is below it.
  await page.goto('/?spanLimit=30');
  await expect(page.locator('[data-testid="app"]')).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('graph-summary')).toHaveAttribute('data-spans', '42');
  await expect(page.getByTestId('graph')).toHaveAttribute('data-level', 'traces');
  await expect(page.getByTestId('view-notice')).toHaveAttribute('data-kind', 'limited');
  await expect(page.getByTestId('view-notice')).toContainText('30');
  // Asking for spans keeps the trace level; opening one trace draws its spans.
  await page.getByTestId('view-spans').click();
  await expect(page.getByTestId('graph')).toHaveAttribute('data-level', 'traces');
  await page.getByTestId('trace-summary').first().click();
  await expect(page.getByTestId('graph')).toHaveAttribute('data-level', 'spans');
  await expect(page.getByTestId('span-node').first()).toBeVisible();
});
