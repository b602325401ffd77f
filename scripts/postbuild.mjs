// Trunk post-build hook (see Trunk.toml). In the staging dir it:
// 1. adds a strict Content-Security-Policy to index.html, with the hash of the one inline
//    module script Trunk writes (and writes the policy to csp.txt, for servers to send as a
//    header);
// 2. writes sockbind-offline.html: one self-contained file (JS, wasm gzip-compressed (by zopfli) and
//    packed 7 bits per character, CSS, icon inlined) that runs from file:// with no server and
//    no network, under a CSP that allows no fetches at all. Its wasm is a second build of the
//    page with the on-demand module linked in (cargo feature `inline-modules`, see
//    `buildInlineApp`), so the file carries one wasm, not two that share the core and std;
// 0. (first) builds the page's on-demand module (crate `sockbind-gen`, `gen/`: the probe
//    panel's generators and the training module's lessons) for wasm32, shrinks it with
//    wasm-opt -Oz and stages it as sockbind-gen-<hash>.wasm, named in index.html by
//    <meta name="sockbind-gen"> (the page fetches it when the probe panel or a lesson first opens).
// Embed helpers (functions at the end): the stylesheet link carries no integrity hash (it must
// load in a sandboxed frame without CORS headers); the offline file gets index.html's loading
// line and its boot script (hashed), and, if SOCKBIND_PUBLIC_URL is set at build time, a
// <meta name="sockbind-public-url"> that the page uses as the base of copied links.
import { readFileSync, writeFileSync, readdirSync, existsSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';

const { gzipAsync: zopfliGzip } = createRequire(new URL('../tools/package.json', import.meta.url))('@gfx/zopfli');
const dir = process.env.TRUNK_STAGING_DIR || process.argv[2];
if (!dir) throw new Error('TRUNK_STAGING_DIR is not set');
const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const files = readdirSync(dir);
const find = (re) => {
  const f = files.find((n) => re.test(n));
  if (!f) throw new Error(`no file matching ${re} in ${dir}`);
  return f;
};

const gen = buildGen();
minifyGlue();
minifyStyle();

// 1. The served page.
const indexPath = join(dir, 'index.html');
let index = stylesheetWithoutIntegrity(readFileSync(indexPath, 'utf8'));
index = index.replace(/<meta name="sockbind-gen"[^>]*>\s*/g, '');
index = index.replace('<meta charset="utf-8" />', `<meta charset="utf-8" />\n    <meta name="sockbind-gen" content="${gen.name}" />`);
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
await writeOffline();

/**
 * Writes sockbind-offline.html. The wasm is stored gzip-compressed (zopfli) in a non-executed data
 * block (`<script type="application/octet-stream">`) as text with 7 bits per character (see
 * `pack7`; base64 would carry 6), unpacked by a short loop and inflated with
 * `DecompressionStream('gzip')` straight into `WebAssembly.instantiateStreaming`. The
 * wasm-bindgen JS and the CSS are minified by esbuild (tools/node_modules); the module
 * script and the stylesheet carry CSP hashes computed from their final text.
 */
async function writeOffline() {
  const esbuild = createRequire(new URL('../tools/package.json', import.meta.url))('esbuild');
  const cssName = find(/^style-[0-9a-f]+\.css$/);
  const iconName = find(/^favicon-[0-9a-f]+\.png$/);
  const app = buildInlineApp(esbuild);
  const init = (/export\s*\{[^}]*?([\w$]+)\s+as\s+default\b/.exec(app.js) || [])[1];
  if (!init) throw new Error('no default export (wasm-bindgen init) in the JS glue');
  const glue = app.js
    .replace(/(^|[;}\n])\s*export\s*\{[^}]*\};?/g, '$1')
    .replace(/(^|[;}\n])\s*export\s+(class|function|const|let|async)\b/g, '$1$2');
  if (/(^|[;}\n])\s*export\b/.test(glue)) throw new Error('unexpected export left in the wasm-bindgen JS');
  // Zopfli writes the same gzip format as gzip -9, about 5 % smaller (5 iterations: a few
  // seconds; more gain next to nothing), so the browser's DecompressionStream reads it as is.
  const gz = Buffer.from(await zopfliGzip(app.wasm, { numiterations: 5 }));
  const packed = pack7(gz);
  const loader = `${glue}
{
  const inflate = (id, n) => {
    const text = document.getElementById(id).textContent;
    const gz = new Uint8Array(n);
    for (let i = 0, j = 0, acc = 0, bits = 0; j < n; i++) {
      acc = (acc << 7) | (text.charCodeAt(i) & 127);
      bits += 7;
      if (bits >= 8) {
        bits -= 8;
        gz[j++] = acc >> bits;
        acc &= (1 << bits) - 1;
      }
    }
    return new Response(new Blob([gz]).stream().pipeThrough(new DecompressionStream("gzip")), { headers: { "Content-Type": "application/wasm" } });
  };
  await ${init}({ module_or_path: inflate("wasm-gz", ${gz.length}) });
}
`;
  const script = esbuild.transformSync(loader, { format: 'esm', minify: true, treeShaking: true, target: 'es2022' }).code.trim();
  const css = readFileSync(join(dir, cssName), 'utf8').trim(); // minified by minifyStyle
  const icon64 = readFileSync(join(dir, iconName)).toString('base64');
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
    <link rel="icon" type="image/png" href="data:image/png;base64,${icon64}" />
    <style>${css}</style>
  </head>
  <body>
    ${boot.html}
    <script type="application/octet-stream" id="wasm-gz">${packed}</script>
    <script type="module">${script}</script>
  </body>
</html>
`;
  writeFileSync(join(dir, 'sockbind-offline.html'), offline);
  console.log(`postbuild: CSP with ${inline.length} script hash(es); sockbind-offline.html ${(Buffer.byteLength(offline) / 1024).toFixed(0)} KB`);
}

/**
 * Builds the generator module (`cargo build -p sockbind-gen --release --target
 * wasm32-unknown-unknown`, always release: it is what ships), runs wasm-opt -Oz on it (npm
 * binaryen, the version Trunk.toml pins for the main module) and stages the result under a
 * content-hashed name. Returns { name, bytes }.
 */
function buildGen() {
  const root = new URL('..', import.meta.url).pathname;
  const target = process.env.CARGO_TARGET_DIR || join(root, 'target');
  execFileSync('cargo', ['build', '-p', 'sockbind-gen', '--release', '--target', 'wasm32-unknown-unknown'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  const built = join(target, 'wasm32-unknown-unknown/release/sockbind_gen.wasm');
  const tmp = join(dir, 'sockbind-gen.opt.tmp');
  wasmOptZ(built, tmp);
  const bytes = readFileSync(tmp);
  rmSync(tmp, { force: true });
  const name = `sockbind-gen-${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}.wasm`;
  writeFileSync(join(dir, name), bytes);
  console.log(`postbuild: ${name} ${(bytes.length / 1024).toFixed(0)} KB (${(gzipSync(bytes, { level: 9 }).length / 1024).toFixed(1)} KB gz), loaded when the probe panel or a lesson opens`);
  return { name, bytes };
}

/** wasm-opt -Oz (binaryen 132 from tools/) with the features rustc's wasm32 output uses, for
 * the builds this hook makes itself (the on-demand module and the offline build). */
function wasmOptZ(input, output) {
  const wasmOpt = new URL('../tools/node_modules/.bin/wasm-opt', import.meta.url).pathname;
  if (!existsSync(wasmOpt)) throw new Error(`postbuild: ${wasmOpt} missing: run scripts/setup.sh`);
  execFileSync(wasmOpt, [input, '-Oz', '--strip-debug', '--strip-producers',
    '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
    '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue', '-o', output], { stdio: 'inherit' });
}

/**
 * The offline file's build of the page: the same app with cargo feature `inline-modules`, which
 * links the on-demand module (`gen/`) in and calls it directly, so the one file carries the
 * core, std and serde once instead of in two wasm modules. Built like trunk builds the served
 * page (release, wasm-bindgen --target web, wasm-opt -Oz, glue minified by esbuild), as its own
 * bin (`sockbind-offline`, app/src/offline.rs): built as the page's bin, it replaced the served
 * page's wasm in target/, and the next trunk build, finding the page fresh, shipped the offline
 * build as the first load. Returns the glue's text and the optimised wasm.
 */
function buildInlineApp(esbuild) {
  const root = new URL('..', import.meta.url).pathname;
  const target = process.env.CARGO_TARGET_DIR || join(root, 'target');
  execFileSync('cargo', ['build', '-p', 'sockbind-app', '--bin', 'sockbind-offline', '--release',
    '--target', 'wasm32-unknown-unknown', '--features', 'inline-modules'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  const built = join(target, 'wasm32-unknown-unknown/release/sockbind-offline.wasm');
  const out = join(target, 'offline-app');
  rmSync(out, { recursive: true, force: true });
  execFileSync('wasm-bindgen', ['--target', 'web', '--no-typescript', '--out-dir', out, '--out-name', 'sockbind-app', built], { stdio: 'inherit' });
  const opt = join(out, 'sockbind-app.opt.wasm');
  wasmOptZ(join(out, 'sockbind-app_bg.wasm'), opt);
  const js = esbuild.transformSync(readFileSync(join(out, 'sockbind-app.js'), 'utf8'), { format: 'esm', minify: true, target: 'es2022' }).code;
  const wasm = readFileSync(opt);
  rmSync(out, { recursive: true, force: true });
  console.log(`postbuild: offline build (on-demand module linked in) ${(wasm.length / 1024).toFixed(0)} KB (${(gzipSync(wasm, { level: 9 }).length / 1024).toFixed(1)} KB gz)`);
  return { js, wasm };
}

/**
 * Bytes as text for an HTML data block, 7 bits per character, most significant bit first (the
 * last character zero-padded). Values 0-127 are the ASCII characters themselves (1 byte of
 * UTF-8), except the three the HTML parser would change or read as markup inside `<script>`
 * (NUL → U+FFFD, CR → LF, `<`), which become U+0100 + value (2 bytes); the reader takes each
 * character's code `& 127`. About 8/7 × 1.02 of the input, against 4/3 for base64.
 */
function pack7(bytes) {
  const out = [];
  const put = (v) => out.push(String.fromCharCode(v === 0 || v === 13 || v === 60 ? 0x100 + v : v));
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 7) {
      bits -= 7;
      put((acc >> bits) & 127);
    }
    acc &= (1 << bits) - 1;
  }
  if (bits > 0) put((acc << (7 - bits)) & 127);
  return out.join('');
}

/**
 * Minifies the wasm-bindgen JS glue of the served page in place with esbuild (about 40 → 18 KB,
 * 7.5 → 5.5 KB gzipped; Trunk's own minifier leaves it alone) and updates its
 * subresource-integrity hash in index.html. Runs before the CSP and offline steps, so both
 * see the minified file.
 */
function minifyGlue() {
  const esbuild = createRequire(new URL('../tools/package.json', import.meta.url))('esbuild');
  const name = find(/^sockbind-app-[0-9a-f]+\.js$/);
  const path = join(dir, name);
  const before = readFileSync(path);
  const after = esbuild.transformSync(before.toString('utf8'), { format: 'esm', minify: true, target: 'es2022' }).code;
  writeFileSync(path, after);
  const sri = (buf) => `sha384-${createHash('sha384').update(buf).digest('base64')}`;
  const htmlPath = join(dir, 'index.html');
  const html = readFileSync(htmlPath, 'utf8');
  const old = sri(before);
  if (html.includes(`integrity="${old}"`) || html.includes(`integrity=${old}`)) {
    writeFileSync(htmlPath, html.split(old).join(sri(after)));
  } else if (html.includes('integrity=')) {
    throw new Error(`postbuild: no integrity hash for ${name} in index.html to update`);
  }
}

/**
 * Minifies the served page's stylesheet in place with esbuild (about 23.8 → 19.1 KB, 6.1 → 5.0 KB
 * gzipped). Its <link> carries no integrity hash (see `stylesheetWithoutIntegrity`), so nothing
 * else changes; the offline page inlines the minified file.
 */
function minifyStyle() {
  const esbuild = createRequire(new URL('../tools/package.json', import.meta.url))('esbuild');
  const path = join(dir, find(/^style-[0-9a-f]+\.css$/));
  writeFileSync(path, esbuild.transformSync(readFileSync(path, 'utf8'), { loader: 'css', minify: true }).code);
}

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
