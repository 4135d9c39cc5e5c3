// Test images: a report chart (SVG rendered by sharp) and a photo-like scene (gradients,
// texture and noise), both deterministic.
import sharp from 'sharp';
import { rng } from './holders.ts';

export async function chartPng(width = 800, height = 600): Promise<Buffer> {
  const r = rng(7);
  const bars = Array.from({ length: 12 }, (_, i) => {
    const h = 80 + Math.floor(r() * (height - 220));
    const x = 80 + i * ((width - 120) / 12);
    return `<rect x="${x}" y="${height - 60 - h}" width="${(width - 160) / 12}" height="${h}" fill="hsl(${i * 30},60%,55%)"/>`;
  }).join('');
  const line = Array.from({ length: 12 }, (_, i) => `${100 + i * ((width - 120) / 12)},${120 + Math.floor(r() * 200)}`).join(' ');
  const grid = Array.from({ length: 6 }, (_, i) => `<line x1="60" x2="${width - 20}" y1="${60 + i * 80}" y2="${60 + i * 80}" stroke="#ddd"/>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="100%" height="100%" fill="#ffffff"/>${grid}${bars}
    <polyline points="${line}" fill="none" stroke="#333" stroke-width="3"/>
    <line x1="60" y1="${height - 60}" x2="${width - 20}" y2="${height - 60}" stroke="#000" stroke-width="2"/>
    <line x1="60" y1="40" x2="60" y2="${height - 60}" stroke="#000" stroke-width="2"/>
    <text x="${width / 2 - 120}" y="30" font-size="22" font-family="sans-serif">Fund AUM by month 2024</text>
  </svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

export async function photoPng(width = 900, height = 640): Promise<Buffer> {
  const r = rng(11);
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const base = 90 + 80 * Math.sin(x / 97) * Math.cos(y / 71) + 40 * (y / height);
      const tex = 18 * Math.sin(x / 3.1 + y / 5.3) + (r() - 0.5) * 30;
      const i = (y * width + x) * 3;
      data[i] = Math.max(0, Math.min(255, base + tex + 20));
      data[i + 1] = Math.max(0, Math.min(255, base + tex));
      data[i + 2] = Math.max(0, Math.min(255, base * 0.8 + tex));
    }
  }
  return sharp(data, { raw: { width, height, channels: 3 } }).blur(0.8).png().toBuffer();
}
