// A fake camera for Chromium (`--use-file-for-fake-video-capture=<file>.y4m`): a few 640×480
// YUV4MPEG2 frames showing one QR code, drawn from its module matrix (plain Y plane, neutral U/V).
import { writeFileSync } from 'node:fs';

const W = 640;
const H = 480;

/** The module matrix of the QR code in a poster's SVG (`<path d="M{x} {y}h1v1h-1z…">`). */
export function matrixFromPoster(html: string): string[] {
  const side = Number(/viewBox="0 0 (\d+) \d+"/.exec(html)?.[1]);
  const d = /<svg class="qr"[^]*? d="([^"]+)"/.exec(html)?.[1];
  if (!side || !d) throw new Error('no QR svg in the poster');
  const rows = Array.from({ length: side }, () => Array(side).fill('0'));
  for (const m of d.matchAll(/M(\d+) (\d+)h1v1h-1z/g)) rows[Number(m[2])][Number(m[1])] = '1';
  return rows.map((r) => r.join(''));
}

/** Writes `frames` frames of `matrix` (quiet zone included or not: a white margin is added). */
export function writeY4m(file: string, matrix: string[], frames = 5): void {
  const n = matrix.length;
  const scale = Math.floor((Math.min(W, H) * 0.8) / (n + 8));
  const size = n * scale;
  const x0 = Math.floor((W - size) / 2);
  const y0 = Math.floor((H - size) / 2);
  const y = Buffer.alloc(W * H, 235); // white paper
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (matrix[r][c] !== '1') continue;
      for (let dy = 0; dy < scale; dy++) {
        y.fill(16, (y0 + r * scale + dy) * W + x0 + c * scale, (y0 + r * scale + dy) * W + x0 + (c + 1) * scale);
      }
    }
  }
  const chroma = Buffer.alloc((W / 2) * (H / 2) * 2, 128);
  const parts: Buffer[] = [Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`)];
  for (let f = 0; f < frames; f++) parts.push(Buffer.from('FRAME\n'), y, chroma);
  writeFileSync(file, Buffer.concat(parts));
}
