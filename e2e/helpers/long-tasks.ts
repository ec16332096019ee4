/// <reference lib="dom" />
// Code passed to page.evaluate runs in the browser: it needs the DOM types.
/**
 * Main-thread long tasks as the page sees them (PerformanceObserver 'longtask', buffered): the
 * durations in ms since the page opened or since the last `resetLongTasks`.
 */
import type { Page } from '@playwright/test';

type Watched = Window & { __longTasks: number[] };

/** Starts recording before any script of the page runs (call before `page.goto`). */
export async function watchLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as Watched;
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
}

export const longTasks = (page: Page): Promise<number[]> => page.evaluate(() => (window as unknown as Watched).__longTasks.map(Math.round));

export const resetLongTasks = (page: Page): Promise<void> =>
  page.evaluate(() => {
    (window as unknown as Watched).__longTasks = [];
  });
