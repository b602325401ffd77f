// Shipping it where it is used: links, the embedded widget under a strict CSP in a sandboxed
// iframe on another origin, the single-file offline page from file://, both languages,
// accessibility (axe-core), keyboard-only use, the presenter view and printing.
import { test, expect } from '@playwright/test';
import { ARTIFACTS, AXE, OFFLINE, openOffline } from '../shared.mjs';
import { readFileSync, statSync } from 'node:fs';

const LINKS = readFileSync(new URL('../../core/tests/fixtures/urls-v1.txt', import.meta.url), 'utf8')
  .split('\n').filter(Boolean);
const EXPECTED = JSON.parse(readFileSync(new URL('../../core/tests/fixtures/urls-v1.expected.json', import.meta.url), 'utf8'));

// Records CSP violations in every frame of every page.
async function watchCsp(context) {
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
}
const violations = (frame) => frame.evaluate(() => window.__violations || []);

async function axe(page, label) {
  await page.evaluate(AXE);
  const result = await page.evaluate(() => axe.run(document, { resultTypes: ['violations'] }));
  const summary = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
  expect(summary, `axe violations in ${label}`).toEqual([]);
}

test.describe('links', () => {
  test('every example link of version 1 loads the same scenario', async ({ page }) => {
    for (const [i, link] of LINKS.entries()) {
      await page.goto(`/${link}`);
      await expect(page.locator('#answer .verdict').first()).toBeVisible();
      if (link.includes('embed=1')) {
        await expect(page.locator('main.embed')).toBeVisible();
        continue; // embed mode has no export panel; the core test checks the scenario
      }
      // The JSON is written only while its panel is open.
      await page.click('details.export summary');
      await expect(page.locator('#scenario-json')).not.toBeEmpty();
      const json = JSON.parse(await page.locator('#scenario-json').textContent());
      expect(json, link).toEqual(EXPECTED[i].scenario);
      await expect(page.locator('.notice')).toBeEmpty();
      await expect(page.locator('.link-notice')).toHaveCount(0);
      if (EXPECTED[i].step !== null) {
        await expect(page.locator('#step-label')).toContainText(`${EXPECTED[i].step + 1}`);
      }
    }
  });

  test('the page writes the link as you change things, and copies it', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto('/');
    await page.selectOption('#platform', 'windows-server-2008');
    await page.selectOption('#s1-options', 'reuseaddr');
    await expect.poll(() => page.evaluate(() => location.search)).toContain('platform=windows-server-2008');
    expect(await page.evaluate(() => location.search)).toContain('s1.opt=SO_REUSEADDR');
    await page.click('#copy-link');
    await expect(page.locator('.share-status')).toContainText('Link copied');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(await page.locator('#share-url').inputValue());
    // The copied link restores the same page in a fresh tab.
    const other = await context.newPage();
    await other.goto(copied);
    await expect(other.locator('#platform')).toHaveValue('windows-server-2008');
    await expect(other.locator('#s1-options')).toHaveValue('reuseaddr');
  });

  test('a reload after a change keeps the scenario (the link is written once the page is quiet)', async ({ page }) => {
    await page.goto('/?lang=en');
    await page.selectOption('#platform', 'windows-xp');
    await page.selectOption('#s1-preset', '0.0.0.0');
    await expect.poll(() => page.evaluate(() => location.search)).toContain('platform=windows-xp');
    await page.reload();
    await expect(page.locator('#platform')).toHaveValue('windows-xp');
    await expect(page.locator('#s1-preset')).toHaveValue('0.0.0.0');
    await expect(page.locator('main')).toHaveAttribute('data-ready', 'true');
  });

  test('a burst of changes writes the address bar once, after it ends', async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('#answer .verdict').first()).toBeVisible();
    const writes = await page.evaluate(async () => {
      let n = 0;
      const replace = history.replaceState.bind(history);
      history.replaceState = (...a) => { n++; return replace(...a); };
      for (const [sel, value] of [['#platform', 'windows-xp'], ['#s0-options', 'default'], ['#s1-preset', '0.0.0.0']]) {
        const el = document.querySelector(sel);
        el.value = value;
        el.dispatchEvent(new Event('change', { bubbles: true }));
        await new Promise((r) => setTimeout(r, 20));
      }
      const during = n;
      await new Promise((r) => setTimeout(r, 1000));
      return { during, after: n };
    });
    expect(writes).toEqual({ during: 0, after: 1 });
    const search = await page.evaluate(() => location.search);
    for (const part of ['platform=windows-xp', 's0.opt=none', 's1.addr=0.0.0.0']) expect(search).toContain(part);
  });

  test('a hostile link loads what it can and says what it ignored', async ({ page }) => {
    await page.goto('/?platform=%3Cscript%3Ealert(1)%3C%2Fscript%3E&s0.addr=%22%3E%3Cimg%20src%3Dx%3E&s0.opt=SO_REUSEADDR&steps=bind~99&step=-4&lang=xx&s999999.addr=1');
    await expect(page.locator('#answer .verdict').first()).toBeVisible();
    const notice = page.locator('.link-notice');
    for (const p of [
      'platform = “<script>alert(1)</script>”: unknown platform; used windows-7 instead',
      's0.addr = “\\"><img src=x>”: not an IP address; used 0.0.0.0 instead',
      'steps = “bind~99”: this step names a socket the link does not have',
      'step = “-4”: no such step; showing the last step',
      'lang = “xx”: unknown language',
      's999999.addr = “1”: links and the page hold at most 8 sockets',
    ]) {
      await expect(notice).toContainText(p);
    }
    // Near the top: above the pickers and the answer.
    const noticeTop = (await notice.boundingBox()).y;
    expect(noticeTop).toBeLessThan((await page.locator('#platform').boundingBox()).y);
    expect(noticeTop).toBeLessThan((await page.locator('#answer').boundingBox()).y);
    await expect(page.locator('#s0-options')).toHaveValue('reuseaddr');
    await expect(page.locator('img[src="x"]')).toHaveCount(0);
  });
});

test.describe('embedding', () => {
  test('the widget in a sandboxed iframe on another origin resizes and stays interactive, with no CSP violations', async ({ page, context }) => {
    await watchCsp(context);
    await page.goto('http://127.0.0.1:8182/');
    const frameEl = page.locator('#sockbind');
    await expect(frameEl).toHaveAttribute('sandbox', 'allow-scripts');
    const frame = page.frameLocator('#sockbind');
    await expect(frame.locator('#answer .verdict').first()).toBeVisible();
    await expect(frame.locator('main.embed')).toBeVisible();
    await expect(frame.locator('.page-header')).toHaveCount(0);
    // The host resized the iframe to the widget's height (it starts at 300 px).
    await expect.poll(async () => (await frameEl.boundingBox()).height).toBeGreaterThan(800);
    const inner = await page.frames()[1].evaluate(() => document.documentElement.scrollHeight);
    const outer = (await frameEl.boundingBox()).height;
    expect(Math.abs(inner - outer)).toBeLessThan(4);
    // It fits 600 px without sideways scrolling of the page.
    expect((await frameEl.boundingBox()).width).toBeLessThanOrEqual(602);
    // Interactive: change a picker inside the widget.
    await frame.locator('#s1-account').selectOption('user-a');
    await frame.locator('#s0-options').selectOption('default');
    await expect(frame.locator('#answer')).toContainText('bind() succeeds');
    const before = (await frameEl.boundingBox()).height;
    await frame.locator('#add-socket').click();
    await expect.poll(async () => (await frameEl.boundingBox()).height).toBeGreaterThan(before);
    await page.screenshot({ path: `${ARTIFACTS}/embedded.png`, fullPage: true });
    for (const f of page.frames()) expect(await violations(f), f.url()).toEqual([]);
  });

  test('the page itself runs under the strict CSP with no violations', async ({ page, context }) => {
    await watchCsp(context);
    const response = await page.goto('/');
    const header = response.headers()['content-security-policy'];
    expect(header).toMatch(/^default-src 'self'; script-src 'self' 'wasm-unsafe-eval'( 'sha256-[A-Za-z0-9+/=]+'){2}; style-src 'self'$/); // Trunk's loader and the boot script
    await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveAttribute('content', header);
    await expect(page.locator('#answer .verdict').first()).toBeVisible();
    await page.selectOption('#lang', 'zh-TW');
    await page.click('summary:has-text("課堂範例")');
    await page.click('button[data-example="multicast"]');
    await page.keyboard.press('End');
    await expect(page.locator('#answer')).toContainText('?');
    expect(await violations(page)).toEqual([]);
  });
});

test.describe('offline', () => {
  test('the single-file page works from file:// with the network blocked, and requests nothing', async ({ browser }) => {
    const { context, page, errors, others } = await openOffline(browser);
    await expect(page.locator('#answer .verdict').first()).toContainText('WSAEACCES (10013)');
    await page.selectOption('#platform', 'windows-xp');
    await page.selectOption('#s1-options', 'reuseaddr');
    await expect(page.locator('#answer .verdict').first()).toContainText('legacy-exclusive-refuses-reuse');
    await page.selectOption('#lang', 'zh-TW');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-TW');
    expect(others(), 'requests other than the file itself').toEqual([]);
    expect(errors).toEqual([]);
    console.log(`offline page: ${(statSync(OFFLINE).size / 1024).toFixed(0)} KB`);
    await context.close();
  });
});

test.describe('languages', () => {
  test('lang= and the browser language choose the language; html lang follows; no key is missing', async ({ browser }) => {
    const zh = await browser.newContext({ locale: 'zh-TW' });
    const page = await zh.newPage();
    await page.goto('http://127.0.0.1:8181/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-TW');
    await expect(page.locator('#answer')).toContainText('通訊端');
    await expect(page.locator('#answer')).toContainText('WSAEACCES');
    expect(await page.locator('body').textContent()).not.toContain('⟦');
    await page.goto('http://127.0.0.1:8181/?lang=en');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.locator('#answer')).toContainText('socket');
    await zh.close();
  });
});

const VIEWS = [
  ['default', '/'],
  ['presenter', '/?view=presenter'],
  ['embed', '/?embed=1'],
  ['timeline with delivery', `/${LINKS[2]}`],
  ['lingering (reports)', `/${LINKS[4]}`],
  ['multicast', `/${LINKS[3]}`],
];

test.describe('accessibility', () => {
  for (const lang of ['en', 'zh-TW']) {
    for (const [name, path] of VIEWS) {
      test(`axe: ${name} in ${lang}`, async ({ page }) => {
        // Checked at rest: mid-animation rows are semi-transparent on purpose.
        await page.emulateMedia({ reducedMotion: 'reduce' });
        const sep = path.includes('?') ? '&' : '?';
        await page.goto(`${path}${sep}lang=${lang}`);
        await expect(page.locator('#answer .verdict').first()).toBeVisible();
        await expect(page.locator('html')).toHaveAttribute('lang', lang);
        expect(await page.locator('body').textContent()).not.toContain('⟦');
        await axe(page, `${name} (${lang})`);
      });
    }
  }

  test('keyboard only: every control reachable, focus always visible, a whole scenario walked', async ({ page }) => {
    await page.goto('/?lang=en');
    await expect(page.locator('#answer .verdict').first()).toBeVisible();
    // Key every element by its position in the document, so equal labels do not collide.
    const keyOf = () => {
      window.__keyOf = (el) => `${[...document.querySelectorAll('*')].indexOf(el)}:${el.tagName}:${el.id || el.getAttribute('aria-label') || el.textContent.trim().slice(0, 30)}`;
    };
    await page.evaluate(keyOf);
    const reached = new Set();
    let first = null;
    for (let i = 0; i < 600; i++) {
      await page.keyboard.press('Tab');
      const info = await page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        const style = getComputedStyle(el);
        return {
          key: window.__keyOf(el),
          visible: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
        };
      });
      if (!info) continue;
      expect(info.visible, `focus visible on ${info.key}`).toBe(true);
      if (info.key === first) break; // went all the way round
      first ??= info.key;
      reached.add(info.key);
    }
    const controls = await page.evaluate(() =>
      [...document.querySelectorAll('main select, main input, main button, main summary, header select, header button')]
        // Table cells are reached with arrow keys (one tab stop per table; keyboard.spec.mjs).
        .filter((e) => !e.disabled && e.checkVisibility() && e.tabIndex >= 0)
        .map((e) => window.__keyOf(e)));
    expect(controls.length).toBeGreaterThan(30);
    const missing = controls.filter((c) => !reached.has(c));
    expect(missing, 'controls never reached by Tab').toEqual([]);

    // Walk a scenario with the keyboard alone.
    await page.focus('#s1-account');
    await page.keyboard.press('ArrowUp'); // user-b -> user-a
    await page.focus('#s0-options');
    await page.keyboard.press('ArrowUp'); // exclusiveaddruse -> reuseaddr
    await page.keyboard.press('ArrowUp'); // reuseaddr -> default
    await expect(page.locator('#answer')).toContainText('bind() succeeds');
    await page.focus('figure[data-table="xp_and_earlier"] td[data-row="default/wildcard"][data-column="reuseaddr/wildcard"] button');
    await page.keyboard.press('Enter');
    await expect(page.locator('#platform')).toHaveValue('windows-xp');
    await expect(page.locator('.notice')).toContainText('Switched the platform');
    await expect(page.locator('#answer .verdict').first()).toContainText('legacy-reuse-forces-share');
    await page.focus('#step-back');
    await page.keyboard.press('Enter');
    await expect(page.locator('#step-label')).toContainText('Step 1 of 2');
    await page.keyboard.press('ArrowRight');
    await expect(page.locator('#step-label')).toContainText('Step 2 of 2');
  });
});

test.describe('layout', () => {
  for (const [name, path, width] of [['phone', '/?lang=en', 390], ['phone zh-TW', '/?lang=zh-TW', 390], ['widget', '/?embed=1&lang=en', 600], ['widget timeline', `/${LINKS[2]}&embed=1`, 600]]) {
    test(`no sideways scrolling: ${name} at ${width} px`, async ({ page }) => {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(path);
      await expect(page.locator('#answer .verdict').first()).toBeVisible();
      const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      expect(scroll).toBeLessThanOrEqual(inner);
    });
  }
});

test.describe('presenter and print', () => {
  test('presenter view: large type, high contrast, arrow keys step the timeline', async ({ page }) => {
    await page.goto(`/${LINKS[4].replace('&view=presenter', '')}&view=presenter&lang=en`);
    await expect(page.locator('main.presenter')).toBeVisible();
    const size = await page.locator('main').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    expect(size).toBeGreaterThanOrEqual(20);
    await expect(page.locator('#step-label')).toContainText('Step 4 of 5');
    await page.keyboard.press('ArrowRight');
    await expect(page.locator('#step-label')).toContainText('Step 5 of 5');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect(page.locator('#step-label')).toContainText('Step 3 of 5');
    await page.click('#presenter');
    await expect(page.locator('main.presenter')).toHaveCount(0);
    await expect.poll(() => page.evaluate(() => location.search)).not.toContain('view=presenter');
    await page.screenshot({ path: `${ARTIFACTS}/presenter.png` });
  });

  test('print: scenario, answer and highlighted table on one page', async ({ page }) => {
    await page.goto('/?lang=en');
    await expect(page.locator('#answer .verdict').first()).toBeVisible();
    await page.emulateMedia({ media: 'print', reducedMotion: 'reduce' });
    await expect(page.locator('.bind-table.applies')).toBeVisible();
    await expect(page.locator('.bind-table:not(.applies)')).toHaveCount(2);
    for (const t of await page.locator('.bind-table:not(.applies)').all()) await expect(t).toBeHidden();
    await expect(page.locator('.troubleshoot')).toBeHidden();
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
    expect(pages).toBe(1);
  });
});
