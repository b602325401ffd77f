// A small static server for the end-to-end tests and the embed example, on 127.0.0.1 only.
// Usage: node serve.mjs --port 8181 --dir ../dist [--csp] [--cors]
//   --csp   send dist/csp.txt as the Content-Security-Policy header of HTML responses
//   --cors  send Access-Control-Allow-Origin: * (needed by <iframe sandbox="allow-scripts">,
//           whose opaque origin fetches the page's module script and wasm cross-origin)
import { createServer } from 'node:http';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { join, normalize, extname, resolve } from 'node:path';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const port = Number(opt('--port', 8181));
const root = resolve(opt('--dir', '.'));
const csp = args.includes('--csp') && existsSync(join(root, 'csp.txt'))
  ? readFileSync(join(root, 'csp.txt'), 'utf8').trim()
  : null;
const cors = args.includes('--cors');
const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  let path = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '');
  if (path === '' || path.endsWith('/')) path += 'index.html';
  const file = join(root, path);
  if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found');
    return;
  }
  const type = types[extname(file)] || 'application/octet-stream';
  const headers = { 'Content-Type': type, 'Cache-Control': 'no-store' };
  if (cors) headers['Access-Control-Allow-Origin'] = '*';
  if (csp && type.startsWith('text/html')) headers['Content-Security-Policy'] = csp;
  res.writeHead(200, headers);
  res.end(readFileSync(file));
}).listen(port, '127.0.0.1', () => console.log(`serving ${root} on http://127.0.0.1:${port}/`));
