// Playwright drives Debian's Chromium (/usr/bin/chromium: no browser download) against the real
// release server (`target/release/motcua-server`) serving the release bundle (`dist/`), on a free
// port with a fresh SQLite database in a temp dir. Build both first: `cargo xtask test` does.
import { defineConfig } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const server = process.env.MOTCUA_E2E_SERVER ?? join(root, 'target/release/motcua-server');

// The config is evaluated again in every worker: pick the port and database once, in the main
// process, and hand them down through the environment workers inherit.
if (!process.env.MOTCUA_E2E_PORT) {
  process.env.MOTCUA_E2E_PORT = execFileSync(process.execPath, [
    '-e',
    "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})",
  ]).toString();
}
if (!process.env.MOTCUA_E2E_DB_DIR) {
  process.env.MOTCUA_E2E_DB_DIR = mkdtempSync(join(tmpdir(), 'motcua-e2e-'));
}
if (!existsSync(server)) {
  throw new Error(`${server} is missing: run \`cargo build --release -p motcua-server\` (or \`cargo xtask test\`)`);
}
const port = process.env.MOTCUA_E2E_PORT;
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: './tests',
  fullyParallel: false,
  workers: 1, // 2 cores: the server and Chromium need the other one
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: 'playwright-report/results.json' }]],
  use: {
    baseURL,
    browserName: 'chromium',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    viewport: { width: 360, height: 740 }, // the phone the product is for
    serviceWorkers: 'allow',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: server,
    cwd: root,
    url: `${baseURL}/healthz`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      MOTCUA_ADDR: `127.0.0.1:${port}`,
      MOTCUA_DATABASE_URL: `sqlite://${process.env.MOTCUA_E2E_DB_DIR}/e2e.db?mode=rwc`,
      MOTCUA_DIST_DIR: join(root, 'dist'),
      MOTCUA_DATA_DIR: `${process.env.MOTCUA_E2E_DB_DIR}/data`, // attachments: not the repo's var/
      // One browser sends every test's uploads from 127.0.0.1: keep the per-client POST limit
      // out of the way (its behaviour is covered by crates/server/tests/hardening.rs).
      MOTCUA_POST_LIMIT_PER_MINUTE: '100000',
      MOTCUA_POST_BURST: '100000',
      RUST_LOG: process.env.RUST_LOG ?? 'warn',
    },
  },
});
