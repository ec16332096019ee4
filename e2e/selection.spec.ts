import { expect, test } from '@playwright/test';
import { openApp } from './helpers/app';

test('clicking a diagnostic selects its span and shows its details', async ({ page }) => {
  await openApp(page);
  const item = page.locator('[data-testid="diagnostic"][data-span-key]').first();
  const key = await item.getAttribute('data-span-key');
  expect(key).toBeTruthy();
  await item.locator('button').click();
  const details = page.getByTestId('details');
  await expect(details).toHaveAttribute('data-key', key!);
  await expect(page.getByTestId('details-span-id')).toHaveText(key!.split('/')[1]!);
  await expect(page.locator(`[data-key="${key}"][data-mark="selected"]`)).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(details).toHaveCount(0);
});

test('following a link keeps a trail back, and hovering a link lights up its target', async ({ page }) => {
  await openApp(page);
  // A span that holds a link: click its node.
  const holder = page.locator('[data-testid="diagnostic"][data-code^="link."][data-span-key]').first();
  const from = await holder.getAttribute('data-span-key');
  await holder.locator('button').click();
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
  const count = Number(await page.getByTestId('search-count').getAttribute('data-count'));
  expect(count).toBeGreaterThan(0);
  await expect(page.locator('[data-mark="match"]')).toHaveCount(count);
  // Typing `f` in the search box types, it does not fit the view.
  await page.getByTestId('search').press('f');
  await expect(page.getByTestId('search')).toHaveValue(`${name}f`);
});
