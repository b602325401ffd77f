// Trunk post-build hook (see Trunk.toml). In the staging dir it:
// 1. adds a strict Content-Security-Policy to index.html, with the hash of the one inline
//    module script Trunk writes (and writes the policy to csp.txt, for servers to send as a
//    header);
// 2. writes sockbind-offline.html: one self-contained file (JS, wasm as base64, CSS, icon
//    inlined) that runs from file:// with no server and no network, under a CSP that allows
//    no fetches at all.
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR || process.argv[2];
if (!dir) throw new Error('TRUNK_STAGING_DIR is not set');
const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const files = readdirSync(dir);
const find = (re) => {
  const f = files.find((n) => re.test(n));
  if (!f) throw new Error(`no file matching ${re} in ${dir}`);
  return f;
};

// 1. The served page.
const indexPath = join(dir, 'index.html');
let index = readFileSync(indexPath, 'utf8');
const inline = [...index.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
const policy = [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval' ${inline.map(sha256).join(' ')}`.trim(),
  "style-src 'self'",
].join('; ');
index = index.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\s*/g, '');
index = index.replace('<meta charset="utf-8" />', `<meta charset="utf-8" />\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`);
writeFileSync(indexPath, index);
writeFileSync(join(dir, 'csp.txt'), policy + '\n');

// 2. The offline page.
const jsName = find(/^sockbind-app-[0-9a-f]+\.js$/);
const wasmName = find(/^sockbind-app-[0-9a-f]+_bg\.wasm$/);
const cssName = find(/^style-[0-9a-f]+\.css$/);
const iconName = find(/^favicon-[0-9a-f]+\.svg$/);
const js = readFileSync(join(dir, jsName), 'utf8')
  .replace(/^export \{[^}]*\};?\s*$/m, '')
  .replace(/^export class /gm, 'class ');
if (/^export /m.test(js)) throw new Error('unexpected export left in the wasm-bindgen JS');
const wasm64 = readFileSync(join(dir, wasmName)).toString('base64');
const css = readFileSync(join(dir, cssName), 'utf8');
const icon64 = readFileSync(join(dir, iconName)).toString('base64');
const script = `${js}
const bytes = Uint8Array.from(atob("${wasm64}"), (c) => c.charCodeAt(0));
await __wbg_init({ module_or_path: bytes });
`;
const offlinePolicy = [
  "default-src 'none'",
  `script-src 'wasm-unsafe-eval' ${sha256(script)}`,
  `style-src ${sha256(css)}`,
  'img-src data:',
].join('; ');
const title = (index.match(/<title>([\s\S]*?)<\/title>/) || [, 'sockbind'])[1];
const offline = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta http-equiv="Content-Security-Policy" content="${offlinePolicy}" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title}</title>
    <link rel="icon" href="data:image/svg+xml;base64,${icon64}" />
    <style>${css}</style>
  </head>
  <body>
    <noscript>sockbind needs JavaScript and WebAssembly to run.</noscript>
    <script type="module">${script}</script>
  </body>
</html>
`;
writeFileSync(join(dir, 'sockbind-offline.html'), offline);
console.log(`postbuild: CSP with ${inline.length} script hash(es); sockbind-offline.html ${(offline.length / 1024).toFixed(0)} KB`);
