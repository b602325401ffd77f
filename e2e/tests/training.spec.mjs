// Training: the built-in course taken by keyboard in class mode (presenter view, predict first)
// in both languages with a scripted mix of right and wrong answers, scored; the expected
// answers come from the CLI (`sockbind lesson show --builtin course`, computed by the core),
// never from this file. Also: predict mode hides the answer until it is revealed, progress
// survives a reload (and a frame that refuses storage is told so), a lesson file with a bad
// field shows the core's error naming it, and the pages are axe clean.
import { test, expect } from '@playwright/test';
import { AXE, OFFLINE, openOffline } from '../shared.mjs';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

const ROOT = new URL('../../', import.meta.url).pathname;

/** The course's computed answers (choice ids), in order, from the CLI. */
let expected;
test.beforeAll(() => {
  execFileSync('cargo', ['build', '-q', '-p', 'sockbind-cli'], { cwd: ROOT, stdio: 'inherit' });
  const out = execFileSync(`${ROOT}target/debug/sockbind`, ['lesson', 'show', '--builtin', 'course'], { encoding: 'utf8' });
  expected = [...out.matchAll(/^\s+answer: .* \[([^\]]+)\] \(rule /gim)].map((m) => m[1]);
  expect(expected.length, 'the course has 10 to 14 questions').toBeGreaterThanOrEqual(10);
  expect(expected.length).toBeLessThanOrEqual(14);
});

async function axe(page, label) {
  await page.evaluate(AXE);
  const result = await page.evaluate(() => axe.run(document, { resultTypes: ['violations'] }));
  const summary = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
  expect(summary, `axe violations in ${label}`).toEqual([]);
}

const hiddenWhilePending = ['#answer', '#drawing', '#port-title', '.tables', '.export', '.steps .mark'];

for (const lang of ['en', 'zh-TW']) {
  test(`the whole course by keyboard in class mode, scored (${lang})`, async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(`/?lang=${lang}&view=presenter&lesson=course`);
    const status = page.locator('#lesson-status');
    await expect(status).toHaveAttribute('data-question', '0');
    const title = await page.title();
    let right = 0;
    const missed = [];
    for (let i = 0; i < expected.length; i++) {
      await expect(status).toHaveAttribute('data-question', String(i));
      await expect(page.locator('main')).toHaveClass(/predicting/);
      for (const sel of hiddenWhilePending) await expect(page.locator(sel).first()).toBeHidden();
      expect(await page.title(), 'the title never gives the answer').toBe(title);
      const ids = await page.locator('.predict button.choice').evaluateAll((bs) => bs.map((b) => b.dataset.choice));
      const want = ids.indexOf(expected[i]);
      expect(want, `question ${i + 1} offers the computed answer ${expected[i]}`).toBeGreaterThanOrEqual(0);
      // Scripted mix: every third question (2nd, 5th, …) answered wrongly on purpose.
      const wrong = i % 3 === 1;
      const pick = wrong ? (want + 1) % ids.length : want;
      await page.keyboard.press(String(pick + 1));
      await expect(page.locator(`.predict button.choice[data-index="${pick}"]`)).toHaveAttribute('aria-pressed', 'true');
      await expect(page.locator('#answer')).toBeHidden();
      await page.keyboard.press('Enter');
      const result = page.locator('#predict-outcome .predict-result');
      await expect(result).toHaveAttribute('data-correct', String(!wrong));
      await expect(result).toHaveAttribute('data-best', expected[i]);
      await expect(page.locator('main')).not.toHaveClass(/predicting/);
      await expect(page.locator('#answer')).toBeVisible();
      if (wrong) missed.push(i); else right++;
      await expect(status).toHaveAttribute('data-score', String(right));
      await expect(status).toHaveAttribute('data-answered', String(i + 1));
      if (i === 0) await axe(page, `class mode after a reveal (${lang})`);
      await page.keyboard.press('ArrowRight');
    }
    const summary = page.locator('#lesson-summary');
    await expect(summary).toBeVisible();
    await expect(status).toHaveAttribute('data-score', String(right));
    expect(right).toBe(expected.length - missed.length);
    await expect(summary.locator('.lesson-score')).toContainText(String(right));
    const links = summary.locator('a.replay');
    await expect(links).toHaveCount(missed.length);
    const href = await links.first().getAttribute('href');
    expect(href).toContain('predict=1');
    await axe(page, `course summary (${lang})`);
    // A missed question's link opens it alone, in predict mode, with the answer hidden.
    await page.goto(href);
    await expect(page.locator('main')).toHaveClass(/predicting/);
    await expect(page.locator('#answer')).toBeHidden();
  });
}

test('predict mode on any scenario hides the answer until a pick is revealed', async ({ page }) => {
  await page.goto('/?lang=en&predict=1');
  await expect(page.locator('main')).toHaveClass(/predicting/);
  for (const sel of hiddenWhilePending) await expect(page.locator(sel).first()).toBeHidden();
  await expect(page.locator('#predict-reveal')).toBeDisabled();
  await axe(page, 'predict mode, pending');
  // The starting scenario (Windows 7: an exclusive wildcard, then another user's bind).
  await page.locator('.predict button.choice[data-choice="success"]').click();
  await page.locator('#predict-reveal').click();
  const result = page.locator('#predict-outcome .predict-result');
  await expect(result).toHaveAttribute('data-correct', 'false');
  await expect(result).toHaveAttribute('data-best', 'WSAEACCES');
  await expect(page.locator('#answer .verdict').first()).toHaveAttribute('data-result', 'WSAEACCES');
  await expect(page.locator('td.highlight')).toBeVisible();
  // A change to the scenario is a new question: hidden again.
  await page.locator('#platform').selectOption('windows-xp');
  await expect(page.locator('main')).toHaveClass(/predicting/);
  await expect(page.locator('#answer')).toBeHidden();
  // The switch turns it off.
  await page.locator('#predict-toggle').click();
  await expect(page.locator('#answer')).toBeVisible();
});

test('progress survives a reload, and the reset button clears it', async ({ page }) => {
  await page.goto('/?lang=en&lesson=course');
  const status = page.locator('#lesson-status');
  await expect(status).toHaveAttribute('data-question', '0');
  await page.locator(`.predict button.choice[data-choice="${expected[0]}"]`).click();
  await page.locator('#predict-reveal').click();
  await expect(status).toHaveAttribute('data-score', '1');
  await page.locator('#lesson-next').click();
  await expect(status).toHaveAttribute('data-question', '1');
  await expect(page).toHaveURL(/q=2/);
  await page.goto('/?lang=en&lesson=course');
  await expect(status).toHaveAttribute('data-question', '1');
  await expect(status).toHaveAttribute('data-score', '1');
  await expect(page.locator('#lesson-storage')).toContainText('local storage');
  await page.locator('#lesson-reset').click();
  await expect(status).toHaveAttribute('data-question', '0');
  await expect(status).toHaveAttribute('data-score', '0');
  await page.reload();
  await expect(status).toHaveAttribute('data-score', '0');
});

test('where storage is refused, progress is kept in memory and the page says so', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('refused', 'SecurityError'); } });
  });
  await page.goto('/?lang=en&lesson=course');
  await expect(page.locator('#lesson-storage')).toContainText('memory only');
  await page.locator(`.predict button.choice[data-choice="${expected[0]}"]`).click();
  await page.locator('#predict-reveal').click();
  await expect(page.locator('#lesson-status')).toHaveAttribute('data-score', '1');
});

const BAD = JSON.stringify({
  version: 1,
  title: { en: 'Bad' },
  questions: [{ scenario: '?v=1&platform=windows-7&s0.addr=10.0.0.300&s1.addr=0.0.0.0' }],
});

test('a lesson file with a bad field shows the core error naming it (picked and linked)', async ({ page }) => {
  await page.goto('/?lang=en');
  await page.locator('#pick-lesson').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(BAD) });
  const error = page.locator('#lesson-error');
  await expect(error).toBeVisible();
  await expect(error).toContainText('questions[0].scenario');
  await expect(error).toContainText('s0.addr=10.0.0.300');
  await axe(page, 'lesson error');
  // The same file by link, from this page's own origin.
  await page.route('**/lessons/bad.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: BAD }));
  await page.goto('/?lang=zh-TW&lesson=lessons/bad.json');
  await expect(error).toContainText('questions[0].scenario');
  // Another origin is refused, not fetched.
  await page.goto('/?lang=en&lesson=https://example.invalid/x.json');
  await expect(error).toContainText('not on this page');
  // The rest of the page still works.
  await expect(page.locator('#answer .verdict').first()).toBeVisible();
});

test('a drill over chosen platforms asks the core questions and lists the missed ones', async ({ page }) => {
  await page.goto('/?lang=en');
  await page.locator('input[data-platform="windows-xp"]').check();
  await page.locator('#start-drill').click();
  const status = page.locator('#lesson-status');
  await expect(status).toHaveAttribute('data-question', '0');
  await expect.poll(() => decodeURIComponent(page.url())).toMatch(/lesson=drill~\d+~windows-xp/);
  for (let i = 0; i < 10; i++) {
    await page.locator('.predict button.choice').first().click();
    await page.locator('#predict-reveal').click();
    await expect(status).toHaveAttribute('data-answered', String(i + 1));
    await page.locator('#lesson-next').click();
  }
  const score = Number(await status.getAttribute('data-score'));
  await expect(page.locator('#lesson-summary a.replay')).toHaveCount(10 - score);
});

// Training loads only when opened: the lessons, the course and drills are in the on-demand
// module (gen/src/lessons.rs), not in the page's first load.
test('the training module is fetched only when a lesson opens, once', async ({ page }) => {
  const genRequests = [];
  page.on('request', (r) => { if (/sockbind-gen-[0-9a-f]+\.wasm$/.test(r.url())) genRequests.push(r.url()); });
  await page.goto('/?lang=en&predict=1');
  await expect(page.locator('main')).toHaveClass(/predicting/);
  await expect(page.locator('#start-course')).toBeVisible();
  expect(genRequests, 'predict mode and the launcher need no module').toEqual([]);
  await page.locator('#start-course').click();
  await expect(page.locator('#lesson-status')).toHaveAttribute('data-question', '0');
  await page.locator('#lesson-close').click();
  await page.locator('#start-examples').click();
  await expect(page.locator('#lesson-status')).toHaveAttribute('data-question', '0');
  expect(genRequests.length, 'fetched once').toBe(1);
});

test('a module that cannot be loaded is a visible notice, and the page keeps working', async ({ page }) => {
  await page.route(/sockbind-gen-[0-9a-f]+\.wasm$/, (route) => route.fulfill({ status: 503, body: 'down' }));
  await page.goto('/?lang=en&lesson=course');
  const error = page.locator('#lesson-error');
  await expect(error).toBeVisible();
  await expect(error).toContainText('could not be loaded');
  await expect(error).toContainText('HTTP 503');
  await expect(page.locator('#answer .verdict').first()).toBeVisible();
});

test('the offline file runs the course, a picked lesson file and a drill with no network', async ({ browser }) => {
  const { context, page, errors, others } = await openOffline(browser, '?lang=zh-TW&lesson=course');
  const status = page.locator('#lesson-status');
  await expect(status).toHaveAttribute('data-question', '0');
  await page.locator(`.predict button.choice[data-choice="${expected[0]}"]`).click();
  await page.locator('#predict-reveal').click();
  await expect(status).toHaveAttribute('data-score', '1');
  await page.locator('#lesson-close').click();
  await page.locator('#pick-lesson').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(BAD) });
  await expect(page.locator('#lesson-error')).toContainText('questions[0].scenario');
  await page.locator('#start-drill').click();
  await expect(status).toHaveAttribute('data-question', '0');
  await expect(page.locator('.predict button.choice').first()).toBeVisible();
  expect(others(), 'requests other than the file itself').toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});

test('a lesson= value that names no lesson, or a lesson link in the offline file, is refused without a fetch', async ({ page, browser }) => {
  const fetched = [];
  page.on('request', (r) => { if (!/sockbind-(app|gen)-|style-|favicon|\/(\?|$)/.test(r.url())) fetched.push(r.url()); });
  for (const [value, lang, text] of [['drill~x~windows-99', 'en', 'names no lesson'], ['drill', 'zh-TW', '不是任何課程']]) {
    await page.goto(`/?lang=${lang}&lesson=${encodeURIComponent(value)}`);
    const error = page.locator('#lesson-error');
    await expect(error).toContainText(text);
    await expect(error).toContainText(value);
    await expect(page.locator('#answer .verdict').first()).toBeVisible();
  }
  expect(fetched, 'nothing but the page itself was requested').toEqual([]);

  const context = await browser.newContext();
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  const offline = await context.newPage();
  await offline.goto(`${pathToFileURL(OFFLINE).href}?lesson=lessons/good.json`);
  await expect(offline.locator('#lesson-error')).toContainText("not on this page's own site");
  expect(requests.filter((u) => !u.startsWith('data:') && !u.includes('sockbind-offline.html'))).toEqual([]);
  await context.close();
});

test('q= past the end of a lesson opens its last question, not the summary', async ({ page }) => {
  await page.goto('/?lang=en&lesson=course&q=99');
  await expect(page.locator('#lesson-status')).toHaveAttribute('data-question', String(expected.length - 1));
  await expect(page.locator('.predict button.choice').first()).toBeVisible();
});

test('q= past the end of a lesson is said in the link notice: what was asked and what opened', async ({ page }) => {
  const n = expected.length;
  await page.goto('/?lang=en&lesson=course&q=99');
  await expect(page.locator('#lesson-status')).toHaveAttribute('data-question', String(n - 1));
  const notice = page.locator('.link-notice');
  await expect(notice).toContainText(`q = “99”: past the end of the lesson`);
  await expect(notice).toContainText(`used ${n}`);
  await page.goto('/?lang=zh-TW&lesson=course&q=99');
  await expect(page.locator('#lesson-status')).toHaveAttribute('data-question', String(n - 1));
  await expect(notice).toContainText('q = 「99」：超過課程的最後一題');
  await expect(notice).toContainText(`改用 ${n}`);
  // A question inside the lesson gives no notice.
  await page.goto('/?lang=en&lesson=course&q=2');
  await expect(page.locator('#lesson-status')).toHaveAttribute('data-question', '1');
  await expect(notice).toHaveCount(0);
});

test('lesson-file problems read in the page language; "fix the field" only when one is named', async ({ page }) => {
  await page.goto('/?lang=zh-TW');
  await page.locator('#pick-lesson').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(BAD) });
  const error = page.locator('#lesson-error');
  const first = error.locator('li code').first();
  await expect(first).toContainText('questions[0].scenario = "s0.addr=10.0.0.300": 無法使用此連結參數：不是 IP 位址');
  await expect(error).not.toContainText('cannot be used');
  await expect(error.locator('.lesson-error-help')).toHaveCount(1);
  // Switching the language shows the same problems in English (nothing is asked again).
  await page.selectOption('#lang', 'en');
  await expect(first).toContainText('link parameter cannot be used: not an IP address');
  await page.selectOption('#lang', 'zh-TW');
  // Every bad field of a question, a repeated key, a version given as a string.
  const many = '{"version":"1","title":"t","title":"u","questions":[]}';
  await page.locator('#pick-lesson').setInputFiles({ name: 'dup.json', mimeType: 'application/json', buffer: Buffer.from(many) });
  await expect(first).toHaveText('title: 同一個物件裡這個鍵出現了兩次；每個欄位只能給一次');
  const fields = JSON.stringify({
    version: '1',
    title: { en: 'Fields' },
    questions: [{ scenario: '?v=1&platform=windows-7', ask: 0, hint: 5 }],
  });
  await page.locator('#pick-lesson').setInputFiles({ name: 'fields.json', mimeType: 'application/json', buffer: Buffer.from(fields) });
  await expect(error.locator('li code')).toHaveText([
    'version: 必須是數字 1（不加引號），而不是 "1"',
    'questions[0].hint = 5: 應為各語言的文字（en、zh-TW）或單一字串',
    'questions[0].ask = 0: 步驟從 1 起算（第一個步驟是 1）',
  ]);
  // Not JSON names no field: no line asks to fix one.
  await page.locator('#pick-lesson').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{') });
  await expect(first).toContainText('不是 JSON');
  await expect(error.locator('.lesson-error-help')).toHaveCount(0);
  // Nor does a lesson= value that names no lesson.
  await page.goto('/?lang=en&lesson=drill~x');
  await expect(error).toContainText('names no lesson');
  await expect(error).not.toContainText('Fix the field');
});

test('a bad second lesson file keeps the open lesson, and shows its problems beside it', async ({ page }) => {
  await page.goto('/?lang=en&lesson=course');
  const status = page.locator('#lesson-status');
  await expect(status).toHaveAttribute('data-question', '0');
  await page.locator(`.predict button.choice[data-choice="${expected[0]}"]`).click();
  await page.locator('#predict-reveal').click();
  await page.locator('#lesson-next').click();
  await expect(status).toHaveAttribute('data-question', '1');
  await page.locator('#lesson-file-other').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(BAD) });
  const error = page.locator('#lesson-error');
  await expect(error).toBeVisible();
  await expect(error).toContainText('bad.json');
  await expect(error).toContainText('questions[0].scenario');
  // Beside the picker it came from (not above the lesson, where it read as taking its
  // place), saying the lesson open stays.
  const title = await page.locator('.lesson-title').textContent();
  await expect(error.locator('.lesson-error-kept')).toHaveText(`The lesson open, “${title}”, stays as it was.`);
  const follows = await page.evaluate(() => {
    const pick = document.getElementById('lesson-file-other');
    return !!(pick.compareDocumentPosition(document.getElementById('lesson-error')) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
  expect(follows, 'the notice follows the picker').toBe(true);
  // The lesson open stays as it was: question, score, link, the question on the page.
  await expect(status).toHaveAttribute('data-question', '1');
  await expect(status).toHaveAttribute('data-score', '1');
  await expect(page).toHaveURL(/lesson=course&q=2|q=2.*lesson=course/);
  await expect(page.locator('.predict button.choice').first()).toBeVisible();
  await expect(page.locator('#lesson-next')).toBeEnabled();
  // The lesson goes on.
  await page.locator('#lesson-next').click();
  await expect(status).toHaveAttribute('data-question', '2');
  await axe(page, 'lesson with a file error');
});
