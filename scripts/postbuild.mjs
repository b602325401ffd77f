// Trunk post-build hook (see Trunk.toml). In the staging dir it:
// 1. adds a strict Content-Security-Policy to index.html, with the hash of the one inline
//    module script Trunk writes (and writes the policy to csp.txt, for servers to send as a
//    header);
// 2. writes sockbind-offline.html: one self-contained file (JS, wasm as base64, CSS, icon
//    inlined) that runs from file:// with no server and no network, under a CSP that allows
//    no fetches at all.
// Embed helpers (functions at the end): the stylesheet link carries no integrity hash (it must
// load in a sandboxed frame without CORS headers); the offline file gets index.html's loading
// line and its boot script (hashed), and, if SOCKBIND_PUBLIC_URL is set at build time, a
// <meta name="sockbind-public-url"> that the page uses as the base of copied links.
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
let index = stylesheetWithoutIntegrity(readFileSync(indexPath, 'utf8'));
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
const boot = bootOf(index);
const offlinePolicy = [
  "default-src 'none'",
  `script-src 'wasm-unsafe-eval' ${sha256(script)} ${sha256(boot.script)}`,
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
    <title>${title}</title>${publicUrlMeta()}
    <link rel="icon" href="data:image/svg+xml;base64,${icon64}" />
    <style>${css}</style>
  </head>
  <body>
    ${boot.html}
    <script type="module">${script}</script>
  </body>
</html>
`;
writeFileSync(join(dir, 'sockbind-offline.html'), offline);
console.log(`postbuild: CSP with ${inline.length} script hash(es); sockbind-offline.html ${(offline.length / 1024).toFixed(0)} KB`);

// The stylesheet <link> without `integrity`: with a hash the browser fetches it in CORS mode,
// which a sandboxed frame (opaque origin) can do only if the server sends
// Access-Control-Allow-Origin — without it the widget would be unstyled.
function stylesheetWithoutIntegrity(html) {
  return html.replace(/<link\b[^>]*\brel="stylesheet"[^>]*>/g, (tag) => tag.replace(/\s+integrity="[^"]*"/, ''));
}

// index.html's loading line (`#boot`, static text the program replaces) and its boot script,
// which turns the line into a message saying why if the program cannot start.
function bootOf(html) {
  const markup = html.match(/<div id="boot"[\s\S]*?<\/div>/);
  const script = html.match(/<script id="boot-script">([\s\S]*?)<\/script>/);
  if (!markup || !script) throw new Error('index.html lacks #boot or #boot-script');
  return { html: `${markup[0]}\n    <script id="boot-script">${script[1]}</script>`, script: script[1] };
}

// The public address of the served page, set by whoever builds (SOCKBIND_PUBLIC_URL=https://…),
// as a <meta> the offline file's "Copy link" uses; without it, its links are the query alone.
function publicUrlMeta() {
  const url = (process.env.SOCKBIND_PUBLIC_URL || '').trim();
  if (!url) return '';
  if (!/^https?:\/\/[^\s"<>]+$/.test(url)) throw new Error(`SOCKBIND_PUBLIC_URL is not an http(s) URL: ${url}`);
  return `\n    <meta name="sockbind-public-url" content="${url}" />`;
}
