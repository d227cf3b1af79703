import { defineConfig } from 'vite';

/**
 * The dashboard (issue #14): built into dist/web by `npm run build`, served by the hub at /.
 * `npm run dev:web` serves it with live reload and proxies the API and the live feed to a
 * running hub (HUB_URL, default http://127.0.0.1:3000).
 */
const hub = process.env.HUB_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    chunkSizeWarningLimit: 400,
  },
  server: {
    proxy: {
      '/v1': { target: hub, changeOrigin: true },
      '/socket.io': { target: hub, ws: true, changeOrigin: true },
      '/docs': { target: hub, changeOrigin: true },
    },
  },
});
