import type { Browser } from 'puppeteer-core';
import { findBrowser, launchBrowser } from './browser.js';

/**
 * One browser per process, launched on first use and reused for every document after it (a launch costs
 * over a second; a page costs milliseconds). The binary is looked up at construction, so a missing
 * Chromium is reported before any work is done. A browser that crashed or was killed (disconnected) is
 * forgotten, and one that let a print time out is killed (it may be wedged): the next document launches
 * a new one, so one crash costs one attempt, not every print until the worker restarts.
 */
export class SharedBrowser {
  private readonly executablePath: string;
  private launching: Promise<Browser> | undefined;
  private readonly launchListeners: ((browser: Browser) => void)[] = [];

  constructor(configuredPath?: string) {
    this.executablePath = findBrowser(configuredPath);
  }

  get(): Promise<Browser> {
    const current = this.launching;
    if (current) {
      // A cached browser that has disconnected since (crash, kill) is replaced, not handed out.
      return current.then((browser) => (browser.connected ? browser : this.relaunch(current)));
    }
    return this.relaunch(undefined);
  }

  /** Calls `listener` with each browser launched from now on (the worker logs the process id). */
  onLaunch(listener: (browser: Browser) => void): void {
    this.launchListeners.push(listener);
  }

  private relaunch(stale: Promise<Browser> | undefined): Promise<Browser> {
    if (this.launching !== stale) return this.get();
    const launching = launchBrowser(this.executablePath);
    this.launching = launching;
    const forget = () => {
      if (this.launching === launching) this.launching = undefined;
    };
    launching.then(
      (browser) => {
        browser.once('disconnected', forget);
        for (const listener of this.launchListeners) listener(browser);
      },
      // A failed launch may be retried by the next caller.
      forget,
    );
    return launching;
  }

  /** Kills `browser` and forgets it (after a print timed out in it); the next get() launches anew. */
  async discard(browser: Browser): Promise<void> {
    const current = this.launching;
    if (current && (await current.catch(() => undefined)) === browser) this.launching = undefined;
    browser.process()?.kill('SIGKILL');
    await browser.close().catch(() => undefined);
  }

  async close(): Promise<void> {
    const launching = this.launching;
    this.launching = undefined;
    if (launching) await (await launching.catch(() => undefined))?.close().catch(() => undefined);
  }
}
