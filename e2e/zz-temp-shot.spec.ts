import { test } from '@playwright/test';
import { openApp } from './helpers/app';
test('shot', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('only-problems').check();
  await page.waitForTimeout(600);
  await page.screenshot({ path: 'test-results/problems.png' });
  await page.getByTestId('only-problems').uncheck();
  await page.locator('[data-testid="diagnostic"][data-code="link.missing-span"] button').click();
  await page.waitForTimeout(600);
  await page.locator('.react-flow__controls-zoomout').click();
  await page.waitForTimeout(400);
  await page.screenshot({ path: 'test-results/readme.png' });
});
