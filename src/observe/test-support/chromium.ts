// Headless Chromium (Debian's /usr/bin/chromium) through playwright-core, with a fresh profile
// that is removed on close. Without Chromium a test is skipped with the reason, except under
// CI=true, where it must run (.ci/run installs it).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// Why the browser test cannot run here, or false when it can; throws under CI without Chromium.
export function chromiumSkipReason(): string | false {
  if (existsSync(CHROMIUM)) return false;
  if (process.env.CI === 'true') {
    throw new Error(`${CHROMIUM} is missing under CI; .ci/run installs Debian's chromium`);
  }
  const reason = `${CHROMIUM} is missing (apt-get install -y chromium)`;
  process.stdout.write(`# skipping the browser test: ${reason}\n`);
  return reason;
}

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

// Launches Chromium with a profile of its own.
export async function launchChromium(viewport = { width: 1366, height: 768 }): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'crew-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
