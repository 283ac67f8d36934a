// Everything the mobile area (Vant) needs, so the router loads it as one chunk.
export { default as MobileLayout } from './MobileLayout.vue'
export { default as Home } from './Home.vue'
export { default as Me } from './Me.vue'
export { default as Profile } from './Profile.vue'
export { default as Employment } from './Employment.vue'
export { default as Dispatch } from './Dispatch.vue'
