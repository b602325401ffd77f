// The probe panel's import box on bad ground, in both languages (zh-TW checked through the DOM):
// the reader's errors said in the page's language with the field named; the on-demand module
// missing (HTTP 404/503): a notice that says so, the paste kept, and "Try again" works once the
// module is back; steps that are not their scenario's flagged by step and socket, never compared.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';

// The one probe-result fixture (shared with the core's, the module's and the component tests).
const RESULT = readFileSync(new URL('../../core/tests/fixtures/probe-result.json', import.meta.url), 'utf8');
const GEN = /sockbind-gen-[0-9a-f]+\.wasm$/;

const WORDS = {
  en: { module: "page's probe module could not be loaded", blamed: 'not a probe result', differs: 'differs from the model' },
  'zh-TW': { module: '無法載入本頁的探測模組', blamed: '這不是 sockbind 能讀取的探測結果', differs: '與模型不同' },
};

async function openPanel(page, lang) {
  await page.goto(`/?lang=${lang}`);
  await page.locator('#probe-panel summary').click();
}

async function paste(page, text) {
  await page.locator('#probe-import-text').fill(text);
}

/** English words (3+ letters) in `text` once the field and value are taken out. */
function englishWords(text, ...quoted) {
  let rest = text;
  for (const q of quoted) rest = rest.split(q).join('');
  return (rest.match(/[A-Za-z]{3,}/g) || []).filter((w) => !['sockbind', 'JSON', 'format', 'probe'].includes(w));
}

for (const lang of ['en', 'zh-TW']) {
  test(`reader errors name the field and speak the page's language (${lang})`, async ({ page }) => {
    await openPanel(page, lang);
    const error = page.locator('#probe-import-error');
    for (const [bad, field, value] of [
      [RESULT.replace('10013', '"x"'), 'cases[0].steps[1].observed.code', 'x'],
      [RESULT.replace('"model_platform":"windows-7"', '"model_platform":"windows-99"'), 'system.model_platform', 'windows-99'],
      [RESULT.replace('"version":1', '"version":9'), 'version', '9'],
    ]) {
      await paste(page, bad);
      await expect(error).toContainText(field);
      const text = await error.textContent();
      expect(text).toContain(value);
      if (lang === 'zh-TW') {
        expect(text).toMatch(/[\u4e00-\u9fff]/);
        expect(englishWords(text, field, value), text).toEqual([]);
      }
      await expect(page.locator('#probe-result')).toHaveCount(0);
    }
    await paste(page, '{"format": ');
    await expect(error).toContainText(lang === 'en' ? '(line 1, column' : '（第 1 行，第');
  });

  test(`the module missing is said as such, the paste is kept and a retry works (${lang})`, async ({ page }) => {
    const w = WORDS[lang];
    let status = 404;
    await page.route(GEN, (route) => (status ? route.fulfill({ status, body: 'gone' }) : route.continue()));
    await openPanel(page, lang);
    const programError = page.locator('#probe-program-error');
    await expect(programError).toContainText(w.module);
    await expect(programError).toContainText('404');
    status = 503;
    await paste(page, RESULT);
    const error = page.locator('#probe-import-error');
    await expect(error).toContainText(w.module);
    await expect(error).toContainText('503');
    await expect(error).not.toContainText(w.blamed);
    await expect(page.locator('#probe-import-text')).toHaveValue(RESULT);
    // The module is back: one click asks again, for the comparison and the program.
    status = 0;
    await error.getByRole('button').click();
    await expect(page.locator('#probe-differences')).toContainText('1');
    await expect(page.locator('#probe-result tr.probe-differs')).toContainText(w.differs);
    await expect(page.locator('#probe-program')).toContainText('int main(void)');
    await expect(page.locator('#probe-import-error, #probe-program-error')).toHaveCount(0);
    await expect(page.locator('#probe-import-text')).toHaveValue(RESULT);
  });

  test(`steps that are not the scenario's are flagged and not compared (${lang})`, async ({ page }) => {
    await openPanel(page, lang);
    const result = JSON.parse(RESULT);
    const steps = result.cases[0].steps;
    // Step 2 names socket #5 (the scenario has 2); a third step lies past the timeline.
    steps[1].op.socket = 5;
    steps.push({ step: 4, op: { op: 'bind', socket: 1 }, model: null, observed: { call: 'bind', result: 'success', code: 0 }, agrees: true });
    await paste(page, JSON.stringify(result));
    await expect(page.locator('#probe-mismatches')).toContainText('2');
    const rows = page.locator('#probe-result tr.probe-mismatch');
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toContainText('#5');
    await expect(rows.nth(0)).toContainText(lang === 'en' ? 'socket #5' : '通訊端 #5');
    await expect(rows.nth(1)).toContainText('5');
    await expect(rows.nth(1)).toContainText(lang === 'en' ? 'past the scenario' : '超出');
    for (const row of [rows.nth(0), rows.nth(1)]) {
      await expect(row).not.toContainText('≠');
      await expect(row).not.toContainText('=');
    }
    await expect(page.locator('#probe-result tr.probe-differs')).toHaveCount(0);
    await expect(page.locator('#probe-differences')).toContainText('0');
  });
}

test('a long word from a result file wraps instead of widening the page; text after the result is refused', async ({ page }) => {
  await openPanel(page, 'en');
  await paste(page, RESULT.replace(/"wine":\s*null/, `"wine": "${'w'.repeat(20000)}"`));
  await expect(page.locator('#probe-result')).toBeVisible();
  const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
  expect(scroll, 'page width').toBeLessThanOrEqual(inner);
  await paste(page, `${RESULT} ${RESULT}`);
  await expect(page.locator('#probe-import-error')).toContainText('not JSON');
  await expect(page.locator('#probe-result')).toHaveCount(0);
});
