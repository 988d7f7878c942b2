import type { Page } from "@playwright/test";

/**
 * The page's cumulative layout shift so far (the browser's own layout-shift entries, buffered
 * from the start), after a quarter second for late entries to arrive.
 */
export function layoutShiftSoFar(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let total = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as (PerformanceEntry & { value: number })[]) total += entry.value;
        }).observe({ type: "layout-shift", buffered: true });
        setTimeout(() => resolve(total), 250);
      }),
  );
}
