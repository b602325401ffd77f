// Benchmark (not a test; run by scripts/bench.sh, which builds both dists first). Compares the
// page with a bare Leptos 0.8 counter (bench/counter) built in the same run with the same
// profile and tools, and prints side by side, each against its budget from bench/budgets.json:
//   1. sizes: wasm / JS / CSS raw and gzip -9; first load = wasm + JS + CSS gz (everything the
//      page loads before its first answer); the offline single file;
//   2. first answer (navigation start → `#answer .verdict` shown), page vs counter, same
//      browser, runs alternated A/B, ratio of the medians;
//   3. per picker change, the work itself: deltas of Chromium's performance counters
//      (CDP Performance.getMetrics ScriptDuration + RecalcStyleDuration + LayoutDuration)
//      over a series of changes, each followed by a quiet period so deferred work (URL write,
//      animations) is counted too; at 1× and with the CPU throttled 4×;
//   4. frame intervals while stepping through a timeline (page only);
//   5. where the wasm bytes go (bench/wasm-breakdown.mjs on the pre-wasm-opt wasm-bindgen
//      output, when scripts/bench.sh made one), plus `twiggy top` if twiggy is installed.
// Usage: node bench.mjs [--runs N] [--changes N]
// Env: BENCH_PAGE_DIST, BENCH_COUNTER_DIST (default ../dist, ../bench/counter/dist),
//      BENCH_PAGE_PREOPT, BENCH_COUNTER_PREOPT (pre-wasm-opt .wasm files, optional).
import { chromium } from '@playwright/test';
import { readFileSync, existsSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { executablePath, args } from './chromium.mjs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { distSizes, budgets, kb, gz } from '../bench/sizes.mjs';
import { report } from '../bench/wasm-breakdown.mjs';

const opt = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const RUNS = opt('--runs', Number(process.argv[2]) || 9);
const CHANGES = opt('--changes', 24);
const SETTLE_MS = 600; // after each change: longer than the URL write's debounce
const here = (p) => new URL(p, import.meta.url).pathname;
const PAGE = process.env.BENCH_PAGE_DIST || here('../dist/');
const COUNTER = process.env.BENCH_COUNTER_DIST || here('../bench/counter/dist/');
const T = budgets.target;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const f1 = (n) => n.toFixed(1);
const verdict = (ok) => (ok ? 'PASS' : 'MISS');
const row = (label, a, b, extra = '') => console.log(`  ${label.padEnd(30)} ${String(a).padStart(16)} ${String(b).padStart(16)}  ${extra}`);

// ---- 1. Sizes ----
const sp = distSizes(PAGE);
const sc = distSizes(COUNTER);
console.log(`sizes (KB = 1024 B; raw / gzip -9)              page          counter`);
for (const k of ['wasm', 'js', 'css']) {
  row(k, `${f1(kb(sp[k][0]))} / ${f1(kb(sp[k][1]))}`, `${f1(kb(sc[k][0]))} / ${f1(kb(sc[k][1]))}`);
}
{
  // The page's JS glue is minified by scripts/postbuild.mjs; the counter has no post-build
  // step, so print what its glue would weigh minified the same way, for a fair comparison.
  const esbuild = createRequire(here('../tools/package.json'))('esbuild');
  const js = sc.files.filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(COUNTER, f), 'utf8')).join('\n');
  const min = gz(Buffer.from(esbuild.transformSync(js, { format: 'esm', minify: true, target: 'es2022' }).code));
  console.log(`  ${''.padEnd(30)} ${''.padStart(16)} ${`(min. ${f1(kb(min))})`.padStart(16)}  counter JS gz if minified like the page's`);
}
const firstLoad = kb(sp.firstLoadGz);
row('first load (wasm+JS+CSS gz)', f1(firstLoad), f1(kb(sc.firstLoadGz)),
  `${f1(sp.firstLoadGz / sc.firstLoadGz)}×  budget ${T.firstLoadGzKB} KB: ${verdict(firstLoad <= T.firstLoadGzKB)}`);
if (sp.onOpen[0]) {
  row('on-demand module (probe panel, lessons)', `${f1(kb(sp.onOpen[0]))} (${f1(kb(sp.onOpen[1]))} gz)`, '–',
    'fetched when the probe panel or a lesson first opens, not part of the first load');
}
if (sp.offline) {
  const off = kb(sp.offline[0]);
  row('offline file raw (gz)', `${f1(off)} (${f1(kb(sp.offline[1]))})`, '–',
    `budget ${T.offlineRawKB} KB: ${verdict(off <= T.offlineRawKB)}`);
}

// ---- Serve both dists ----
const serve = (dir, port) => spawn('node', [here('./serve.mjs'), '--port', String(port), '--dir', dir, '--csp'], { stdio: 'ignore' });
const servers = [serve(PAGE, 8199), serve(COUNTER, 8198)];
const targets = [
  { name: 'page', url: 'http://127.0.0.1:8199/' },
  { name: 'counter', url: 'http://127.0.0.1:8198/' },
];
// The page's picker changes: a cycle that returns to the start (platform, option, address).
const PAGE_CHANGES = [
  ['#platform', 'windows-xp'], ['#platform', 'windows-7'],
  ['#s0-options', 'default'], ['#s0-options', 'exclusiveaddruse'],
  ['#s1-preset', '0.0.0.0'], ['#s1-preset', '10.0.0.1'],
];
const COUNTER_CHANGES = [['#platform', 'b'], ['#platform', 'a']];
// Section 3b's variants of the page (see there).
const ATTRIBUTION = [
  { label: 'as shipped', motion: true, url: true },
  { label: 'animations off', motion: false, url: true },
  { label: 'animations off, no URL write', motion: false, url: false },
];
const attribution = [];
const BLOCK = PAGE_CHANGES.length; // changes per measured block (a whole cycle on both sides)
const ROUNDS = Math.max(2, Math.round(CHANGES / BLOCK));
await new Promise((r) => setTimeout(r, 800));

const browser = await chromium.launch({ executablePath, args });
const firstAnswer = { page: [], counter: [] };
const perChange = {};
let frames = [];
try {
  // ---- 2. First answer, alternated A/B ----
  const open = async (t) => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.addInitScript(() => {
      new MutationObserver((_, obs) => {
        if (document.querySelector('#answer .verdict') && document.querySelector('#platform')) {
          window.__interactiveAt = performance.now();
          obs.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(t.url);
    await page.waitForFunction(() => window.__interactiveAt !== undefined);
    return { ctx, page, at: await page.evaluate(() => window.__interactiveAt) };
  };
  for (let i = 0; i < RUNS; i++) {
    for (const t of i % 2 ? [...targets].reverse() : targets) {
      const { ctx, at } = await open(t);
      firstAnswer[t.name].push(at);
      await ctx.close();
    }
  }

  // ---- 3. Per change: CDP counters, both pages open, blocks of changes alternated A/B ----
  const live = [];
  for (const t of targets) {
    const { ctx, page } = await open(t);
    // (Detected rather than assumed, so two builds of the page can also be compared.)
    const changes = (await page.$('#s0-options')) ? PAGE_CHANGES : COUNTER_CHANGES;
    await page.evaluate(() => {
      window.__mutations = 0;
      new MutationObserver((records) => { window.__mutations += records.length; })
        .observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Performance.enable');
    live.push({ t, ctx, page, cdp, changes, next: 0 });
    perChange[t.name] = { 1: [], 4: [], mutations: [] };
  }
  const metrics = async (cdp) => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const block = async (l, n) => {
    for (let i = 0; i < n; i++) {
      await l.page.evaluate(async ([sel, value, settle]) => {
        const el = document.querySelector(sel);
        el.value = value;
        el.dispatchEvent(new Event('change', { bubbles: true }));
        await new Promise((r) => setTimeout(r, settle));
      }, [...l.changes[l.next++ % l.changes.length], SETTLE_MS]);
    }
  };
  for (const rate of [1, 4]) {
    for (const l of live) {
      await l.cdp.send('Emulation.setCPUThrottlingRate', { rate });
      await block(l, l.changes.length); // warm-up: one full cycle
    }
    for (let r = 0; r < ROUNDS; r++) {
      for (const l of r % 2 ? [...live].reverse() : live) {
        const a = await metrics(l.cdp);
        const m0 = await l.page.evaluate(() => window.__mutations);
        await block(l, BLOCK);
        const b = await metrics(l.cdp);
        const m1 = await l.page.evaluate(() => window.__mutations);
        const d = (k) => (1000 * (b[k] - a[k])) / BLOCK;
        perChange[l.t.name][rate].push({
          script: d('ScriptDuration'), style: d('RecalcStyleDuration'), layout: d('LayoutDuration'),
          task: d('TaskDuration'),
        });
        perChange[l.t.name].mutations.push((m1 - m0) / BLOCK);
      }
    }
    for (const l of live) await l.cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  }

  // ---- 3b. Where a change's milliseconds go (page, 1×): the same cycle of changes with the
  // animations off (prefers-reduced-motion, which the page honours) and then also with the
  // address-bar write stubbed out, each in a fresh context; the differences are the share of
  // the animations and of `history.replaceState`. Counts say how many style and layout passes
  // a change triggers (one each is the floor).
  for (const v of ATTRIBUTION) {
    const ctx = await browser.newContext(v.motion ? {} : { reducedMotion: 'reduce' });
    const page = await ctx.newPage();
    if (!v.url) await page.addInitScript(() => { history.replaceState = () => {}; });
    await page.goto(targets[0].url);
    await page.waitForSelector('main[data-ready]');
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Performance.enable');
    const l = { page, changes: PAGE_CHANGES, next: 0 };
    await block(l, BLOCK);
    const runs = [];
    for (let r = 0; r < ROUNDS; r++) {
      const a = await metrics(cdp);
      await block(l, BLOCK);
      const b = await metrics(cdp);
      const d = (k) => (1000 * (b[k] - a[k])) / BLOCK;
      runs.push({
        script: d('ScriptDuration'), style: d('RecalcStyleDuration'), layout: d('LayoutDuration'),
        styles: (b.RecalcStyleCount - a.RecalcStyleCount) / BLOCK, layouts: (b.LayoutCount - a.LayoutCount) / BLOCK,
      });
    }
    attribution.push({ v, runs });
    await ctx.close();
  }

  // ---- 4. Frames while stepping through a timeline (page only) ----
  const pageLive = live.find((l) => l.t.name === 'page');
  if (pageLive.changes === PAGE_CHANGES) {
    const page = pageLive.page;
    await page.click('summary.examples, .examples summary');
    await page.click('button[data-example="lingering"]');
    frames = await page.evaluate(async () => {
      const gaps = [];
      for (let k = 0; k < 8; k++) {
        document.dispatchEvent(new KeyboardEvent('keydown', { key: k < 4 ? 'ArrowRight' : 'ArrowLeft', bubbles: true }));
        let last = performance.now();
        const end = last + 600;
        while (performance.now() < end) {
          await new Promise((r) => requestAnimationFrame(r));
          const now = performance.now();
          gaps.push(now - last);
          last = now;
        }
      }
      return gaps;
    });
  }
  for (const l of live) await l.ctx.close();
} finally {
  await browser.close();
  for (const s of servers) s.kill();
}

const mp = median(firstAnswer.page);
const mc = median(firstAnswer.counter);
console.log(`\nfirst answer (navigation start → answer shown), ${RUNS} runs each, alternated A/B`);
row('median (min–max) ms', `${mp.toFixed(0)} (${Math.min(...firstAnswer.page).toFixed(0)}–${Math.max(...firstAnswer.page).toFixed(0)})`,
  `${mc.toFixed(0)} (${Math.min(...firstAnswer.counter).toFixed(0)}–${Math.max(...firstAnswer.counter).toFixed(0)})`,
  `${(mp / mc).toFixed(2)}×  budget ${T.firstAnswerRatio}×: ${verdict(mp / mc <= T.firstAnswerRatio)}`);

console.log(`\nper picker change, the work itself (CDP counters; median over ${ROUNDS} blocks of ${BLOCK} changes per side, blocks alternated A/B, ${SETTLE_MS} ms quiet after each change)`);
const med = (xs, k) => median(xs.map((x) => x[k]));
for (const rate of [1, 4]) {
  const sum = (x) => x.script + x.style + x.layout;
  const p = perChange.page[rate];
  const c = perChange.counter[rate];
  const sp = median(p.map(sum));
  const sc = median(c.map(sum));
  const budget = rate === 1 ? T.changeMs1x : T.changeMs4x;
  row(`${rate}× script+style+layout ms`, f1(sp), f1(sc), `${(sp / sc).toFixed(1)}×  budget ${budget} ms: ${verdict(sp <= budget)}`);
  row(`   script / style / layout`, `${f1(med(p, 'script'))}/${f1(med(p, 'style'))}/${f1(med(p, 'layout'))}`,
    `${f1(med(c, 'script'))}/${f1(med(c, 'style'))}/${f1(med(c, 'layout'))}`);
  row(`   all main-thread tasks`, f1(med(p, 'task')), f1(med(c, 'task')), '(incl. paint, URL write, bookkeeping)');
}
if (attribution.length) {
  console.log(`\nwhere a change's milliseconds go (page, 1×, median over ${ROUNDS} blocks of ${BLOCK} changes; one context each)`);
  for (const { v, runs } of attribution) {
    const m = (k) => median(runs.map((x) => x[k]));
    row(`   ${v.label}`, f1(m('script') + m('style') + m('layout')),
      `${f1(m('script'))}/${f1(m('style'))}/${f1(m('layout'))}`,
      `script/style/layout ms; ${f1(m('styles'))} style and ${f1(m('layouts'))} layout passes per change`);
  }
}
row('DOM mutation records/change', f1(median(perChange.page.mutations)), f1(median(perChange.counter.mutations)));
if (frames.length) {
  const sorted = [...frames].sort((a, b) => a - b);
  console.log(`\nanimation frames while stepping (page), ${frames.length} frames: median ${f1(median(frames))} ms, p95 ${f1(sorted[Math.floor(frames.length * 0.95)])} ms, max ${f1(sorted[sorted.length - 1])} ms, ${frames.filter((g) => g > 20).length} over 20 ms`);
}

// ---- 5. Where the wasm goes ----
for (const [label, file] of [['page', process.env.BENCH_PAGE_PREOPT], ['counter', process.env.BENCH_COUNTER_PREOPT]]) {
  if (!file || !existsSync(file)) continue;
  const buf = readFileSync(file);
  console.log(`\nwasm breakdown, ${label} (wasm-bindgen output before wasm-opt, ${f1(kb(buf.length))} KB incl. names)`);
  console.log(report(buf, label === 'page' ? 15 : 5).join('\n'));
  if (label === 'page' && spawnSync('twiggy', ['--version']).status === 0) {
    console.log('  twiggy top -n 15:');
    console.log(spawnSync('twiggy', ['top', '-n', '15', file], { encoding: 'utf8' }).stdout.replace(/^/gm, '    '));
  }
}
