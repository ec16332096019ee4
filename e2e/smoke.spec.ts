import { expect, test } from '@playwright/test';

test('the app opens and shows its name', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveTitle('tracelinks');
  await expect(page.getByRole('heading', { name: 'tracelinks' })).toBeVisible();
});
