// "Check it on your Windows": the panel in the release build and in the offline page — the
// command and programs for the scenario, a probe result dropped as a file and compared with
// the model (differences flagged), no CSP violations, no axe violations, both languages.
import { test, expect } from '@playwright/test';
import { AXE, OFFLINE } from '../shared.mjs';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

// Exclusive wildcard then plain wildcard, one account: observed WSAEACCES (as Wine answers),
// where the model says WSAEADDRINUSE for Windows 7 and newer. The one probe-result fixture,
// shared with the core's, the module's and the component tests.
const RESULT = readFileSync(new URL('../../core/tests/fixtures/probe-result.json', import.meta.url), 'utf8');

async function dropResult(page) {
  await page.locator('#probe-import-text').evaluate((el, text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'result.json', { type: 'application/json' }));
    el.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, RESULT);
}

async function axe(page, label) {
  await page.evaluate(AXE);
  const result = await page.evaluate(() => axe.run(document, { resultTypes: ['violations'] }));
  const summary = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
  expect(summary, `axe violations in ${label}`).toEqual([]);
}

for (const lang of ['en', 'zh-TW']) {
  test(`probe panel: program, dropped result compared with the model (${lang})`, async ({ page, context }) => {
    await context.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective));
    });
    const genRequests = [];
    page.on('request', (r) => { if (/sockbind-gen-[0-9a-f]+\.wasm$/.test(r.url())) genRequests.push(r.url()); });
    await page.goto(`/?lang=${lang}`);
    await expect(page.locator('#probe-program')).toHaveCount(0);
    await expect(page.locator('#verdict, main').first()).toBeVisible();
    expect(genRequests, 'the generator module is not fetched before the panel opens').toEqual([]);
    await page.locator('#probe-panel summary').click();
    await expect(page.locator('#probe-program')).toContainText('int main(void)');
    await expect(page.locator('#probe-command')).toHaveValue(/^sockbind\.exe probe --url "http.*v=1/);
    await page.locator('#probe-language').selectOption('python');
    await expect(page.locator('#probe-program')).toContainText('def main():');
    // The copy button copies exactly the program shown.
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.locator('#probe-copy-program').click();
    await expect(page.locator('.probe-body .share-status')).toHaveText(lang === 'en' ? 'Copied to the clipboard.' : '已複製到剪貼簿。');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(await page.locator('#probe-program').textContent());
    await dropResult(page);
    await expect(page.locator('#probe-differences')).toContainText('1');
    const flagged = page.locator('#probe-result tr.probe-differs');
    await expect(flagged).toHaveCount(1);
    await expect(flagged).toContainText('WSAEADDRINUSE');
    await expect(flagged).toContainText('WSAEACCES');
    expect(genRequests.length, 'fetched once, when the panel opened').toBe(1);
    expect(await page.evaluate(() => window.__violations)).toEqual([]);
    await axe(page, `probe panel (${lang})`);
  });
}

test('probe panel works in the offline page', async ({ page }) => {
  await page.goto(pathToFileURL(OFFLINE).href);
  await page.locator('#probe-panel summary').click();
  await expect(page.locator('#probe-program')).toContainText('WSAStartup');
  await dropResult(page);
  await expect(page.locator('#probe-result tr.probe-differs')).toHaveCount(1);
});
