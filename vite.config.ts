/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2500 },
  preview: { port: 4173, strictPort: true },
  server: { port: 5173 },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    environment: 'node',
    pool: 'threads',
    // A guard against a hung test, not a speed check (those assert their own bounds): on a slow
    // 2-core machine, tests that make 100k-span inputs took 5.2 s under the suite's load.
    testTimeout: 30_000,
  },
});
