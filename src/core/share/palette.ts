/**
 * Service colours: a stable hash of the service name picks one of a fixed palette, so a
 * service keeps its colour across loads, reloads, machines and exports (the app, SVG, HTML).
 * Pure: the app re-exports it from src/app/styles/palette.ts.
 */
const PALETTE = [
  '#2f6fdf', // blue
  '#16a085', // teal
  '#8e44ad', // purple
  '#d35400', // orange
  '#27ae60', // green
  '#c2185b', // magenta
  '#0097a7', // cyan
  '#7f8c1d', // olive
  '#5d4fd1', // indigo
  '#b8860b', // dark gold
  '#6d4c41', // brown
  '#00796b', // dark teal
] as const;

/** FNV-1a, 32 bit: cheap, stable, well spread for short strings. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function serviceColour(service: string): string {
  if (service === '') return '#7a8594';
  return PALETTE[fnv1a(service) % PALETTE.length]!;
}
