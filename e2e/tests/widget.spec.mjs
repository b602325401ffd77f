// The widget where documentation lives: the README's "Embed it" snippet, pasted into a page on
// a second origin, against dist/ served by a plain static server (python3 -m http.server: no
// CORS, no CSP header) and by one that sends both; styles inside the frame, the answer in the
// frame's first 600 px, the height messages; sections=; the "open the full page" link; the
// loading line and the message saying why when the program cannot load.
import { test, expect } from '@playwright/test';
import { ARTIFACTS } from '../shared.mjs';
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const CSP = readFileSync(new URL('../../dist/csp.txt', import.meta.url), 'utf8').trim();
const HOST = 'http://127.0.0.1:8182';
const PLAIN = 'http://127.0.0.1:8183/'; // python3 -m http.server
const CORS = 'http://127.0.0.1:8181/'; // sends Access-Control-Allow-Origin: * and the CSP
const DOCS = 'https://docs.example/sockbind/'; // the README's placeholder address
// Host pages are written here and served by the host server (a real server: Chromium's local
// network checks refuse a frame on 127.0.0.1 inside a page that did not come from the network).
const GENERATED = new URL('../host/generated/', import.meta.url).pathname;
mkdirSync(GENERATED, { recursive: true });

// The README's snippet, exactly as written there.
const SNIPPET = (() => {
  const section = README.slice(README.indexOf('## Embed it'));
  const html = section.match(/```html\n([\s\S]*?)```/);
  if (!html) throw new Error('no html snippet in the README "Embed it" section');
  return html[1];
})();

// A documentation page on HOST with the snippet, its src moved from the placeholder to `base`
// (and, if given, another file and query).
let pages = 0;
async function openHost(page, base, file) {
  let snippet = SNIPPET.replaceAll(DOCS, base);
  if (file) snippet = snippet.replace(/src="[^"]*"/, `src="${base}${file}"`);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Docs page</title></head>
<body><h1>Binding ports on Windows</h1><p>The widget below comes from another origin.</p>
${snippet}
<p id="after">Text after the widget.</p></body></html>`;
  const name = `docs-${process.pid}-${++pages}.html`;
  writeFileSync(`${GENERATED}${name}`, html);
  await page.addInitScript(() => {
    window.__heights = [];
    window.addEventListener('message', (e) => {
      if (e.data && e.data.type === 'sockbind:resize') window.__heights.push(e.data.height);
    });
  });
  await page.goto(`${HOST}/generated/${name}`);
  return { el: page.locator('#sockbind'), frame: page.frameLocator('#sockbind') };
}

// Computed styles inside the frame: the stylesheet applied (not the browser's serif default).
async function expectStyled(frame) {
  const font = await frame.locator('body').evaluate((b) => getComputedStyle(b).fontFamily);
  expect(font).toContain('system-ui');
  const verdict = frame.locator('#answer .verdict').first();
  await expect(verdict).toBeVisible();
  const v = await verdict.evaluate((e) => {
    const s = getComputedStyle(e);
    return { border: s.borderTopWidth, radius: s.borderTopLeftRadius, bg: s.backgroundColor };
  });
  expect(v.border).toBe('2px');
  expect(v.radius).not.toBe('0px');
  expect(v.bg).not.toBe('rgba(0, 0, 0, 0)');
}

// Where the answer sits in the frame, in CSS px from the frame's top.
async function answerTop(page, el, frame) {
  const box = await el.boundingBox();
  const answer = await frame.locator('section.answer').boundingBox();
  return answer.y - box.y;
}

test.describe('the README snippet on another origin', () => {
  test('offline file from a plain static server (no headers): styled, answer first, resizing', async ({ page }) => {
    expect(SNIPPET).toContain('sockbind-offline.html?embed=1');
    expect(SNIPPET).toMatch(/sandbox="allow-scripts allow-popups[^"]*"/);
    const errors = [];
    page.on('console', (m) => m.type() === 'error' && !m.location().url.endsWith('/favicon.ico') && errors.push(`${m.text()} ${m.location().url}`));
    const { el, frame } = await openHost(page, PLAIN);
    await expect(frame.locator('main.embed')).toBeVisible();
    await expectStyled(frame);
    const top = await answerTop(page, el, frame);
    expect(top).toBeLessThan(200);
    // The verdict's headline and its first lines of reason are in the frame's first 600 px.
    const headline = await frame.locator('#answer .verdict .headline').first().boundingBox();
    const headlineEnd = headline.y + headline.height - (await el.boundingBox()).y;
    expect(headlineEnd).toBeLessThan(400);
    // Height messages arrive and the host fits the frame to them.
    await expect.poll(() => page.evaluate(() => window.__heights.length)).toBeGreaterThan(0);
    const last = await page.evaluate(() => window.__heights.at(-1));
    await expect.poll(async () => Math.round((await el.boundingBox()).height)).toBe(Math.ceil(last));
    expect((await el.boundingBox()).width).toBeLessThanOrEqual(600);
    // Still resizing after a change inside.
    const before = (await el.boundingBox()).height;
    await frame.locator('#add-socket').click();
    await expect.poll(async () => (await el.boundingBox()).height).toBeGreaterThan(before);
    test.info().annotations.push({ type: 'figures', description: `answer at ${Math.round(top)} px in the frame; frame ${Math.round(before)} px high at 600 px wide` });
    console.log(`widget (offline file, plain server): answer at ${Math.round(top)} px, headline ends at ${Math.round(headlineEnd)} px, height ${Math.round(before)} px`);
    await page.screenshot({ path: `${ARTIFACTS}/embedded-readme-snippet.png`, fullPage: true });
    expect(errors).toEqual([]);
  });

  test('the served page (index.html?embed=1) from a server with CORS and the CSP: styled too', async ({ page }) => {
    const violations = [];
    page.on('console', (m) => m.type() === 'error' && /Content Security Policy|Subresource Integrity|CORS/i.test(m.text()) && violations.push(m.text()));
    const { el, frame } = await openHost(page, CORS, '?embed=1');
    await expect(frame.locator('main.embed')).toBeVisible();
    await expectStyled(frame);
    expect(await answerTop(page, el, frame)).toBeLessThan(200);
    await expect.poll(() => page.evaluate(() => window.__heights.length)).toBeGreaterThan(0);
    await expect.poll(async () => (await el.boundingBox()).height).toBeGreaterThan(600);
    expect(violations).toEqual([]);
  });

  test('the served page from a plain server cannot load in the sandbox, and says why (styled, not blank)', async ({ page }) => {
    const { frame } = await openHost(page, PLAIN, 'index.html?embed=1');
    const boot = frame.locator('#boot.failed');
    await expect(boot).toBeVisible();
    await expect(boot).toHaveAttribute('role', 'alert');
    await expect(boot).toContainText('sockbind could not start');
    await expect(boot).toContainText('Access-Control-Allow-Origin');
    await expect(boot).toContainText('sockbind-offline.html?embed=1');
    const border = await boot.evaluate((e) => getComputedStyle(e).borderTopWidth);
    expect(border).toBe('2px');
    await page.screenshot({ path: `${ARTIFACTS}/embedded-no-cors-message.png` });
  });
});

test.describe('what the widget shows', () => {
  test('sections= picks the parts; an unknown name gives a notice', async ({ page }) => {
    const { frame } = await openHost(page, PLAIN, 'sockbind-offline.html?embed=1&sections=answer');
    await expect(frame.locator('#answer .verdict').first()).toBeVisible();
    await expect(frame.locator('.controls')).toHaveCount(0);
    await expect(frame.locator('.timeline')).toHaveCount(0);
    await expect(frame.locator('.tables')).toHaveCount(0);
    await expect(frame.locator('.open-full')).toBeVisible();
    // It shrinks to fit (below the snippet's starting 600 px).
    await expect.poll(() => page.evaluate(() => window.__heights.at(-1) || 0)).toBeLessThan(600);
    await expect.poll(async () => (await page.locator('#sockbind').boundingBox()).height).toBeLessThan(600);

    await page.goto(`${PLAIN}sockbind-offline.html?embed=1&sections=tables,pickers,nope&lang=en`);
    await expect(page.locator('.tables')).toBeVisible();
    await expect(page.locator('.controls')).toBeVisible();
    await expect(page.locator('section.answer')).toHaveCount(0);
    await expect(page.locator(".link-notice")).toContainText("sections");
    await expect(page.locator(".link-notice")).toContainText("not a part of the widget");
    // The page keeps its own order whatever the list's order.
    const order = await page.evaluate(() => [...document.querySelectorAll('main > *')].map((e) => e.className.split(' ')[0]));
    expect(order.indexOf('controls')).toBeLessThan(order.indexOf('tables'));
  });

  test('"Open the full page" opens the same scenario without embed, in a new tab', async ({ page, context }) => {
    const { frame } = await openHost(page, PLAIN, 'sockbind-offline.html?embed=1&sections=answer&lang=en');
    const link = frame.locator('a.open-full');
    await expect(link).toHaveAttribute('target', '_blank');
    const href = await link.getAttribute('href');
    expect(href.startsWith(`${PLAIN}sockbind-offline.html?v=1&`)).toBe(true);
    expect(href).not.toContain('embed=');
    expect(href).not.toContain('sections=');
    const [popup] = await Promise.all([context.waitForEvent('page'), link.click()]);
    await expect(popup.locator('#answer .verdict').first()).toBeVisible();
    await expect(popup.locator('main')).not.toHaveClass(/embed/);
    await expect(popup.locator('.page-header')).toBeVisible();
  });
});

test.describe('before the program runs', () => {
  test('a loading line shows while the wasm loads', async ({ page }) => {
    let release;
    const gate = new Promise((r) => { release = r; });
    await page.route(/_bg\.wasm$/, async (route) => { await gate; await route.continue(); });
    await page.goto(`${CORS}?lang=en`);
    await expect(page.locator('#boot')).toBeVisible();
    await expect(page.locator('#boot')).toHaveText('Loading sockbind…');
    release();
    await expect(page.locator('#answer .verdict').first()).toBeVisible();
    await expect(page.locator('#boot')).toHaveCount(0);
  });

  test('the wasm cannot be fetched: a visible message, not a blank page', async ({ page }) => {
    await page.route(/_bg\.wasm$/, (route) => route.abort('failed'));
    await page.goto(CORS);
    await expect(page.locator('#boot.failed')).toBeVisible();
    await expect(page.locator('#boot')).toContainText('sockbind could not start');
    await expect(page.locator('#boot')).toContainText(/Failed to fetch|Error/);
  });

  test('a policy that forbids WebAssembly: the message names the Content-Security-Policy', async ({ page }) => {
    const strict = CSP.replace(" 'wasm-unsafe-eval'", '');
    await page.route(`${CORS}`, async (route) => {
      const response = await route.fetch();
      const body = (await response.text()).replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
      await route.fulfill({ response, body, headers: { ...response.headers(), 'content-security-policy': strict } });
    });
    await page.goto(CORS);
    await expect(page.locator('#boot.failed')).toBeVisible();
    await expect(page.locator('#boot')).toContainText(/Content.Security.Policy/);
  });
});
