/// <reference lib="dom" />
/** Helpers for the sharing tests: what the app shows, downloads, and a hostile trace file. */
import { expect, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Every summary attribute and every diagnostic (code and text) the page shows. */
export async function shownState(page: Page): Promise<{ summary: Record<string, string | null>; diagnostics: string[] }> {
  const bar = page.getByTestId('graph-summary');
  const keys = ['traces', 'spans', 'links', 'broken-links', 'invalid-context', 'missing-trace', 'missing-span', 'missing-parent', 'dropped-links'];
  const summary: Record<string, string | null> = {};
  for (const k of keys) summary[k] = await bar.getAttribute(`data-${k}`);
  const diagnostics = await page
    .getByTestId('diagnostic')
    .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-code')}: ${e.querySelector('.diag__message')?.textContent ?? ''}`));
  return { summary, diagnostics };
}

/** Clicks an export button and returns the downloaded file's path, name and bytes. */
export async function downloadOf(page: Page, testId: string): Promise<{ path: string; name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const dir = mkdtempSync(join(tmpdir(), 'tracelinks-dl-'));
  const path = join(dir, download.suggestedFilename());
  await download.saveAs(path);
  const bytes = readFileSync(path);
  expect(bytes.length).toBeGreaterThan(0);
  return { path, name: download.suggestedFilename(), bytes };
}

export const HOSTILE_NAME = '<img src=x onerror=alert(1)>';

/** Two traces: a producer, and a consumer named with HTML whose link to the producer is labelled with HTML. */
export function hostileTraceFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tracelinks-'));
  const file = join(dir, 'hostile-names.json');
  const str = (value: string) => ({ stringValue: value });
  const span = (traceId: string, spanId: string, name: string, extra: object = {}) => ({
    traceId,
    spanId,
    name,
    kind: 5,
    startTimeUnixNano: '1748943667000000000',
    endTimeUnixNano: '1748943667100000000',
    ...extra,
  });
  writeFileSync(
    file,
    JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: str('producer-svc') }] },
          scopeSpans: [{ spans: [span('0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203331', 'publish')] }],
        },
        {
          resource: { attributes: [{ key: 'service.name', value: str(`svc ${HOSTILE_NAME}`) }] },
          scopeSpans: [
            {
              spans: [
                span('1af7651916cd43dd8448eb211c80319c', 'c7ad6b7169203331', HOSTILE_NAME, {
                  attributes: [{ key: 'messaging.operation.type', value: str('process') }],
                  links: [
                    { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', attributes: [{ key: 'why', value: str(HOSTILE_NAME) }] },
                    { traceId: '2af7651916cd43dd8448eb211c80319c', spanId: 'd7ad6b7169203331', attributes: [] },
                  ],
                }),
              ],
            },
          ],
        },
      ],
    }),
  );
  return file;
}

/** Fails the test when any dialog opens (an injected `alert` would). */
export function failOnDialog(page: Page, seen: string[]): void {
  page.on('dialog', (d) => {
    seen.push(d.message());
    void d.dismiss();
  });
}
