// What several specs share: the built offline file and a way to open it with the network
// blocked, axe-core's script, and the artifacts folder.
import { readFileSync, mkdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** The single-file offline page, as built into dist/. */
export const OFFLINE = new URL('../dist/sockbind-offline.html', import.meta.url).pathname;
/** axe-core, to evaluate in a page (then `axe.run`). */
export const AXE = readFileSync(new URL('./node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
/** Where specs write screenshots and other artifacts (created on import). */
export const ARTIFACTS = new URL('./artifacts/', import.meta.url).pathname;
mkdirSync(ARTIFACTS, { recursive: true });

/**
 * Opens the offline file from file:// (with `query`, e.g. `?lang=zh-TW`) in a new context that
 * is offline and aborts every request that is not to a file: URL. Returns the context, the page,
 * the file's URL, the page errors seen, and `others()`: the requests made to anything but the
 * file itself (and data:/blob: URLs), which should stay empty.
 */
export async function openOffline(browser, query = '') {
  const context = await browser.newContext();
  await context.setOffline(true);
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  await context.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const url = pathToFileURL(OFFLINE).href;
  await page.goto(`${url}${query}`);
  const others = () => requests.filter((u) => !u.startsWith(url) && !u.startsWith('data:') && !u.startsWith('blob:'));
  return { context, page, url, errors, others };
}
