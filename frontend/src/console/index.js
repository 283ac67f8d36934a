// Everything the staff console (Element Plus) needs, so the router loads it as one chunk.
export { default as ConsoleLayout } from './ConsoleLayout.vue'
export { default as Home } from './Home.vue'
export { default as Accounts } from './Accounts.vue'
export { default as Students } from './Students.vue'
export { default as StudentDetail } from './StudentDetail.vue'
export { default as StudentImport } from './StudentImport.vue'
export { default as Reviews } from './Reviews.vue'
export { default as Stats } from './Stats.vue'
