// Benchmark (not a test): prints gzipped transfer sizes of the release dist/, time to first
// interactive render and interaction latency in headless Chromium. Usage: node bench.mjs [runs]
import { chromium } from '@playwright/test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { executablePath, args } from './chromium.mjs';

const DIST = new URL('../dist/', import.meta.url).pathname;
const RUNS = Number(process.argv[2] || 7);
const PORT = 8199;

const kb = (n) => (n / 1024).toFixed(1) + ' KB';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// 1. Sizes.
const totals = { wasm: [0, 0], js: [0, 0], css: [0, 0] };
for (const f of readdirSync(DIST)) {
  const ext = f.split('.').pop();
  if (!(ext in totals) || f === 'sockbind-offline.html') continue;
  const buf = readFileSync(join(DIST, f));
  totals[ext][0] += statSync(join(DIST, f)).size;
  totals[ext][1] += gzipSync(buf, { level: 9 }).length;
}
console.log('size (raw / gzip -9)');
let sum = 0;
for (const [k, [raw, gz]] of Object.entries(totals)) {
  console.log(`  ${k.padEnd(5)} ${kb(raw).padStart(10)} / ${kb(gz).padStart(9)}`);
  sum += gz;
}
console.log(`  total gz ${kb(sum)}`);
try {
  const off = readFileSync(join(DIST, 'sockbind-offline.html'));
  console.log(`offline page  ${kb(off.length)} / ${kb(gzipSync(off, { level: 9 }).length)}`);
} catch {
  console.log('offline page  (not built)');
}

// 2. Render and interaction timings against dist/ served on 127.0.0.1.
const server = spawn('python3', ['-m', 'http.server', String(PORT), '--bind', '127.0.0.1', '--directory', DIST], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 600));
const browser = await chromium.launch({ executablePath, args });
const firstRender = [];
let frames = [];
const latency = [];
try {
  for (let i = 0; i < RUNS; i++) {
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
    await page.goto(`http://127.0.0.1:${PORT}/`);
    await page.waitForFunction(() => window.__interactiveAt !== undefined);
    firstRender.push(await page.evaluate(() => window.__interactiveAt));
    // Interaction: change the first socket's option, time until the answer changes and a frame is painted.
    const samples = await page.evaluate(async () => {
      const out = [];
      const sel = document.querySelector('#s0-options');
      const values = ['default', 'exclusiveaddruse'];
      for (let j = 0; j < 20; j++) {
        const before = document.querySelector('#answer').textContent;
        const t0 = performance.now();
        sel.value = values[j % 2];
        sel.dispatchEvent(new Event('change', { bubbles: true }));
        while (document.querySelector('#answer').textContent === before) {
          await new Promise((r) => setTimeout(r, 0));
        }
        await new Promise((r) => requestAnimationFrame(() => r()));
        out.push(performance.now() - t0);
      }
      return out;
    });
    latency.push(...samples);
    // Animation smoothness: frame intervals while stepping through a timeline (rows slide in,
    // fade out, packets travel).
    if (i === 0) {
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
    await ctx.close();
  }
} finally {
  await browser.close();
  server.kill();
}
console.log(`first interactive render (navigation start → answer shown), ${RUNS} runs: median ${median(firstRender).toFixed(0)} ms, min ${Math.min(...firstRender).toFixed(0)} ms, max ${Math.max(...firstRender).toFixed(0)} ms`);
if (frames.length) {
  const sorted = [...frames].sort((a, b) => a - b);
  const slow = frames.filter((g) => g > 20).length;
  console.log(`animation frames while stepping, ${frames.length} frames: median ${median(frames).toFixed(1)} ms, p95 ${sorted[Math.floor(frames.length * 0.95)].toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms, ${slow} over 20 ms`);
}
console.log(`interaction latency (option change → answer updated → next frame), ${latency.length} samples: median ${median(latency).toFixed(1)} ms, p90 ${[...latency].sort((a, b) => a - b)[Math.floor(latency.length * 0.9)].toFixed(1)} ms`);
