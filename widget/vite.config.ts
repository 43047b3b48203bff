import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Three builds into dist/: `widget.js` (IIFE for the script tag, the size-budgeted file),
 * `--mode extra` → `widget-extra.js` (ES module widget.js imports on demand: dialogs, trial panel,
 * more locales) and `--mode esm` → `widget.mjs` (the ESM entry for bundlers). Preact is bundled.
 */
export default defineConfig(({ mode }) => {
  const lib = {
    esm: { entry: 'widget/index.ts', formats: ['es' as const], fileName: () => 'widget.mjs' },
    extra: { entry: 'widget/extra.tsx', formats: ['es' as const], fileName: () => 'widget-extra.js' },
    production: {
      entry: 'widget/loader.ts',
      formats: ['iife' as const],
      name: 'AttachWidget',
      fileName: () => 'widget.js',
    },
  }[mode === 'esm' || mode === 'extra' ? mode : 'production'];
  return {
    root,
    // Classic `h` calls instead of the automatic runtime: one less module in a size-budgeted file.
    // Never the development transform, which would follow NODE_ENV (vitest's `test` added 2 KB).
    oxc: {
      jsx: { runtime: 'classic', pragma: 'h', pragmaFrag: 'Fragment', development: false },
      jsxInject: "import { h, Fragment } from 'preact'",
    },
    define: { 'process.env.NODE_ENV': '"production"' },
    build: {
      outDir: 'dist',
      emptyOutDir: false,
      target: 'es2020',
      minify: true,
      sourcemap: false,
      copyPublicDir: false,
      lib,
    },
  };
});
