import { expect, type Page } from '@playwright/test';

// Demo users exist only in the demo data set (seeds/src/demo/users.rs).
export const PASSWORD = 'demo-pass-2026';
export type DemoRole = 'admin' | 'staff' | 'coordinator' | 'viewer';

/** Sign in through the server function (the session cookie lands in the page's context). */
export async function signInAs(page: Page, who: DemoRole) {
  const res = await page.request.post('/api/auth/sign_in', {
    form: { email: `${who}@demo.example.jp`, password: PASSWORD, next: '/ventures' },
    maxRedirects: 0,
  });
  expect(res.status(), await res.text()).toBeLessThan(400);
}

export async function hydrated(page: Page) {
  // The wasm bundle has loaded and taken over the page.
  await page.waitForFunction(() => document.querySelector('body[data-hydrated]') !== null, null, { timeout: 15_000 });
}
