import { defineConfig } from '@playwright/test';
import { executablePath, args } from './chromium.mjs';

// Fixed: the host page (host/index.html) points its iframe at 8181.
const port = 8181;
const hostPort = 8182;

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
