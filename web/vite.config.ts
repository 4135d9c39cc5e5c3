// Vite build of the fundgov web UI: `vite build web` writes web/dist, served by server/routes/web.ts.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    rollupOptions: {
      output: {
        // Big, rarely-changing libraries in their own files so the browser caches them across releases.
        manualChunks(id: string) {
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender')) return 'echarts';
          if (id.includes('node_modules/cytoscape') || id.includes('node_modules/dagre') || id.includes('node_modules/graphlib')) return 'cytoscape';
          if (id.includes('node_modules/antd') || id.includes('node_modules/@ant-design') || id.includes('node_modules/rc-') || id.includes('node_modules/@rc-component')) return 'antd';
          return undefined;
        },
      },
    },
  },
  server: { proxy: { '/graphql': 'http://localhost:4000' } },
});
