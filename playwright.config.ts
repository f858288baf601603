import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests drive the real UI through the browser shell (`locard serve`) in the system Chromium:
 * the Electron runtime cannot be downloaded on these machines (see DESIGN.md). Build first
 * (`node scripts/build.mjs`); each test starts its own server with a fresh config and home folder.
 */
export default defineConfig({
  projects: [
    { name: 'browser-shell', testDir: 'test/e2e' },
    // Launches the real Electron app; skips itself, saying why, where the Electron runtime is absent.
    { name: 'electron', testDir: 'test/electron' },
  ],
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['./test/helpers/skip-reasons-reporter.ts']],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    headless: true,
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: process.env.LOCARD_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'retain-on-failure',
  },
});
