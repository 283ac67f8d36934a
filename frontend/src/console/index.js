// Everything the staff console (Element Plus) needs, so the router loads it as one chunk.
export { default as ConsoleLayout } from './ConsoleLayout.vue'
export { default as Home } from './Home.vue'
export { default as Accounts } from './Accounts.vue'
