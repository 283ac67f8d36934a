// Who is signed in. The login answer ({token, expires_at, user}) is kept in
// localStorage under `qiao.session`; the fuller profile from GET /me lives in
// memory only and is fetched again after every page load.
import { reactive, readonly } from 'vue'

const STORAGE_KEY = 'qiao.session'

export const MOBILE_ROLES = ['student', 'employer']
export const STAFF_ROLES = ['counselor', 'advisor', 'admin', 'superadmin']
export const ALL_ROLES = [...MOBILE_ROLES, ...STAFF_ROLES]
// Only these roles are limited to the majors in their scope; the other staff
// roles see every major (the backend's caller_is_scoped).
export const SCOPED_ROLES = ['advisor']

const state = reactive({
  token: null,
  expiresAt: null,
  user: null, // {id, role, name} from login, refreshed from /me
  me: null, // {id, username, role, name, permissions, major_ids}
})

export const session = readonly(state)

function load() {
  let stored = null
  try {
    stored = JSON.parse(localStorage.getItem(STORAGE_KEY))
  } catch {
    // Unreadable value (hand-edited, other app version): behave as signed out.
  }
  if (stored?.token && stored.user) {
    state.token = stored.token
    state.expiresAt = stored.expires_at ?? null
    state.user = stored.user
  }
}

function persist() {
  localStorage.setItem(
    STORAGE_KEY,
    JSON.stringify({ token: state.token, expires_at: state.expiresAt, user: state.user }),
  )
}

// expires_at may be an ISO string or Unix seconds; anything unparseable is
// left for the server to judge (it answers 401 and we sign out then).
function expiryMillis(value) {
  if (value == null || value === '') return null
  if (typeof value === 'number') return value < 1e12 ? value * 1000 : value
  const ms = Date.parse(value)
  return Number.isNaN(ms) ? null : ms
}

export function isSignedIn() {
  if (!state.token || !state.user) return false
  const expires = expiryMillis(state.expiresAt)
  if (expires !== null && expires <= Date.now()) {
    clearSession()
    return false
  }
  return true
}

export function saveSession({ token, expires_at, user }) {
  state.token = token
  state.expiresAt = expires_at ?? null
  state.user = { id: user.id, role: user.role, name: user.name }
  state.me = null
  persist()
}

export function setMe(me) {
  state.me = me
  state.user = { id: me.id, role: me.role, name: me.name }
  persist()
}

export function clearSession() {
  state.token = null
  state.expiresAt = null
  state.user = null
  state.me = null
  localStorage.removeItem(STORAGE_KEY)
}

export function areaOf(role) {
  if (MOBILE_ROLES.includes(role)) return 'mobile'
  if (STAFF_ROLES.includes(role)) return 'console'
  return null
}

export function homeFor(role) {
  return { mobile: '/m', console: '/console' }[areaOf(role)] ?? '/login'
}

/** Where to go right after signing in; `redirect` is where the user was sent from. */
export function landingAfterSignIn(redirect) {
  const local = typeof redirect === 'string' && redirect.startsWith('/') && !redirect.startsWith('//')
  return local ? redirect : homeFor(state.user?.role)
}

// superadmin holds every permission implicitly.
// Account management and other office routes need an office role as well as the item.
export const OFFICE_ROLES = ['admin', 'superadmin']

/**
 * Whether the signed-in user may open a page or menu item with
 * {permission?, roles?, exempt?}: `roles` limits who may at all, `exempt`
 * names roles that need no `permission` item (the backend's route exemption:
 * an advisor works on the majors of their scope without the item); a list of
 * permission items is met by any one of them.
 */
export function allowed({ permission, roles, exempt } = {}) {
  const role = state.user?.role
  if (roles && !roles.includes(role)) return false
  if (exempt?.includes(role)) return true
  return !permission || [permission].flat().some(can)
}

// What each page needs, as the backend's route table says; shared by the
// router, the console menu and the buttons inside the pages.
const STUDENT_WORK = { roles: STAFF_ROLES, exempt: SCOPED_ROLES }
export const ACCESS = {
  students: { ...STUDENT_WORK, permission: 'students.view' },
  edit: { ...STUDENT_WORK, permission: 'students.edit' }, // employment, profile, dispatch, transfers
  reviews: { ...STUDENT_WORK, permission: 'students.review' },
  stats: { ...STUDENT_WORK, permission: 'stats.view' },
  import: { roles: [...OFFICE_ROLES, ...SCOPED_ROLES], exempt: SCOPED_ROLES, permission: 'students.import' },
  export: { roles: STAFF_ROLES, permission: 'students.export' }, // no exemption: an advisor needs the item too
  ownRecord: { roles: ['student'] },
  majors: { roles: OFFICE_ROLES, permission: 'majors.manage' },
  // Recruitment: the employer's HR works on their own company and jobs; the office reviews.
  ownEmployer: { roles: ['employer'] },
  employers: { roles: OFFICE_ROLES, permission: 'employers.review' },
  // The interaction index: the log, the dormant employers, the weighted model.
  relations: { roles: OFFICE_ROLES, permission: 'employers.relations' },
  // An employer's page serves both: the review (licence, decision) and the relations (log, index).
  employer: { roles: OFFICE_ROLES, permission: ['employers.review', 'employers.relations'] },
  jobs: { roles: OFFICE_ROLES, permission: 'jobs.review' },
  // Resume delivery: any staff holding jobs.review (an advisor sees the students of their majors).
  deliveries: { roles: STAFF_ROLES, permission: 'jobs.review' },
  // Events: students sign up and check in, the employer's HR applies for info sessions, the office runs them.
  studentEvents: { roles: ['student'] },
  events: { roles: OFFICE_ROLES, permission: 'events.manage' },
  // Job fairs: students and employers find them on the phone, the office runs them.
  phoneFairs: { roles: MOBILE_ROLES },
  fairs: { roles: OFFICE_ROLES, permission: 'fairs.manage' },
  // The national code tables the office keeps by year.
  codes: { roles: OFFICE_ROLES, permission: 'codes.manage' },
}

/** Whether a major is within the caller's authority: every major for unscoped staff. */
export function inScope(majorId) {
  if (!SCOPED_ROLES.includes(state.user?.role)) return true
  return Boolean(state.me?.major_ids?.includes(majorId))
}

export function can(permission) {
  if (state.user?.role === 'superadmin') return true
  return Boolean(state.me?.permissions?.includes(permission))
}

load()
