// Sizes of a trunk dist/ directory, shared by scripts/bench.sh (e2e/bench.mjs) and the size
// test (e2e/tests/size.spec.mjs), so both count the same bytes the same way.
// KB = 1024 bytes; gz = gzip -9 (node's zlib), as a server would send them.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

export const OFFLINE = 'sockbind-offline.html';
export const budgets = JSON.parse(readFileSync(new URL('./budgets.json', import.meta.url), 'utf8'));
export const kb = (n) => n / 1024;
export const gz = (buf) => gzipSync(buf, { level: 9 }).length;

/**
 * What a dist/ loads before its first answer: every .wasm, .js and .css trunk wrote (the
 * index.html links exactly these), raw and gzip -9, plus the offline page if there is one.
 * The on-demand module (`sockbind-gen-*.wasm`: the probe panel's generators and the training
 * module's lessons, fetched only when the panel or a lesson opens) is counted apart, as
 * `onOpen`.
 * Returns bytes: { wasm: [raw, gz], js: [...], css: [...], firstLoadGz, onOpen: [raw, gz],
 * offline: [raw, gz] | null }.
 */
export const ON_OPEN = /^sockbind-gen-[0-9a-f]+\.wasm$/;
export function distSizes(dist) {
  const out = { wasm: [0, 0], js: [0, 0], css: [0, 0], firstLoadGz: 0, onOpen: [0, 0], offline: null, files: [] };
  for (const f of readdirSync(dist)) {
    const ext = f.split('.').pop();
    if (ON_OPEN.test(f)) {
      const buf = readFileSync(join(dist, f));
      out.onOpen[0] += buf.length;
      out.onOpen[1] += gz(buf);
      continue;
    }
    if (!(ext in out) || !Array.isArray(out[ext]) || f === OFFLINE) continue;
    const buf = readFileSync(join(dist, f));
    out[ext][0] += buf.length;
    out[ext][1] += gz(buf);
    out.files.push(f);
  }
  out.firstLoadGz = out.wasm[1] + out.js[1] + out.css[1];
  if (existsSync(join(dist, OFFLINE))) {
    const buf = readFileSync(join(dist, OFFLINE));
    out.offline = [buf.length, gz(buf)];
  }
  return out;
}
