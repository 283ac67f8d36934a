import { createApp } from 'vue'
import App from './App.vue'
import { router } from './router.js'
import { i18n } from './i18n.js'
import { setUnauthorizedHandler } from './api.js'
import './styles.css'

// A 401 on any call but login means the session is over (api.js has
// already cleared it): back to the login page, then back here afterwards.
setUnauthorizedHandler(() => {
  const current = router.currentRoute.value
  if (current.name === 'login') return
  router.replace({ name: 'login', query: { redirect: current.fullPath } })
})

createApp(App).use(i18n).use(router).mount('#app')
