import type { Browser } from 'puppeteer-core';
import { findBrowser, launchBrowser } from './browser.js';

/**
 * One browser per process, launched on first use and reused for every document after it (a launch costs
 * over a second; a page costs milliseconds). The binary is looked up at construction, so a missing
 * Chromium is reported before any work is done.
 */
export class SharedBrowser {
  private readonly executablePath: string;
  private launching: Promise<Browser> | undefined;

  constructor(configuredPath?: string) {
    this.executablePath = findBrowser(configuredPath);
  }

  get(): Promise<Browser> {
    if (!this.launching) {
      this.launching = launchBrowser(this.executablePath);
      // A failed launch may be retried by the next caller.
      this.launching.catch(() => (this.launching = undefined));
    }
    return this.launching;
  }

  async close(): Promise<void> {
    const launching = this.launching;
    this.launching = undefined;
    if (launching) await (await launching.catch(() => undefined))?.close();
  }
}
