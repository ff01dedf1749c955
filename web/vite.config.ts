// Builds the web app into dist/, which `kieumau serve` serves at /. In development (`npm run dev`)
// the API is proxied to a server on KIEUMAU_API (default http://127.0.0.1:8080).
import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  plugins: [vue()],
  define: {
    // Composition API only (vue-i18n without its legacy API, Vue without the options API), no
    // devtools in the build: a smaller bundle.
    __VUE_I18N_FULL_INSTALL__: false,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
    __VUE_PROD_DEVTOOLS__: false,
    __VUE_OPTIONS_API__: false,
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: false,
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    reportCompressedSize: false,
  },
  server: {
    proxy: { '/api': process.env.KIEUMAU_API ?? 'http://127.0.0.1:8080' },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
