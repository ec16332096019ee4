/** Saving and copying what an export produced: everything stays in the browser (blob URLs). */

/** Starts a download of `data` as `name` at once. */
export function download(name: string, data: Blob | string, type = 'text/plain'): void {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked later: Chromium reads the blob after the click returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Copies text; false when the browser refused (no permission, not focused). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** A file name stem for this moment: `tracelinks-2026-12-01-0942`. */
export function fileStem(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `tracelinks-${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}`;
}

/** Largest PNG side and area Chromium's canvas takes reliably. */
const MAX_SIDE = 16_384;
const MAX_AREA = 120_000_000;

/**
 * Rasterises a standalone SVG to PNG at `scale` (2 = legible on a slide), scaled down when the
 * canvas would be too large. Resolves with the PNG and the scale used.
 */
export async function svgToPng(svg: string, scale = 2): Promise<{ png: Blob; scale: number }> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.decoding = 'async';
    img.src = url;
    await img.decode();
    const w = img.naturalWidth || 1;
    const h = img.naturalHeight || 1;
    const fit = Math.min(scale, MAX_SIDE / w, MAX_SIDE / h, Math.sqrt(MAX_AREA / (w * h)));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.floor(w * fit));
    canvas.height = Math.max(1, Math.floor(h * fit));
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('this browser gave no 2D canvas');
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    const png = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!png) throw new Error('the image is too large to encode');
    return { png, scale: fit };
  } finally {
    URL.revokeObjectURL(url);
  }
}
