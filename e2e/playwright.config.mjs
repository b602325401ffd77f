import { defineConfig } from '@playwright/test';
import { executablePath, args } from './chromium.mjs';

// Fixed: the host page (host/index.html) points its iframe at 8181.
const port = 8181;
const hostPort = 8182;
// dist/ on a plain static server with no special headers (Python's, as a writer would use).
const plainPort = 8183;

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    browserName: 'chromium',
    launchOptions: { executablePath, args },
    viewport: { width: 1280, height: 900 },
  },
  webServer: [
    {
      // The release build, exactly as shipped, with its CSP as a header too.
      command: `node serve.mjs --port ${port} --dir ../dist --csp --cors`,
      url: `http://127.0.0.1:${port}/`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      // The same dist/ as any plain static host serves it: no CORS, no CSP header.
      command: `python3 -m http.server ${plainPort} --bind 127.0.0.1 --directory ../dist`,
      url: `http://127.0.0.1:${plainPort}/sockbind-offline.html`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'ignore',
      stderr: 'ignore',
    },
    {
      // A host page on another origin that embeds the widget.
      command: `node serve.mjs --port ${hostPort} --dir host`,
      url: `http://127.0.0.1:${hostPort}/`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
