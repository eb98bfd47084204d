import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// The C++ server serves web/dist from the same origin as /api, so production
// needs no proxy. `npm run dev` proxies /api and /healthz to a local server.
export default defineConfig({
  base: '/',
  plugins: [vue()],
  server: {
    port: 5173,
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false },
      '/healthz': { target: 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Element Plus is imported as a whole (one vendor chunk of ~1 MB).
    chunkSizeWarningLimit: 1500,
  },
});
