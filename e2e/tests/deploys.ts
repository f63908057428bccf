// Simulated deploys for the update specs (issue 9): a COPY of dist/ served by the spec's own
// server (fixtures/server.mjs), whose sw.js gets a new build id as Trunk's post_build hook
// stamps one per build. The shared dist/ is never modified, so other specs are unaffected.
import { expect, type Page } from '@playwright/test';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../fixtures/server.mjs';

const BUILD = /const BUILD = '([^']*)';/;

/** A copy of the built app, for a spec to "deploy" into. */
export function copyDist(): string {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-dist-'));
  cpSync(join(ROOT, 'dist'), dir, { recursive: true });
  return dir;
}

/**
 * A new deploy: sw.js with a new build id (what Trunk's hook writes), optionally with `prefix`
 * (e.g. a statement that throws) put before the worker's code. Returns the new build id.
 */
export function deploy(dist: string, suffix: string, prefix = ''): string {
  const path = join(dist, 'sw.js');
  const text = readFileSync(path, 'utf8').replace(/^throw new Error\('broken deploy'\);\n/, '');
  const m = text.match(BUILD);
  if (!m) throw new Error(`no build id in ${path}`);
  const build = `${m[1].split('-')[0]}-${suffix}`;
  writeFileSync(path, prefix + text.replace(m[0], `const BUILD = '${build}';`));
  return build;
}

/** The path of the app's hashed wasm in a dist directory (`/motcua-<hash>/motcua_bg.wasm`). */
export function wasmPath(dist: string): string {
  const m = readFileSync(join(dist, 'index.html'), 'utf8').match(/\/motcua-[0-9a-f]+\/motcua_bg\.wasm/);
  if (!m) throw new Error(`no app wasm named in ${dist}/index.html`);
  return m[0];
}

/** The build id of the worker controlling the page (asked over a MessageChannel). */
export function controllerBuild(page: Page): Promise<string | null> {
  return page.evaluate(
    () =>
      new Promise<string | null>((resolve) => {
        const worker = navigator.serviceWorker.controller;
        if (!worker) return resolve(null);
        const channel = new MessageChannel();
        channel.port1.onmessage = (e) => resolve(e.data.build);
        worker.postMessage({ type: 'VERSION' }, [channel.port2]);
      }),
  );
}

/** Waits until a service worker controls the page. */
export async function controlled(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
}

/**
 * Asks the browser for an update now (`registration.update()`) and waits until it is decided:
 * `'rejected: <name>'` when the new sw.js could not be fetched or evaluated, else the state the
 * new worker ends its install in (`'installed'` or `'redundant'`), or `'none'` without a new one.
 */
export function updateOutcome(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    if (!registration) return 'no registration';
    try {
      await registration.update();
    } catch (e) {
      return `rejected: ${(e as Error).name}`;
    }
    const worker = registration.installing ?? registration.waiting;
    if (!worker) return 'none';
    return new Promise<string>((resolve) => {
      const settled = () => {
        if (worker.state === 'installed' || worker.state === 'redundant') resolve(worker.state);
      };
      worker.addEventListener('statechange', settled);
      settled();
    });
  });
}

/** The names of the app's caches (`motcua-…`) in Cache Storage. */
export function appCaches(page: Page): Promise<string[]> {
  return page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('motcua-')).sort());
}

/** No worker is installing or waiting: only the running one is registered. */
export async function noNewWorker(page: Page): Promise<void> {
  const left = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    return { installing: !!registration?.installing, waiting: !!registration?.waiting };
  });
  expect(left).toEqual({ installing: false, waiting: false });
}
