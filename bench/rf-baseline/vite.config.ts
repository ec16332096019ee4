// Builds the benchmark's React Flow baseline page (bench/rf-baseline) into bench/out/rf-baseline.
// Not part of the app: `npm run build` never sees it, and nothing here goes into dist/.
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [react()],
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('../out/rf-baseline', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2500,
  },
  logLevel: 'warn',
});
