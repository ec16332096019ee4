import { defineConfig } from 'vite';

// Bundles the `tracelinks` CLI (src/cli + src/core) into one ES module for Node,
// so `npx tracelinks` runs right after `npm ci` without a TypeScript loader.
export default defineConfig({
  publicDir: false,
  build: {
    ssr: 'src/cli/main.ts',
    outDir: 'build/cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: false,
    rollupOptions: { output: { entryFileNames: 'tracelinks.mjs', format: 'es' } },
  },
  ssr: { noExternal: true },
});
