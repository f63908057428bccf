// The app's PNG icons, rendered from public/icons/icon.svg by the system Chromium (no binary
// downloads, no image library):
//
//   node e2e/bench/icons.mjs
//
// Writes to public/icons/ (committed; Trunk copies the folder, the service worker precaches it):
// - icon-192.png, icon-512.png: purpose "any", the SVG as it is (transparent rounded corners);
// - icon-maskable-512.png: purpose "maskable", a full-bleed brand background with the SVG scaled
//   to MASKABLE_SCALE, so everything drawn lies inside the central 80 % safe zone (a circle of
//   radius 0.4 × size) that launchers keep whatever shape they cut.
import { chromium } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const icons = join(root, 'public/icons');
const BRAND = '#0b4f6c';
// The SVG's farthest drawn point (the check mark badge) is 242/256 of the half size from the
// centre; 0.78 puts it at 0.37 × size, inside the 0.4 × size safe circle.
const MASKABLE_SCALE = 0.78;

const svg = readFileSync(join(icons, 'icon.svg'), 'utf8');
const dataUrl = (text) => `data:image/svg+xml;base64,${Buffer.from(text).toString('base64')}`;

function html(size, maskable) {
  const inner = maskable ? Math.round(size * MASKABLE_SCALE) : size;
  const background = maskable ? BRAND : 'transparent';
  return `<!doctype html><html><body style="margin:0;background:transparent">
    <div id="icon" style="width:${size}px;height:${size}px;background:${background};display:grid;place-items:center">
      <img src="${dataUrl(svg)}" width="${inner}" height="${inner}" alt="">
    </div></body></html>`;
}

const outputs = [
  { file: 'icon-192.png', size: 192, maskable: false },
  { file: 'icon-512.png', size: 512, maskable: false },
  { file: 'icon-maskable-512.png', size: 512, maskable: true },
];

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ deviceScaleFactor: 1, viewport: { width: 600, height: 600 } });
  for (const { file, size, maskable } of outputs) {
    await page.setContent(html(size, maskable));
    await page.waitForFunction(() => document.querySelector('img').complete);
    const png = await page.locator('#icon').screenshot({ omitBackground: true });
    writeFileSync(join(icons, file), png);
    console.log(`${file}: ${size}×${size}, ${png.length} bytes`);
  }
} finally {
  await browser.close();
}
