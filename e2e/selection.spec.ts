import { expect, test } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, pickFiles } from './helpers/app';

test('clicking a diagnostic selects its span and shows its details', async ({ page }) => {
  await openApp(page);
  const item = page.locator('[data-testid="diagnostic"][data-span-key]').first();
  const key = await item.getAttribute('data-span-key');
  expect(key).toBeTruthy();
  // Zoomed in on the middle, most spans are out of view; the click must bring this one in.
  for (let i = 0; i < 5; i++) await page.locator('.react-flow__controls-zoomin').click();
  await item.locator('button').click();
  const details = page.getByTestId('details');
  await expect(details).toHaveAttribute('data-key', key!);
  await expect(page.getByTestId('details-span-id')).toHaveText(key!.split('/')[1]!);
  // Centred: the selected node's centre is the canvas's centre.
  const node = page.locator(`[data-key="${key}"][data-mark="selected"]`);
  const offCentre = async () => {
    const n = await node.boundingBox();
    const pane = await page.locator('.react-flow').boundingBox();
    if (!n || !pane) return Infinity;
    return Math.hypot(n.x + n.width / 2 - (pane.x + pane.width / 2), n.y + n.height / 2 - (pane.y + pane.height / 2));
  };
  await expect.poll(offCentre).toBeLessThan(4);
  await page.keyboard.press('Escape');
  await expect(details).toHaveCount(0);
});

test('following a link keeps a trail back, and hovering a link lights up its target', async ({ page }) => {
  await openApp(page);
  // A span that holds a link: click its node.
  const holder = page.locator('[data-testid="diagnostic"][data-code^="link."][data-span-key]').first();
  const from = await holder.getAttribute('data-span-key');
  await holder.locator('button').click();
  // The selected span's links and backlinks stand out in the graph.
  const ends = (await page.getByTestId('span-link').count()) + (await page.getByTestId('backlink').count());
  await expect(page.locator('path[data-edge-kind="link"].is-active')).toHaveCount(ends);
  const link = page.getByTestId('span-link').first();
  const target = await link.getAttribute('data-target');
  await link.hover();
  await expect(page.locator(`[data-key="${target}"][data-mark="hovered"]`)).toBeVisible();
  await link.click();
  await expect(page.getByTestId('details')).toHaveAttribute('data-key', target!);
  await expect(page.getByTestId('breadcrumb')).toHaveCount(1);
  await expect(page.locator(`[data-key="${from}"][data-mark="trail"]`)).toBeVisible();
  await page.screenshot({ path: 'test-results/followed.png' });
  await page.getByTestId('breadcrumb').click();
  await expect(page.getByTestId('details')).toHaveAttribute('data-key', from!);
});

test('search highlights matches and shows their count', async ({ page }) => {
  await openApp(page);
  const name = await page.locator('[data-testid="span-node"] .span-node__name').first().innerText();
  await page.getByTestId('search').fill(name);
  // The worker answers the search: "searching…" (no count) until it has.
  await expect(page.getByTestId('search-count')).toHaveAttribute('data-count', /^[1-9]\d*$/);
  const count = Number(await page.getByTestId('search-count').getAttribute('data-count'));
  await expect(page.locator('[data-mark="match"]')).toHaveCount(count);
  // Enter goes to a match: it is selected.
  await page.getByTestId('search').press('Enter');
  await expect(page.getByTestId('details')).toContainText(name);
  // Typing `f` in the search box types, it does not fit the view.
  await page.getByTestId('search').press('f');
  await expect(page.getByTestId('search')).toHaveValue(`${name}f`);
});

test('clicking a span in the graph shows its details', async ({ page }) => {
  await openApp(page);
  const node = page.getByTestId('span-node').first();
  const key = await node.getAttribute('data-key');
  await node.click();
  await expect(page.getByTestId('details')).toHaveAttribute('data-key', key!);
  await expect(page.getByTestId('details-trace-id')).toHaveText(key!.split('/')[0]!);
});

test('a span read from a small OTLP file shows all it holds: kind, status and its message, duration, attributes, events, resource', async ({ page }) => {
  // Such a file is kept as columns in the worker (src/core/readers/tree-spans.ts): the whole span
  // shown here is made from them when the panel asks.
  const file = join(mkdtempSync(join(tmpdir(), 'tracelinks-')), 'whole-span.json');
  const str = (value: string) => ({ stringValue: value });
  const span = {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    name: 'charge card',
    kind: 3,
    startTimeUnixNano: '1748943667000000000',
    endTimeUnixNano: '1748943667250000000',
    status: { code: 2, message: 'card declined' },
    attributes: [{ key: 'payment.provider', value: str('acme-pay') }],
    events: [{ name: 'retry scheduled', timeUnixNano: '1748943667100000000', attributes: [{ key: 'retry.attempt', value: { intValue: '2' } }] }],
  };
  const resource = { attributes: [{ key: 'service.name', value: str('billing') }, { key: 'deployment.environment', value: str('staging') }] };
  writeFileSync(file, JSON.stringify({ resourceSpans: [{ resource, scopeSpans: [{ scope: { name: 'billing-lib' }, spans: [span] }] }] }));
  await openApp(page);
  await pickFiles(page, [file]);
  const node = page.getByTestId('span-node').filter({ hasText: 'charge card' });
  await expect(node).toHaveCount(1);
  await node.click();
  const details = page.getByTestId('details');
  // Each value beside its label (the panel's text runs label into value).
  await expect(details).toContainText('kindclient');
  await expect(details).toContainText('statuserror card declined');
  await expect(details).toContainText('duration250ms');
  await expect(page.getByTestId('details-attributes')).toContainText('payment.provideracme-pay');
  await expect(details.locator('.events')).toContainText('retry scheduled2025-06-03T09:41:07.100000Zretry.attempt2');
  await expect(details).toContainText('Resource2service.namebillingdeployment.environmentstaging');
});

test('`f` fits the view again after zooming', async ({ page }) => {
  await openApp(page);
  const viewport = page.locator('.react-flow__viewport');
  const fitted = await viewport.getAttribute('style');
  await page.locator('.react-flow__controls-zoomin').click();
  await page.locator('.react-flow__controls-zoomin').click();
  await expect.poll(() => viewport.getAttribute('style')).not.toBe(fitted);
  await page.locator('body').press('f');
  await expect.poll(() => viewport.getAttribute('style')).toBe(fitted);
});

test('"only traces with problems" keeps the broken traces and every placeholder', async ({ page }) => {
  await openApp(page);
  const boxes = page.getByTestId('trace-box');
  const all = await boxes.count();
  const placeholders = await page.getByTestId('missing-node').count();
  await page.getByTestId('only-problems').check();
  await expect.poll(() => boxes.count()).toBeLessThan(all);
  expect(await boxes.count()).toBeGreaterThan(0);
  await expect(page.getByTestId('missing-node')).toHaveCount(placeholders);
  await page.getByTestId('only-problems').uncheck();
  await expect(boxes).toHaveCount(all);
});
