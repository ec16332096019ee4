/// <reference lib="dom" />
// Code passed to page.evaluate runs in the browser: it needs the DOM types.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { APP, openApp, pickFiles, waitIdle } from './helpers/app';
import { downloadOf, failOnDialog, HOSTILE_NAME, hostileTraceFile, shownState } from './helpers/share';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

async function shareUrl(page: Page): Promise<string> {
  await page.getByTestId('share').click();
  const field = page.getByTestId('share-url');
  await expect(field).toBeVisible();
  const url = await field.inputValue();
  expect(url).toContain('#tl1.');
  return url;
}

/** Parses text as XML in the page; returns the parser's error, or '' when it is well-formed. */
async function xmlError(page: Page, text: string, type: DOMParserSupportedType): Promise<string> {
  return page.evaluate(
    ({ text, type }) => new DOMParser().parseFromString(text, type).querySelector('parsererror')?.textContent ?? '',
    { text, type },
  );
}

test('a share link opened in a fresh browser shows the same graph, summary, diagnostics and notes', async ({ page, browser, baseURL }) => {
  await openApp(page);
  // A note and a selection travel with the link.
  await page.locator('[data-testid="diagnostic"][data-code="link.missing-span"] button').click();
  const selected = await page.getByTestId('details').getAttribute('data-key');
  await page.getByTestId('note-input').fill('Producer never exported: see INC-42');
  await page.getByTestId('note-input').blur();
  await expect(page.getByTestId('note-badge').first()).toContainText('INC-42');
  const before = await shownState(page);
  const url = await shareUrl(page);
  // The link is on the clipboard too, and in the address bar.
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  expect(page.url()).toBe(url);
  // The data sits in the fragment, which browsers never send to a server.
  expect(new URL(url).origin).toBe(new URL(baseURL!).origin);

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  const requests: string[] = [];
  other.on('request', (r) => requests.push(r.url()));
  await other.goto(url);
  await waitIdle(other, 0);
  expect(await shownState(other)).toEqual(before);
  await expect(other.getByTestId('details')).toHaveAttribute('data-key', selected!);
  await expect(other.getByTestId('note-badge').first()).toContainText('INC-42');
  // Opening a shared link fetches no demo and nothing else but the app itself.
  expect(requests.filter((r) => r.includes('/demo/'))).toEqual([]);
  await other.screenshot({ path: 'test-results/shared-link.png' });
  await fresh.close();
});

test('a damaged or oversized share link says so and leaves the page usable', async ({ page }) => {
  await page.goto('/#tl1.AAAA-not-a-real-link');
  await waitIdle(page, 0);
  await expect(page.getByTestId('load-error')).toContainText(/shared link/i);
  await expect(page.getByTestId('empty-state')).toBeVisible();
  // The app still works: the demo loads from the empty state.
  await page.getByTestId('load-demo').click();
  await expect(page.getByTestId('graph-summary')).toHaveAttribute('data-traces', '10');
  // A link too large to be one is refused before it is decoded.
  const before = Number(await page.locator(APP).getAttribute('data-loads'));
  await page.evaluate(() => (location.hash = `tl1.${'A'.repeat(1_100_000)}`));
  await waitIdle(page, before);
  await expect(page.getByTestId('load-error').last()).toContainText(/too large/i);
  await expect(page.getByTestId('graph-summary')).toHaveAttribute('data-traces', '10');
});

test('every export downloads a valid file: PNG, SVG, Mermaid, snapshot, HTML', async ({ page }) => {
  await openApp(page);
  const state = await shownState(page);

  const png = await downloadOf(page, 'export-png');
  expect(png.name).toMatch(/\.png$/);
  expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.bytes.length).toBeGreaterThan(20_000);

  const svg = await downloadOf(page, 'export-svg');
  const svgText = svg.bytes.toString('utf8');
  expect(svg.name).toMatch(/\.svg$/);
  expect(await xmlError(page, svgText, 'image/svg+xml')).toBe('');
  expect(svgText).toContain('process orders-analytics');
  expect(svgText).not.toMatch(/<script/i);

  const mmd = await downloadOf(page, 'export-mermaid');
  const mermaidText = mmd.bytes.toString('utf8');
  expect(mermaidText.startsWith('flowchart')).toBe(true);
  expect(await mermaidParses(page, mermaidText)).toBe(true);

  const snap = await downloadOf(page, 'export-snapshot');
  expect(snap.name).toMatch(/\.tracelinks\.json$/);
  await page.getByTestId('clear').click();
  await expect(page.getByTestId('empty-state')).toBeVisible();
  await pickFiles(page, [snap.path]);
  expect(await shownState(page)).toEqual(state);

  const html = await downloadOf(page, 'export-html');
  expect(html.name).toMatch(/\.html$/);
  const htmlText = html.bytes.toString('utf8');
  expect(htmlText).not.toMatch(/<script/i);
  expect(htmlText).toContain("default-src 'none'");
});

/** Renders Mermaid text with the real `mermaid` package in a blank page (no CSP there). */
async function mermaidParses(page: Page, text: string): Promise<boolean> {
  const blank = await page.context().newPage();
  await blank.goto('about:blank');
  await blank.addScriptTag({ path: resolve('node_modules/mermaid/dist/mermaid.min.js') });
  const result = await blank.evaluate(async (src) => {
    const m = (window as unknown as { mermaid: { initialize(o: object): void; parse(t: string): Promise<unknown>; render(id: string, t: string): Promise<{ svg: string }> } }).mermaid;
    m.initialize({ startOnLoad: false, securityLevel: 'strict' });
    await m.parse(src);
    const { svg } = await m.render('check', src);
    return svg.length > 0;
  }, text);
  await blank.close();
  return result;
}

test('the HTML snapshot renders offline from a file, with the graph, the summary and the diagnostics', async ({ page, browser }) => {
  await openApp(page);
  const html = await downloadOf(page, 'export-html');
  const offline = await browser.newContext({ offline: true, javaScriptEnabled: true });
  const view = await offline.newPage();
  const requests: string[] = [];
  view.on('request', (r) => requests.push(r.url()));
  await view.goto(`file://${html.path}`);
  await expect(view.locator('svg').first()).toBeVisible();
  await expect(view.locator('body')).toContainText('process orders-analytics');
  await expect(view.locator('body')).toContainText('link.missing-span');
  await expect(view.locator('body')).toContainText('broken links');
  expect(requests.filter((r) => !r.startsWith('file:') && !r.startsWith('data:'))).toEqual([]);
  await view.screenshot({ path: 'test-results/html-snapshot.png', fullPage: false });
  await offline.close();
});

test('a span named like HTML survives every export as text and never runs', async ({ page, browser }) => {
  const dialogs: string[] = [];
  failOnDialog(page, dialogs);
  await openApp(page);
  await page.getByTestId('clear').click();
  await pickFiles(page, [hostileTraceFile()]);
  await expect(page.getByTestId('span-node').filter({ hasText: HOSTILE_NAME })).toHaveCount(1);

  const svg = (await downloadOf(page, 'export-svg')).bytes.toString('utf8');
  expect(svg).not.toContain('<img');
  expect(svg).toContain('&lt;img src=x onerror=alert(1)&gt;');
  expect(await xmlError(page, svg, 'image/svg+xml')).toBe('');

  const mermaid = (await downloadOf(page, 'export-mermaid')).bytes.toString('utf8');
  expect(mermaid).not.toContain('<img');
  expect(await mermaidParses(page, mermaid)).toBe(true);

  const snap = await downloadOf(page, 'export-snapshot');
  const doc = JSON.parse(snap.bytes.toString('utf8')) as unknown;
  expect(JSON.stringify(doc)).toContain(JSON.stringify(HOSTILE_NAME).slice(1, -1));

  const html = await downloadOf(page, 'export-html');
  const htmlText = html.bytes.toString('utf8');
  expect(htmlText).not.toContain('<img');
  const offline = await browser.newContext({ offline: true });
  const view = await offline.newPage();
  failOnDialog(view, dialogs);
  await view.goto(`file://${html.path}`);
  await expect(view.locator('body')).toContainText(HOSTILE_NAME);
  expect(await view.locator('img').count()).toBe(0);
  await offline.close();

  const png = await downloadOf(page, 'export-png');
  expect(png.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');

  // The snapshot reloads with the name intact, still as text.
  await page.getByTestId('clear').click();
  await pickFiles(page, [snap.path]);
  await expect(page.getByTestId('span-node').filter({ hasText: HOSTILE_NAME })).toHaveCount(1);
  expect(await page.evaluate(() => document.querySelectorAll('img').length)).toBe(0);
  expect(dialogs).toEqual([]);
});

test('sharing and exporting request nothing outside the app', async ({ page, baseURL }) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await openApp(page);
  await shareUrl(page);
  for (const id of ['export-png', 'export-svg', 'export-mermaid', 'export-snapshot', 'export-html']) await downloadOf(page, id);
  const origin = new URL(baseURL!).origin;
  expect(requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([]);
});

test('the snapshot file is one more input format: it loads as one file of format tracelinks-snapshot', async ({ page }) => {
  await openApp(page);
  const snap = await downloadOf(page, 'export-snapshot');
  const text = readFileSync(snap.path, 'utf8');
  expect(JSON.parse(text)).toMatchObject({ tracelinks: 'snapshot', version: 1 });
  await page.getByTestId('clear').click();
  await pickFiles(page, [snap.path]);
  await expect(page.getByTestId('file-item')).toHaveCount(1);
  await expect(page.getByTestId('file-item').first()).toContainText('tracelinks-snapshot');
});

test('Mermaid can be copied to the clipboard, as the download has it', async ({ page }) => {
  await openApp(page);
  const file = (await downloadOf(page, 'export-mermaid')).bytes.toString('utf8');
  await page.getByTestId('copy-mermaid').click();
  await expect(page.getByTestId('share-status')).toContainText('copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(file);
});

test('a share link pasted into an open tab replaces what it shows', async ({ page, browser }) => {
  // A link made from a single fixture file, in another context.
  const maker = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const other = await maker.newPage();
  await openApp(other);
  await other.getByTestId('clear').click();
  await pickFiles(other, [resolve('../shared/fixtures/otlp-json/opentelemetry-bash_context_propagation_http_curl_otlp.json')]);
  const shared = await shownState(other);
  const url = await shareUrl(other);
  await maker.close();
  // The open tab shows the demo; the pasted link's fragment replaces it.
  await openApp(page);
  const before = Number(await page.locator(APP).getAttribute('data-loads'));
  await page.evaluate((hash) => (location.hash = hash), new URL(url).hash);
  await waitIdle(page, before);
  expect(await shownState(page)).toEqual(shared);
  await expect(page.getByTestId('file-item')).toHaveCount(1);
});
