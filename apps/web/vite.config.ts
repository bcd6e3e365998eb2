import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

// In development the API and the socket live on the server's port; proxy them so the app is same-origin.
const server = 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [svelte()],
  server: {
    proxy: {
      '/api': server,
      '/socket.io': { target: server, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The analytics page's chunk is the charting library (about 640 kB, 220 kB gzipped); it loads
    // only when someone opens the analytics, so it may be larger than the default warning allows.
    chunkSizeWarningLimit: 700,
  },
});
