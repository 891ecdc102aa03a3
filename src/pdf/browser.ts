import { accessSync, constants } from 'node:fs';
import puppeteer, { type Browser } from 'puppeteer-core';
import { BrowserNotFoundError } from '../errors.js';

/** Where Debian, Ubuntu and Google install Chromium or Chrome. */
const USUAL_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

const isExecutable = (path: string) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** The browser binary to print with: CHROME_PATH when set (and it must exist), else the first usual path. */
export function findBrowser(configured?: string): string {
  if (configured) {
    if (isExecutable(configured)) return configured;
    throw new BrowserNotFoundError(
      `CHROME_PATH is ${configured}, but no executable is there. Point it at Chromium or Chrome, or install Chromium: apt-get install -y chromium`,
      { chromePath: configured },
    );
  }
  const found = USUAL_PATHS.find(isExecutable);
  if (!found) {
    throw new BrowserNotFoundError(
      `Chromium is needed to print PDFs and none was found (looked in ${USUAL_PATHS.join(', ')}). Install it (Debian/Ubuntu: apt-get install -y chromium) or set CHROME_PATH to a Chrome or Chromium binary.`,
      { looked: USUAL_PATHS },
    );
  }
  return found;
}

/**
 * Starts headless Chromium for printing. The flags keep it off the network (background updates and
 * component downloads would be refused here and slow every start); as root it cannot use its sandbox.
 *
 * It is driven over a pipe rather than a WebSocket: Chromium quits when its end of the pipe closes, and
 * the kernel closes it when our process dies, however it dies (even SIGKILL, where no exit handler runs),
 * so a killed worker leaves no Chromium behind.
 */
export async function launchBrowser(executablePath: string): Promise<Browser> {
  const args = [
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
    '--no-first-run',
    '--no-default-browser-check',
  ];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return puppeteer.launch({ executablePath, headless: true, args, pipe: true });
}
