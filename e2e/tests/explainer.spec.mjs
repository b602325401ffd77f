// End-to-end: the release dist/ served on 127.0.0.1, driven in Debian's headless chromium.
import { test, expect } from '@playwright/test';
import { ARTIFACTS } from '../shared.mjs';
import { readFileSync } from 'node:fs';

const documented = JSON.parse(
  readFileSync(new URL('../../core/data/bind-tables.json', import.meta.url), 'utf8'),
);
const SHORT = { success: 'Success', WSAEADDRINUSE: 'INUSE', WSAEACCES: 'ACCESS' };

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
  await page.screenshot({ path: `${ARTIFACTS}/explainer.png`, fullPage: true });
});

test('picking a scenario with the pickers', async ({ page }) => {
  await page.selectOption('#platform', 'windows-server-2003');
  await page.selectOption('#s0-options', 'reuseaddr');
  await page.selectOption('#s0-preset', '0.0.0.0');
  await page.selectOption('#s1-options', 'default');
  await page.selectOption('#s1-preset', '10.0.0.1');
  await page.selectOption('#s1-account', 'user-b');
  await expect(answer(page)).toContainText('WSAEACCES (10013)');
  await expect(answer(page)).toContainText('other-user-specific-under-wildcard');
  await expect(hit(page)).toHaveAttribute('data-row', 'reuseaddr/wildcard');
  await page.selectOption('#s1-account', 'user-a');
  await expect(answer(page)).toContainText('bind() succeeds');
  await expect(page.locator('figure:has(td.highlight)')).toHaveAttribute(
    'data-table', '2003_and_later_same_user');
  // Port table: before has one row, after adds the second socket.
  await expect(page.locator('#port-before tbody tr')).toHaveCount(1);
  await expect(page.locator('#port-after tr.added')).toContainText('socket 1');
});

test('port table marks the refused bind and the blocking row', async ({ page }) => {
  await expect(page.locator('#port-after tr.refused')).toContainText('WSAEACCES');
  await expect(page.locator('#port-after tr.blocking')).toContainText('blocks this bind');
  await expect(page.locator('#port-after tr.blocking')).toHaveAttribute('data-socket', '0');
});

test('every one of the 108 documented cells, clicked, gives the documented answer', async ({ page }) => {
  // Each choice scrolls up to the answer; without smooth scrolling the 108 clicks stay quick.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  let checked = 0;
  for (const [table, rows] of Object.entries(documented)) {
    for (const [row, cols] of Object.entries(rows)) {
      for (const [col, expected] of Object.entries(cols)) {
        const cell = page.locator(
          `figure[data-table="${table}"] td[data-row="${row}"][data-column="${col}"]`);
        await cell.locator('button').click();
        await expect(cell).toHaveClass(/highlight/);
        await expect(cell).toContainText(SHORT[expected]);
        const second = page.locator('#answer .verdict').first();
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
  await page.keyboard.press('ArrowRight'); // one tab stop per table; arrows move inside
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
  await page.selectOption('#s1-account', 'user-a');
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

// ---- Beyond the tables: evidence, dual-stack, delivery, timelines ----

async function loadExample(page, id) {
  await page.click('summary:has-text("Examples")');
  await page.click(`button[data-example="${id}"]`);
  await expect(page.locator('#step-label')).toContainText('Step 1 of');
}

test('dual-stack scenario: documented and tested answers side by side', async ({ page }) => {
  await loadExample(page, 'dual-stack');
  await page.click('#step-forward');
  await page.click('#step-forward');
  await expect(page.locator('#step-label')).toContainText('Step 3 of 5: bind socket 1');
  const v = page.locator('#answer .verdict').first();
  await expect(v).toHaveAttribute('data-evidence', 'tested-on-windows');
  await expect(v).toContainText('dual-stack-ipv4-side-unclaimed');
  await expect(v.locator('.compare .current .big')).toHaveText('success');
  await expect(v.locator('.compare .documented .big')).toHaveAttribute('data-documented', 'WSAEADDRINUSE');
  await expect(page.locator('#port-after tr.added')).toContainText('socket 1');
  await page.keyboard.press('End');
  await expect(page.locator('#answer .delivery')).toHaveAttribute('data-rule', 'dual-stack-ambiguous');
  await expect(page.locator('#port-after tr.maybe')).toHaveCount(2);
  await expect(page.locator('#port-after')).toContainText('? may receive it');
  await page.screenshot({ path: `${ARTIFACTS}/dual-stack.png`, fullPage: true });
});

test('exclusive dual-stack then IPv4: WSAEACCES tested, the article reads WSAEADDRINUSE', async ({ page }) => {
  await page.selectOption('#s0-preset', '::');
  await page.check('#s0-dual');
  await page.selectOption('#s1-preset', '0.0.0.0');
  await page.selectOption('#s1-account', 'user-a');
  const v = page.locator('#answer .verdict').first();
  await expect(v).toHaveAttribute('data-result', 'WSAEACCES');
  await expect(v).toContainText('dual-stack-exclusive-holds-ipv4');
  await expect(v.locator('[data-documented]')).toHaveAttribute('data-documented', 'WSAEADDRINUSE');
  await expect(v).toContainText('dlls/ws2_32/tests/sock.c');
});

test('disputed cell shows both answers', async ({ page }) => {
  await page.locator('figure[data-table="2003_and_later_same_user"] td[data-row="exclusiveaddruse/wildcard"][data-column="default/wildcard"] button').click();
  const v = page.locator('#answer .verdict').first();
  await expect(v).toHaveAttribute('data-evidence', 'disputed');
  await expect(v.locator('.alternative')).toHaveAttribute('data-alternative', 'WSAEACCES');
  await expect(v.locator('.alternative')).toContainText('Wine');
});

test('multicast delivery reaches every member', async ({ page }) => {
  await loadExample(page, 'multicast');
  for (let i = 0; i < 3; i++) await page.click('#step-forward');
  await expect(page.locator('#step-label')).toContainText('239.1.2.3');
  await expect(page.locator('#answer .delivery')).toHaveAttribute('data-rule', 'multicast-to-all-members');
  await expect(page.locator('#port-after tr.receives')).toHaveCount(2);
  await expect(page.locator('#port-after tr.receives .packet')).toHaveCount(2);
  await page.click('#step-forward');
  await expect(page.locator('#answer .delivery')).toHaveAttribute('data-rule', 'shared-address-indeterminate');
  await expect(page.locator('#answer')).toContainText('?');
});

test('a five-step timeline stepped forward and back', async ({ page }) => {
  await loadExample(page, 'lingering');
  const label = page.locator('#step-label');
  const expected = ['bind socket 0', 'listen on socket 0', 'close socket 0 (a connection lingers)', 'bind socket 1', "socket 0's lingering connection ends"];
  for (let i = 0; i < 5; i++) {
    await expect(label).toContainText(`Step ${i + 1} of 5: ${expected[i]}`);
    if (i < 4) await page.click('#step-forward');
  }
  await expect(page.locator('#step-forward')).toBeDisabled();
  await page.click('#step-back');
  await expect(label).toContainText('Step 4 of 5');
  const v = page.locator('#answer .verdict').first();
  // Two independent reports (trio#928, bitcoin#36169) decide current Windows; the article's
  // WSAEADDRINUSE is still shown.
  await expect(v).toHaveAttribute('data-result', 'success');
  await expect(v).toHaveAttribute('data-evidence', 'reports');
  await expect(v).toContainText('WSAEADDRINUSE');
  await expect(v).toContainText('SD_SEND');
  await expect(page.locator('#port-after tr.lingering')).toHaveCount(1);
  await page.keyboard.press('ArrowLeft');
  await expect(label).toContainText('Step 3 of 5');
  await expect(page.locator('#port-before tr[data-socket="0"]')).toContainText('listening');
  await page.keyboard.press('Home');
  await expect(label).toContainText('Step 1 of 5');
  await expect(page.locator('#step-back')).toBeDisabled();
});

test('timeline editing: add a send step and a socket, bad destination keeps state', async ({ page }) => {
  await page.selectOption('#s0-options', 'reuseaddr');
  await page.selectOption('#s1-options', 'reuseaddr');
  await page.selectOption('#s1-preset', '0.0.0.0');
  await page.selectOption('#s1-account', 'user-a');
  await page.selectOption('#protocol', 'udp');
  await page.click('#add-send');
  await expect(page.locator('#step-label')).toContainText('Step 3 of 3');
  const to = page.locator('li.step[data-step="2"] input.to');
  await to.fill('nope');
  await expect(page.locator('li.step[data-step="2"] .field-error')).toContainText('not an IP address');
  await to.fill('10.0.0.1');
  await expect(page.locator('#answer .delivery')).toHaveAttribute('data-rule', 'shared-address-indeterminate');
  await page.click('#add-socket');
  await expect(page.locator('#step-label')).toContainText('of 4');
});

test('starting from an error code: mark every documented cell that gives WSAEACCES', async ({ page }) => {
  await page.selectOption('#find-result', 'WSAEACCES');
  const expected = Object.values(documented)
    .flatMap((rows) => Object.values(rows).flatMap((cols) => Object.values(cols)))
    .filter((r) => r === 'WSAEACCES').length;
  await expect(page.locator('td.found')).toHaveCount(expected);
  await expect(page.locator('#find-count')).toContainText(`${expected}`);
  await expect(page.locator('td.found').first()).toContainText('●');
  await page.selectOption('#find-result', '');
  await expect(page.locator('td.found')).toHaveCount(0);
});
