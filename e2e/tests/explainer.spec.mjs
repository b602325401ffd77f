// End-to-end: the release dist/ served on 127.0.0.1, driven in Debian's headless chromium.
import { test, expect } from '@playwright/test';
import { readFileSync, mkdirSync } from 'node:fs';

const documented = JSON.parse(
  readFileSync(new URL('../../core/data/bind-tables.json', import.meta.url), 'utf8'),
);
const SHORT = { success: 'Success', WSAEADDRINUSE: 'INUSE', WSAEACCES: 'ACCESS' };
const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname;

let errors;
test.beforeEach(async ({ page }) => {
  errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto('/');
  await expect(page.locator('#answer .verdict')).toBeVisible();
});
test.afterEach(() => {
  expect(errors, 'no page errors or console errors').toEqual([]);
});

const answer = (page) => page.locator('#answer');
const hit = (page) => page.locator('td.highlight');

test('initial scenario: WSAEACCES with its documented cell, and a screenshot', async ({ page }) => {
  await expect(answer(page)).toContainText('WSAEACCES (10013)');
  await expect(hit(page)).toHaveCount(1);
  await expect(hit(page)).toHaveAttribute('data-row', 'exclusiveaddruse/wildcard');
  await expect(hit(page)).toHaveAttribute('data-column', 'default/specific');
  await expect(page.locator('figure:has(td.highlight)')).toHaveAttribute(
    'data-table', '2003_and_later_different_user');
  await expect(page.locator('.availability tr[aria-current="true"]')).toContainText('Windows 7');
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS}/explainer.png`, fullPage: true });
});

test('picking a scenario with the pickers', async ({ page }) => {
  await page.selectOption('#platform', 'windows-server-2003');
  await page.selectOption('#s0-options', 'reuseaddr');
  await page.selectOption('#s0-preset', '0.0.0.0');
  await page.selectOption('#s1-options', 'default');
  await page.selectOption('#s1-preset', '10.0.0.1');
  await page.selectOption('#s1-account', 'other');
  await expect(answer(page)).toContainText('WSAEACCES (10013)');
  await expect(answer(page)).toContainText('other-user-specific-under-wildcard');
  await expect(hit(page)).toHaveAttribute('data-row', 'reuseaddr/wildcard');
  await page.selectOption('#s1-account', 'same');
  await expect(answer(page)).toContainText('bind() succeeds');
  await expect(page.locator('figure:has(td.highlight)')).toHaveAttribute(
    'data-table', '2003_and_later_same_user');
  // Port table: before has one row, after adds the second socket.
  await expect(page.locator('#port-before tbody tr')).toHaveCount(1);
  await expect(page.locator('#port-after tr.added')).toContainText('socket 2');
});

test('port table marks the refused bind and the blocking row', async ({ page }) => {
  await expect(page.locator('#port-after tr.refused')).toContainText('WSAEACCES');
  await expect(page.locator('#port-after tr.blocking')).toContainText('blocks the new bind');
  await expect(page.locator('#port-after tr.blocking')).toHaveAttribute('data-socket', '0');
});

test('every one of the 108 documented cells, clicked, gives the documented answer', async ({ page }) => {
  let checked = 0;
  for (const [table, rows] of Object.entries(documented)) {
    for (const [row, cols] of Object.entries(rows)) {
      for (const [col, expected] of Object.entries(cols)) {
        const cell = page.locator(
          `figure[data-table="${table}"] td[data-row="${row}"][data-column="${col}"]`);
        await cell.locator('button').click();
        await expect(cell).toHaveClass(/highlight/);
        await expect(cell).toContainText(SHORT[expected]);
        const second = page.locator('#answer .verdict').last();
        await expect(second).toHaveAttribute('data-result', expected);
        checked++;
      }
    }
  }
  expect(checked).toBe(108);
});

test('cells work by keyboard', async ({ page }) => {
  const cell = page.locator(
    'figure[data-table="2003_and_later_same_user"] td[data-row="default/wildcard"][data-column="reuseaddr/wildcard"] button');
  await cell.focus();
  await page.keyboard.press('Enter');
  await expect(answer(page)).toContainText('WSAEACCES (10013)');
  await expect(answer(page)).toContainText('reuse-needs-first-consent');
  await page.keyboard.press('Tab');
  await expect(page.locator(':focus')).toHaveAttribute('aria-label', /SO_REUSEADDR Specific/);
});

test('bad typed address: clear message, state kept, page intact', async ({ page }) => {
  await page.fill('#s1-address', 'not-an-ip');
  await expect(page.locator('#s1-address-error')).toContainText('not an IPv4 or IPv6 address');
  await expect(page.locator('#s1-address')).toHaveAttribute('aria-invalid', 'true');
  await expect(answer(page)).toContainText('WSAEACCES (10013)');
  await page.fill('#s1-address', '0.0.0.0');
  await expect(answer(page)).toContainText('WSAEADDRINUSE (10048)');
  await expect(page.locator('#s1-address-error')).toBeEmpty();
});

test('animations replay on change and vanish under prefers-reduced-motion', async ({ page, browser }) => {
  await page.selectOption('#s1-account', 'same');
  await page.selectOption('#s0-options', 'default');
  const added = page.locator('#port-after tr.added');
  await expect(added).toHaveCount(1);
  expect(await added.evaluate((e) => getComputedStyle(e).animationName)).toBe('slide-in');

  const ctx = await browser.newContext({ reducedMotion: 'reduce' });
  const still = await ctx.newPage();
  await still.goto('/');
  const refused = still.locator('#port-after tr.refused');
  await expect(refused).toHaveCount(1);
  expect(await refused.evaluate((e) => getComputedStyle(e).animationName)).toBe('none');
  await ctx.close();
});
