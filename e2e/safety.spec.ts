/// <reference lib="dom" />
// Code passed to page.evaluate runs in the browser: it needs the DOM types.
import { expect, test } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, pickFiles } from './helpers/app';

const HOSTILE = '<img src=x onerror="window.__pwned=1">';

/** A one-span OTLP file whose name, service, attribute and link attribute are HTML. */
function hostileFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tracelinks-'));
  const file = join(dir, 'hostile.json');
  const str = (value: string) => ({ stringValue: value });
  writeFileSync(
    file,
    JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: str(HOSTILE) }] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId: '0af7651916cd43dd8448eb211c80319c',
                  spanId: 'b7ad6b7169203331',
                  name: HOSTILE,
                  kind: 5,
                  startTimeUnixNano: '1748943667000000000',
                  endTimeUnixNano: '1748943667100000000',
                  attributes: [{ key: HOSTILE, value: str(HOSTILE) }],
                  links: [
                    {
                      traceId: '1af7651916cd43dd8448eb211c80319c',
                      spanId: 'c7ad6b7169203331',
                      attributes: [{ key: 'note', value: str(HOSTILE) }],
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
    }),
  );
  return file;
}

test('span names and attributes are shown as text, never as HTML', async ({ page }) => {
  await openApp(page);
  await pickFiles(page, [hostileFile()]);
  const node = page.getByTestId('span-node').filter({ hasText: HOSTILE });
  await expect(node).toHaveCount(1);
  await node.click();
  await expect(page.getByTestId('details')).toContainText(HOSTILE);
  await expect(page.getByTestId('details-attributes')).toContainText(HOSTILE);
  await page.getByTestId('search').fill('img src');
  await expect(page.getByTestId('search-count')).toHaveAttribute('data-count', '1');
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});

test('dragging files over the window shows the drop overlay', async ({ page }) => {
  await openApp(page);
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['{}'], 'x.json'));
    document.body.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await expect(page.getByTestId('drop-overlay')).toBeVisible();
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['{}'], 'x.json'));
    document.body.dispatchEvent(new DragEvent('dragleave', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await expect(page.getByTestId('drop-overlay')).toHaveCount(0);
});
