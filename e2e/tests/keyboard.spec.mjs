// Keyboard use of the page: each documented table is one tab stop with arrow keys inside, a
// skip link to the answer, choosing a cell brings the changed answer into view, and removing a
// socket keeps the focus on a sensible control.
import { test, expect } from '@playwright/test';

test.beforeEach(async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('/?lang=en');
  await expect(page.locator('#answer .verdict').first()).toBeVisible();
});

const focused = (page) => page.evaluate(() => {
  const e = document.activeElement;
  return e && e !== document.body
    ? { id: e.id, label: e.getAttribute('aria-label') || '', r: e.dataset.r, c: e.dataset.c, table: e.closest('figure')?.dataset.table, text: e.textContent.trim() }
    : null;
});

const inViewport = (locator) => locator.evaluate((e) => {
  const r = e.getBoundingClientRect();
  return r.top > -2 && r.top < innerHeight; // scrolled to the top lands a fraction of a px above 0
});

test('few Tab presses reach "Copy link" (each table is one stop)', async ({ page }) => {
  let presses = 0;
  for (; presses < 200; presses++) {
    await page.keyboard.press('Tab');
    if ((await focused(page))?.id === 'copy-link') break;
  }
  presses += 1;
  console.log(`Tab presses from the page start to "Copy link": ${presses}`);
  // 45 before each socket got its Runtime picker (one stop per socket; two sockets here).
  expect(presses).toBeLessThanOrEqual(47);
  for (const t of ['xp_and_earlier', '2003_and_later_same_user', '2003_and_later_different_user']) {
    await expect(page.locator(`figure[data-table="${t}"] button[tabindex="0"]`)).toHaveCount(1);
    await expect(page.locator(`figure[data-table="${t}"] button[tabindex="-1"]`)).toHaveCount(35);
  }
});

test('the skip link is the first stop and goes to the answer', async ({ page }) => {
  await page.keyboard.press('Tab');
  const first = page.locator('a.skip-link');
  await expect(first).toBeFocused();
  await expect(first).toBeVisible();
  await expect(first).toHaveText('Skip to the answer');
  await page.keyboard.press('Enter');
  expect(await inViewport(page.locator('#answer-title'))).toBe(true);
});

test('arrow keys move within a table; Tab leaves it; the timeline keys are not taken over', async ({ page }) => {
  const stepLabel = await page.locator('#step-label').textContent();
  const table = page.locator('figure[data-table="xp_and_earlier"]');
  await table.locator('button[tabindex="0"]').focus();
  expect(await focused(page)).toMatchObject({ table: 'xp_and_earlier', r: '0', c: '0' });
  await page.keyboard.press('ArrowRight');
  expect(await focused(page)).toMatchObject({ table: 'xp_and_earlier', r: '0', c: '1' });
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  expect(await focused(page)).toMatchObject({ table: 'xp_and_earlier', r: '2', c: '1' });
  await page.keyboard.press('End');
  expect(await focused(page)).toMatchObject({ r: '2', c: '5' });
  await page.keyboard.press('ArrowRight'); // stays at the edge
  expect(await focused(page)).toMatchObject({ r: '2', c: '5' });
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowLeft');
  expect(await focused(page)).toMatchObject({ r: '2', c: '0' });
  await page.keyboard.press('Control+End');
  expect(await focused(page)).toMatchObject({ r: '5', c: '5' });
  await expect(page.locator('#step-label')).toHaveText(stepLabel);
  // The focused cell is now the table's one tab stop.
  await expect(table.locator('button[tabindex="0"]')).toHaveAttribute('data-r', '5');
  // Tab goes to the next table, not the next cell.
  await page.keyboard.press('Tab');
  expect((await focused(page)).table).toBe('2003_and_later_same_user');
  await page.keyboard.press('Shift+Tab');
  expect(await focused(page)).toMatchObject({ table: 'xp_and_earlier', r: '5', c: '5' });
});

test('Enter chooses a cell and brings the changed answer into view', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const table = page.locator('figure[data-table="2003_and_later_same_user"]');
  await table.locator('button[tabindex="0"]').focus();
  // default/wildcard row, reuseaddr/wildcard column.
  await page.keyboard.press('Home');
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  const label = (await focused(page)).label;
  expect(label).toMatch(/Default Wildcard.*SO_REUSEADDR Wildcard/);
  expect(await inViewport(page.locator('#answer-title'))).toBe(false);
  await page.keyboard.press('Enter');
  await expect(page.locator('#answer')).toContainText('WSAEACCES (10013)');
  await expect(page.locator('#answer')).toContainText('reuse-needs-first-consent');
  await expect.poll(() => inViewport(page.locator('#answer-title'))).toBe(true);
  const cell = table.locator('td[data-row="default/wildcard"][data-column="reuseaddr/wildcard"]');
  await expect(cell).toHaveClass(/highlight/);
  await expect(cell.locator('button')).toHaveAttribute('aria-current', 'true');
  await expect(cell.locator('button')).toBeFocused();
  // Mouse users get the same.
  await page.locator('#copy-link').scrollIntoViewIfNeeded();
  const other = table.locator('td[data-row="exclusiveaddruse/wildcard"][data-column="default/wildcard"]');
  await other.locator('button').click();
  await expect(other).toHaveClass(/highlight/);
  await expect(page.locator('#answer .verdict').first()).toHaveAttribute('data-result', await other.getAttribute('data-result'));
  await expect.poll(() => inViewport(page.locator('#answer-title'))).toBe(true);
});

test('removing a socket keeps the focus on a remove button or "add socket"', async ({ page }) => {
  await page.click('#add-socket');
  await expect(page.locator('#s2-remove')).toBeVisible();
  await page.focus('#s2-remove');
  await page.keyboard.press('Enter');
  await expect(page.locator('#s2-remove')).toHaveCount(0);
  await expect(page.locator('#s1-remove')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('.socket-editor')).toHaveCount(1);
  await expect(page.locator('#add-socket')).toBeFocused();
});
