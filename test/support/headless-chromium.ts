/**
 * Debian's chromium in headless mode: the DOM after the page's scripts ran, and a screenshot. A missing
 * browser fails with what to install (`.ci/run` installs it), never a skip.
 */
import { execFile } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--hide-scrollbars'];

async function browser(): Promise<string> {
  for (const candidate of ['chromium', 'chromium-browser']) {
    try {
      await run('which', [candidate]);
      return candidate;
    } catch {
      // try the next name
    }
  }
  throw new Error('no chromium on PATH: install it (apt-get install chromium; .ci/run does) to check the run report in a real browser');
}

/** The page's DOM once loaded and its inline scripts ran. */
export async function renderedDom(htmlPath: string): Promise<string> {
  const { stdout } = await run(await browser(), [...FLAGS, '--dump-dom', pathToFileURL(htmlPath).href], { timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

export async function screenshot(htmlPath: string, pngPath: string): Promise<void> {
  await run(await browser(), [...FLAGS, `--screenshot=${pngPath}`, '--window-size=1280,2600', pathToFileURL(htmlPath).href], { timeout: 120_000 });
}
