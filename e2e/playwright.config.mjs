import { defineConfig } from '@playwright/test';
import { executablePath, args } from './chromium.mjs';

const port = Number(process.env.E2E_PORT || 8181);

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
  webServer: {
    // The release build, exactly as shipped.
    command: `python3 -m http.server ${port} --bind 127.0.0.1 --directory ../dist`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'ignore',
  },
});
