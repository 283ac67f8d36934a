import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import { VantResolver } from '@vant/auto-import-resolver'
import { vantIconFont } from './vite-plugins/vantIconFont.js'

// Vant and Element Plus tags used in templates are imported per component
// (script + CSS) by unplugin-vue-components, so each lazily loaded route
// chunk only carries the widgets it renders: a phone never loads Element Plus.
export default defineConfig({
  plugins: [
    vue(),
    vantIconFont(),
    Components({
      dts: false,
      dirs: [], // our own components are imported explicitly
      resolvers: [VantResolver(), ElementPlusResolver({ importStyle: 'css' })],
    }),
  ],
  define: {
    // vue-i18n feature flags: composition API only, no devtools in production.
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  server: {
    // `npm run dev` talks to a backend on the usual local nginx port.
    proxy: { '/api': process.env.QIAO_API_PROXY || 'http://127.0.0.1:18080' },
  },
  build: {
    target: 'es2020',
    chunkSizeWarningLimit: 800,
  },
})
