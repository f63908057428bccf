// Shared steps of the e2e specs: waiting for the app, checking accessibility, choosing a commune.
import { expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';

/** The commune the journeys use: Thủy Nguyên (Hải Phòng). */
export const COMMUNE = '11560';
/** The procedure the journeys use: birth registration (đăng ký khai sinh). */
export const PROCEDURE = '1.001193';

/**
 * Waits until the wasm app runs (Trunk's loader sets `window.wasmBindings`) and has done its
 * first render from stored or fetched data (`<body data-ready="1">`).
 */
export async function ready(page: Page): Promise<void> {
  watchCsp(page);
  await page.waitForFunction(() => 'wasmBindings' in window, null, { timeout: 30_000 });
  await page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 30_000 });
  await expect(page.locator('main h1, h1').first()).toBeVisible();
}

/** No loading placeholder left on the page. */
export async function settled(page: Page): Promise<void> {
  await expect(page.locator('.app-status[role="status"]:is(h1)')).toHaveCount(0);
}

/** Content-Security-Policy violations the browser reported on each page since its first `ready`. */
const cspViolations = new WeakMap<Page, string[]>();

/** Starts collecting the page's CSP violations (the server's policy is strict: see hardening). */
function watchCsp(page: Page): void {
  if (cspViolations.has(page)) return;
  const seen: string[] = [];
  cspViolations.set(page, seen);
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) seen.push(message.text());
  });
}

/**
 * AXE (WCAG 2.0/2.1 A and AA, 2.2 AA) finds no violation on the page as it is now, and the
 * browser reported no Content-Security-Policy violation on it.
 */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  expect(cspViolations.get(page) ?? [], `CSP violations on ${label}`).toEqual([]);
  const { violations } = await new AxeBuilder({ page })
    // Before withTags: options() replaces the whole options object, runOnly included.
    .options({ resultTypes: ['violations'] }) // passes are not serialised node by node: faster
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const summary = violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help}\n` +
      v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.split('\n').join(' ')}`).join('\n'),
  );
  expect(summary, `axe violations on ${label} (${page.url()})`).toEqual([]);
}

/** On `/`: filters by a name typed without diacritics and chooses commune {@link COMMUNE}. */
export async function chooseCommune(page: Page): Promise<void> {
  await page.goto('/');
  await ready(page);
  await page.locator('#commune-filter').fill('thuy nguyen');
  const item = page.locator('li', { has: page.locator(`a[href="/c/${COMMUNE}"]`) });
  await expect(item).toBeVisible();
  await item.locator('button').click();
  await expect(page).toHaveURL(/\/procedures$/);
}

/** The procedure guide's checkboxes, once stored ticks have been loaded. */
export async function checklist(page: Page) {
  await expect(page.locator('[data-loaded="1"]').first()).toBeAttached();
  return page.locator('ul.app-checklist input[type=checkbox]');
}

/**
 * Waits until a service worker is activated for the page (the app shell is cached).
 * `serviceWorker.ready` already resolves while the worker is still `activating`.
 */
export async function serviceWorkerActive(page: Page): Promise<void> {
  const state = await page.evaluate(async () => {
    const worker = (await navigator.serviceWorker.ready).active;
    if (worker?.state === 'activating') {
      await new Promise<void>((resolve) =>
        worker.addEventListener('statechange', () => worker.state !== 'activating' && resolve()),
      );
    }
    return worker?.state;
  });
  expect(state).toBe('activated');
}

/** The shared server's SQLite database (see playwright.config.ts), for `sqlite3` checks. */
export function sharedDbPath(): string {
  return `${process.env.MOTCUA_E2E_DB_DIR}/e2e.db`;
}

/** The id of the draft whose page is open (`/drafts/{id}…`). */
export function draftIdOf(url: string): string {
  const m = url.match(/\/drafts\/([0-9a-f]{32})/);
  if (!m) throw new Error(`not a draft page: ${url}`);
  return m[1];
}

/**
 * Collects the app's Rust panics (`panicked at …` on the console: after one, the wasm app is
 * dead) so a test can fail with the panic message instead of a mysterious timeout.
 */
export function watchPanics(page: Page): string[] {
  const panics: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && m.text().includes('panicked at')) {
      panics.push(`${page.url()}: ${m.text().split('\n\nStack')[0].replace(/\s+/g, ' ').slice(0, 300)}`);
      if (process.env.MOTCUA_PANIC_STACKS) console.log(m.text());
    }
  });
  return panics;
}

/** The two languages of the app: `vi` (default) and `en` (after the header toggle). */
export type Lang = 'vi' | 'en';

/** From a page of the app: switches to `lang` with the header toggle (a no-op for `vi`). */
export async function useLang(page: Page, lang: Lang): Promise<void> {
  if (lang === 'en' && (await page.locator('html').getAttribute('lang')) !== 'en') {
    await page.locator('button#lang-toggle').click();
  }
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
}

/** The smallest target size the issue asks for (WCAG 2.5.5 AAA, stricter than 2.5.8's 24 px). */
export const TOUCH_TARGET_PX = 44;

/**
 * Every visible interactive element smaller than {@link TOUCH_TARGET_PX} in either dimension, as
 * `"<selector> "text": W×H"`. A checkbox or radio counts with its label (tapping either ticks it:
 * the target is their union); a file input hidden behind its styled `<label>` is the label.
 * Exempt, as WCAG 2.5.8 allows, and only these: links inside running text, i.e. an inline `<a>`
 * in a `<p>`, `<li>` or `<dd>` whose own parent also holds words of its own (a sentence such as
 * "Call <a>0225…</a> or come to the office").
 */
export async function smallTouchTargets(page: Page): Promise<string[]> {
  return page.evaluate((min) => {
    type Box = { left: number; top: number; right: number; bottom: number };
    const shown = (el: Element): boolean => {
      const s = getComputedStyle(el);
      if (s.visibility !== 'visible' || s.display === 'none') return false;
      const r = el.getBoundingClientRect();
      if (r.width <= 1 || r.height <= 1) return false; // visually hidden (clip, 1×1 px)
      // Parked off the page (the unfocused skip link); page coordinates, so that what is only
      // scrolled out of view still counts.
      if (r.right + scrollX <= 0 || r.bottom + scrollY <= 0) return false;
      for (let e: Element | null = el; e; e = e.parentElement) {
        const es = getComputedStyle(e);
        if (parseFloat(es.opacity) === 0) return false;
        if (es.clipPath.startsWith('inset(50%')) return false;
      }
      return true;
    };
    const inRunningText = (a: Element): boolean => {
      if (getComputedStyle(a).display !== 'inline') return false;
      if (!a.closest('p, li, dd')) return false;
      const parent = a.parentElement!;
      return [...parent.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && /[\p{L}\p{N}]/u.test(n.textContent ?? ''));
    };
    const union = (els: Element[]): Box =>
      els
        .map((e) => e.getBoundingClientRect())
        .reduce<Box>(
          (u, r) => ({ left: Math.min(u.left, r.left), top: Math.min(u.top, r.top), right: Math.max(u.right, r.right), bottom: Math.max(u.bottom, r.bottom) }),
          { left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity },
        );
    const name = (el: Element): string => {
      const id = el.id ? `#${el.id}` : '';
      const cls = [...el.classList].slice(0, 2).map((c) => `.${c}`).join('');
      const text = (el.textContent ?? (el as HTMLInputElement).value ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
      return `${el.tagName.toLowerCase()}${id}${cls} "${text}"`;
    };
    const targets = new Map<Element, Element[]>();
    const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [role=link], [tabindex="0"]';
    for (const el of document.querySelectorAll(selector)) {
      if (el instanceof HTMLInputElement && ['checkbox', 'radio', 'file'].includes(el.type)) {
        const labels = [...(el.labels ?? [])].filter(shown);
        const parts = shown(el) ? [el, ...labels] : labels; // a hidden file input: its label
        if (parts.length) targets.set(labels[0] ?? el, parts);
      } else if (shown(el) && !(el.tagName === 'A' && inRunningText(el))) {
        targets.set(el, [el]);
      }
    }
    const small: string[] = [];
    for (const [el, parts] of targets) {
      const b = union(parts);
      const w = Math.round((b.right - b.left) * 10) / 10;
      const h = Math.round((b.bottom - b.top) * 10) / 10;
      if (w < min - 0.5 || h < min - 0.5) small.push(`${name(el)}: ${w}×${h}`);
    }
    return small;
  }, TOUCH_TARGET_PX);
}

/**
 * What breaks reflow (WCAG 1.4.10) or hides text (1.4.4) on the page as laid out now: the page
 * scrolling sideways, visible elements sticking out past the right edge, and boxes that clip
 * their text (overflow hidden/clip with more content than room, or an ellipsis). A labelled
 * horizontal scroll container (`role="region"` with a name, `tabindex="0"`: how data tables are
 * wrapped) may scroll on its own, which WCAG permits for two-dimensional content.
 */
export async function reflowProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const doc = document.documentElement;
    const width = doc.clientWidth;
    if (doc.scrollWidth > width + 1) problems.push(`the page scrolls sideways: ${doc.scrollWidth} > ${width} px`);
    const name = (el: Element): string => {
      const cls = [...el.classList].slice(0, 2).map((c) => `.${c}`).join('');
      const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
      return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${cls} "${text}"`;
    };
    const scrollRegion = (el: Element): boolean =>
      el.getAttribute('role') === 'region' &&
      el.getAttribute('tabindex') === '0' &&
      !!(el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')) &&
      ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
    const hiddenByDesign = (el: Element): boolean =>
      !!el.closest('.app-visually-hidden, .app-skip-link, [hidden], [aria-hidden="true"]');
    for (const el of document.body.querySelectorAll('*')) {
      const region = el.parentElement?.closest('[role="region"][tabindex="0"]');
      if (hiddenByDesign(el) || (region && scrollRegion(region))) continue;
      const s = getComputedStyle(el);
      if (s.display === 'none' || s.visibility !== 'visible') continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim());
      if (r.right > width + 1 && (el.children.length === 0 || ownText)) {
        problems.push(`${name(el)} sticks out: right edge at ${Math.round(r.right)} > ${width} px`);
      }
      const clips = (o: string) => o === 'hidden' || o === 'clip';
      if (ownText && s.display !== 'inline' && !clips(s.overflowX) && el.scrollWidth > el.clientWidth + 1 && !el.matches('input, select, textarea')) {
        problems.push(`${name(el)} text runs out of its box: ${el.scrollWidth} > ${el.clientWidth} px`);
      }
      if (scrollRegion(el) || el.matches('input, select, textarea')) continue; // form controls scroll their own value
      if (clips(s.overflowX) && el.scrollWidth > el.clientWidth + 1) {
        problems.push(`${name(el)} clips its text sideways: ${el.scrollWidth} > ${el.clientWidth} px`);
      }
      if (clips(s.overflowY) && el.scrollHeight > el.clientHeight + 1) {
        problems.push(`${name(el)} clips its text vertically: ${el.scrollHeight} > ${el.clientHeight} px`);
      }
      if (s.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1) {
        problems.push(`${name(el)} is cut with an ellipsis`);
      }
      if (['auto', 'scroll'].includes(s.overflowX) && el.scrollWidth > el.clientWidth + 1 && el !== doc && el !== document.body) {
        problems.push(`${name(el)} scrolls sideways but is not a labelled, focusable region`);
      }
    }
    return problems.slice(0, 12);
  });
}

/**
 * Heading and landmark problems: not exactly one `<h1>`, a heading level skipped on the way down
 * (h2 → h4), the first heading not the h1; not exactly one `main`, not one banner header, more
 * than one contentinfo footer, an unnamed or duplicate-named navigation, or visible text outside
 * every landmark but the skip link (screen-reader users moving by landmark would miss it); a
 * positive tabindex (focus order would no longer follow the reading order).
 */
export async function structureProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const exposed = (el: Element): boolean =>
      !el.closest('[hidden], [aria-hidden="true"]') && getComputedStyle(el).display !== 'none' && getComputedStyle(el).visibility !== 'hidden';
    const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role="heading"]')].filter(exposed);
    const level = (h: Element) => Number(h.getAttribute('aria-level') ?? h.tagName.slice(1));
    const outline = headings.map((h) => `h${level(h)} "${(h.textContent ?? '').trim().slice(0, 30)}"`);
    const h1s = headings.filter((h) => level(h) === 1).length;
    if (h1s !== 1) problems.push(`${h1s} h1 (want exactly one): ${outline.join(', ')}`);
    if (headings.length && level(headings[0]) !== 1) problems.push(`the first heading is not the h1: ${outline.join(', ')}`);
    for (let i = 1; i < headings.length; i++) {
      if (level(headings[i]) > level(headings[i - 1]) + 1) {
        problems.push(`heading level skipped: ${outline[i - 1]} → ${outline[i]}`);
      }
    }
    const landmarks = 'header, nav, main, footer, aside, section[aria-label], section[aria-labelledby], form[aria-label], [role="banner"], [role="navigation"], [role="main"], [role="contentinfo"], [role="complementary"], [role="region"], [role="search"]';
    const mains = [...document.querySelectorAll('main, [role="main"]')].filter(exposed);
    if (mains.length !== 1) problems.push(`${mains.length} main landmarks (want one)`);
    const top = (sel: string) => [...document.querySelectorAll(sel)].filter((e) => exposed(e) && !e.parentElement?.closest('main, article, aside, nav, section'));
    if (top('header, [role="banner"]').length !== 1) problems.push('no single banner (a top-level <header>)');
    if (top('footer, [role="contentinfo"]').length > 1) problems.push('more than one contentinfo (top-level <footer>)');
    const navs = [...document.querySelectorAll('nav, [role="navigation"]')].filter(exposed);
    const navNames = navs.map((n) => n.getAttribute('aria-label') ?? (n.getAttribute('aria-labelledby') ? document.getElementById(n.getAttribute('aria-labelledby')!)?.textContent : null) ?? '');
    if (navNames.some((n) => !n)) problems.push('a navigation without a name');
    if (new Set(navNames).size !== navNames.length) problems.push(`navigations with the same name: ${navNames.join(', ')}`);
    // Screen-reader and Tab order is the DOM order: a positive tabindex would jump it.
    for (const el of document.querySelectorAll('[tabindex]')) {
      if (Number(el.getAttribute('tabindex')) > 0) problems.push(`positive tabindex on <${el.tagName.toLowerCase()}>`);
    }
    // The skip link: the first link of the page, to an anchor, before every landmark.
    const skip = document.querySelector('body a[href^="#"]');
    const skipLink = skip && !skip.closest(landmarks) ? skip : null;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement!;
      if (!(n.textContent ?? '').trim() || !exposed(el) || el.closest('noscript, script, style, .app-visually-hidden')) continue;
      if (skipLink?.contains(el)) continue;
      if (!el.closest(landmarks)) problems.push(`text outside every landmark: "${n.textContent!.trim().slice(0, 40)}" in <${el.tagName.toLowerCase()}>`);
    }
    return problems.slice(0, 12);
  });
}

/**
 * How the focused element shows its focus: `null` when nothing shows it (no outline, no box
 * shadow). A file input hidden behind its styled `<label>` shows focus on the label.
 */
export async function focusIndicator(page: Page): Promise<{ element: string; indicator: string | null }> {
  return page.evaluate(() => {
    const focused = document.activeElement as HTMLElement | null;
    if (!focused || focused === document.body) return { element: 'body', indicator: null };
    let shows: Element = focused;
    if (focused instanceof HTMLInputElement && focused.type === 'file' && getComputedStyle(focused).opacity === '0') {
      shows = focused.labels?.[0] ?? focused;
    }
    const s = getComputedStyle(shows);
    const opaque = (color: string) => !/^rgba\(.*,\s*0\)$/.test(color) && color !== 'transparent';
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 && opaque(s.outlineColor) ? `outline ${s.outlineWidth} ${s.outlineStyle} ${s.outlineColor}` : null;
    const shadow = s.boxShadow !== 'none' ? `box-shadow ${s.boxShadow}` : null;
    const cls = [...focused.classList].slice(0, 2).map((c) => `.${c}`).join('');
    const label = (focused.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 30);
    return {
      element: `${focused.tagName.toLowerCase()}${focused.id ? `#${focused.id}` : ''}${cls}${label ? ` "${label}"` : ''}`,
      indicator: outline ?? shadow,
    };
  });
}

/** Runs a statement on the shared SQLite database (what staff would change), returns its output. */
export function sql(statement: string): string {
  return execFileSync('sqlite3', [sharedDbPath(), statement], { encoding: 'utf8' }).trim();
}

/** A fresh random QR token (the alphabet the server uses). */
export function randomToken(): string {
  const alphabet = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
  return Array.from({ length: 8 }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('');
}

/** Inserts a QR link straight into the shared database, bumping the catalog version. */
export function insertQrLink(token: string, target: object, { commune = COMMUNE, retired = false } = {}): void {
  const json = JSON.stringify(target).replace(/'/g, "''");
  sql(
    `UPDATE catalog_meta SET version = version + 1 WHERE id = 1; ` +
      `INSERT INTO qr_links (token, commune, target, target_key, retired, redirect_to, created_at, version) ` +
      `VALUES ('${token}', '${commune}', '${json}', NULL, ${retired ? 1 : 0}, NULL, '2026-11-25T00:00:00Z', ` +
      `(SELECT version FROM catalog_meta WHERE id = 1));`,
  );
}

/** The app's main module (server-rendered pages load it after `load`: see landing*.spec.ts). */
export const MAIN_WASM = /\/motcua-[0-9a-f]+\/motcua_bg\.wasm$/;

/** Holds the app's main wasm until `release()`, counting its requests. */
export async function holdApp(page: Page) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const held = { requests: 0, release };
  await page.route(MAIN_WASM, async (route) => {
    held.requests += 1;
    await released;
    await route.continue();
  });
  return held;
}

/**
 * Holds the app's background sync (the commune list, a commune's catalog) until `release()`:
 * a cold visit's page then has to show with what it asked for itself.
 */
export async function holdSync(page: Page): Promise<{ release: () => void }> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/api\/v1\/(catalog\?|communes$)/, async (route) => {
    await released;
    await route.continue();
  });
  return { release };
}

/**
 * The text of the header and main under `root`, without the live parts (the checklist's count,
 * the sync notice), for comparing the server's page with the app's.
 */
export async function shownText(page: Page, root: string): Promise<{ header: string; main: string }> {
  return page.evaluate((root) => {
    const text = (selector: string) => {
      const element = document.querySelector(`${root} > ${selector}, ${root} ${selector}`) as HTMLElement | null;
      if (!element) return '';
      const copy = element.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('.app-checklist__progress, .app-notice').forEach((e) => e.remove());
      return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
    };
    return { header: text('header.app-header'), main: text('main#main') };
  }, root);
}
