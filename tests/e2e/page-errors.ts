import { expect, test, type Page } from "@playwright/test";

/** Makes every test of the calling spec fail when its page threw a JavaScript error. */
export function failOnPageErrors(): void {
  const pageErrors = new WeakMap<Page, Error[]>();
  test.beforeEach(({ page }) => {
    const errors: Error[] = [];
    pageErrors.set(page, errors);
    page.on("pageerror", (error) => errors.push(error));
  });
  test.afterEach(({ page }) => {
    expect(pageErrors.get(page) ?? [], "the page threw JavaScript errors").toEqual([]);
  });
}
