import { createRouter, createWebHistory } from 'vue-router'
import Login from './pages/Login.vue'
import { session, isSignedIn, clearSession, areaOf, homeFor, allowed, ACCESS, OFFICE_ROLES } from './session.js'
import { loadMe } from './auth.js'

// Each area is one lazily loaded chunk: a phone never downloads Element Plus,
// a desktop console user never downloads Vant.
const mobile = () => import('./mobile/index.js')
const consoleArea = () => import('./console/index.js')

const routes = [
  { path: '/', redirect: () => homeFor(session.user?.role) },
  { path: '/login', name: 'login', component: Login, meta: { public: true, title: 'login.title' } },
  {
    path: '/register',
    name: 'register',
    component: () => mobile().then((m) => m.Register),
    meta: { public: true, title: 'register.title' },
  },
  {
    // An employer whose HR account is lost asks the office to recover it.
    path: '/appeal',
    name: 'appeal',
    component: () => mobile().then((m) => m.Appeal),
    meta: { public: true, title: 'appeals.title' },
  },
  {
    // The one-time links the office hands out or mails (?token=…): a first or a new password.
    path: '/activate',
    name: 'activate',
    component: () => mobile().then((m) => m.Activate),
    meta: { public: true, title: 'activate.title' },
  },
  {
    path: '/m',
    component: () => mobile().then((m) => m.MobileLayout),
    meta: { area: 'mobile' },
    children: [
      { path: '', name: 'm-home', component: () => mobile().then((m) => m.Home), meta: { title: 'mobile.tabs.home' } },
      { path: 'me', name: 'm-me', component: () => mobile().then((m) => m.Me), meta: { title: 'mobile.tabs.me' } },
      {
        path: 'profile',
        name: 'm-profile',
        component: () => mobile().then((m) => m.Profile),
        meta: { title: 'mobile.profile.title', back: true, ...ACCESS.ownRecord },
      },
      {
        path: 'employment',
        name: 'm-employment',
        component: () => mobile().then((m) => m.Employment),
        meta: { title: 'mobile.employment.title', back: true, ...ACCESS.ownRecord },
      },
      {
        path: 'dispatch',
        name: 'm-dispatch',
        component: () => mobile().then((m) => m.Dispatch),
        meta: { title: 'mobile.dispatch.title', back: true, ...ACCESS.ownRecord },
      },
      {
        path: 'company',
        name: 'm-company',
        component: () => mobile().then((m) => m.Company),
        meta: { title: 'mobile.modules.company.title', back: true, ...ACCESS.ownEmployer },
      },
      {
        path: 'postings',
        name: 'm-postings',
        component: () => mobile().then((m) => m.Postings),
        meta: { title: 'mobile.modules.postings.title', back: true, ...ACCESS.ownEmployer },
      },
      {
        path: 'postings/new',
        name: 'm-posting-new',
        component: () => mobile().then((m) => m.PostingNew),
        meta: { title: 'jobs.newTitle', back: true, ...ACCESS.ownEmployer },
      },
      {
        path: 'postings/:id(\\d+)',
        name: 'm-posting',
        component: () => mobile().then((m) => m.Posting),
        meta: { title: 'jobs.postingTitle', back: true, ...ACCESS.ownEmployer },
      },
      {
        path: 'applicants/:id(\\d+)',
        name: 'm-applicant',
        component: () => mobile().then((m) => m.Applicant),
        meta: { title: 'applications.applicantTitle', back: true, ...ACCESS.ownEmployer },
      },
      {
        path: 'resumes',
        name: 'm-resumes',
        component: () => mobile().then((m) => m.Resumes),
        meta: { title: 'mobile.modules.resumes.title', back: true, ...ACCESS.ownRecord },
      },
      {
        path: 'resumes/new',
        name: 'm-resume-new',
        component: () => mobile().then((m) => m.ResumeNew),
        meta: { title: 'resumes.newTitle', back: true, ...ACCESS.ownRecord },
      },
      {
        path: 'resumes/:id(\\d+)',
        name: 'm-resume',
        component: () => mobile().then((m) => m.Resume),
        meta: { title: 'resumes.detailTitle', back: true, ...ACCESS.ownRecord },
      },
      {
        path: 'applications',
        name: 'm-applications',
        component: () => mobile().then((m) => m.Applications),
        meta: { title: 'mobile.modules.applications.title', back: true, ...ACCESS.ownRecord },
      },
      {
        path: 'applications/:id(\\d+)',
        name: 'm-application',
        component: () => mobile().then((m) => m.Application),
        meta: { title: 'applications.detailTitle', back: true, ...ACCESS.ownRecord },
      },
      { path: 'jobs', name: 'm-jobs', component: () => mobile().then((m) => m.Jobs), meta: { title: 'mobile.modules.jobs.title', back: true } },
      {
        path: 'jobs/:id(\\d+)',
        name: 'm-job',
        component: () => mobile().then((m) => m.Job),
        meta: { title: 'jobs.detailTitle', back: true },
      },
      {
        path: 'events',
        name: 'm-events',
        component: () => mobile().then((m) => m.Events),
        meta: { title: 'mobile.modules.events.title', back: true, ...ACCESS.studentEvents },
      },
      {
        path: 'events/mine',
        name: 'm-my-events',
        component: () => mobile().then((m) => m.Events),
        props: { mine: true },
        meta: { title: 'mobile.modules.myEvents.title', back: true, ...ACCESS.studentEvents },
      },
      {
        path: 'events/:id(\\d+)',
        name: 'm-event',
        component: () => mobile().then((m) => m.Event),
        meta: { title: 'events.detailTitle', back: true },
      },
      {
        // The QR at the door leads here (?token=…); signed out, the login page comes back here.
        path: 'events/:id(\\d+)/checkin',
        name: 'm-event-checkin',
        component: () => mobile().then((m) => m.EventCheckin),
        meta: { title: 'events.checkinTitle', back: true, ...ACCESS.studentEvents },
      },
      {
        path: 'sessions',
        name: 'm-sessions',
        component: () => mobile().then((m) => m.Sessions),
        meta: { title: 'mobile.modules.sessions.title', back: true, ...ACCESS.ownEmployer },
      },
      {
        path: 'sessions/new',
        name: 'm-session-new',
        component: () => mobile().then((m) => m.SessionNew),
        meta: { title: 'sessions.newTitle', back: true, ...ACCESS.ownEmployer },
      },
      {
        path: 'sessions/:id(\\d+)',
        name: 'm-session',
        component: () => mobile().then((m) => m.Session),
        meta: { title: 'sessions.detailTitle', back: true, ...ACCESS.ownEmployer },
      },
      {
        path: 'fairs',
        name: 'm-fairs',
        component: () => mobile().then((m) => m.Fairs),
        meta: { title: 'mobile.modules.fairs.title', back: true, ...ACCESS.phoneFairs },
      },
      {
        path: 'fairs/:id(\\d+)',
        name: 'm-fair',
        component: () => mobile().then((m) => m.Fair),
        meta: { title: 'fairs.detailTitle', back: true, ...ACCESS.phoneFairs },
      },
      {
        // The QR at the students' entrance leads here (?token=…); signed out, the login page comes back here.
        path: 'fairs/:id(\\d+)/checkin',
        name: 'm-fair-checkin',
        component: () => mobile().then((m) => m.FairCheckin),
        meta: { title: 'fairs.checkinTitle', back: true, ...ACCESS.studentEvents },
      },
      {
        // The QR at the employers' entrance leads here (?token=…).
        path: 'fairs/:id(\\d+)/employer-checkin',
        name: 'm-fair-employer-checkin',
        component: () => mobile().then((m) => m.FairCheckin),
        props: { employers: true },
        meta: { title: 'fairs.employerCheckinTitle', back: true, ...ACCESS.ownEmployer },
      },
      {
        path: 'fairs/:id(\\d+)/apply',
        name: 'm-fair-apply',
        component: () => mobile().then((m) => m.FairApply),
        meta: { title: 'fairs.applyTitle', back: true, ...ACCESS.ownEmployer },
      },
      {
        path: 'fair-applications',
        name: 'm-fair-applications',
        component: () => mobile().then((m) => m.FairApplications),
        meta: { title: 'mobile.modules.fairApplications.title', back: true, ...ACCESS.ownEmployer },
      },
    ],
  },
  {
    path: '/console',
    component: () => consoleArea().then((m) => m.ConsoleLayout),
    meta: { area: 'console' },
    children: [
      { path: '', name: 'c-home', component: () => consoleArea().then((m) => m.Home), meta: { title: 'console.menu.home' } },
      {
        path: 'accounts',
        name: 'c-accounts',
        component: () => consoleArea().then((m) => m.Accounts),
        meta: { title: 'console.menu.accounts', permission: 'accounts.manage', roles: OFFICE_ROLES },
      },
      {
        path: 'students',
        name: 'c-students',
        component: () => consoleArea().then((m) => m.Students),
        meta: { title: 'console.menu.students', ...ACCESS.students },
      },
      {
        path: 'students/import',
        name: 'c-students-import',
        component: () => consoleArea().then((m) => m.StudentImport),
        meta: { title: 'console.menu.import', ...ACCESS.import },
      },
      {
        path: 'students/:id(\\d+)',
        name: 'c-student',
        component: () => consoleArea().then((m) => m.StudentDetail),
        meta: { title: 'students.detail.title', ...ACCESS.students },
      },
      {
        path: 'transfers',
        name: 'c-transfers',
        component: () => consoleArea().then((m) => m.Transfers),
        meta: { title: 'console.menu.transfers', ...ACCESS.students },
      },
      {
        path: 'reviews',
        name: 'c-reviews',
        component: () => consoleArea().then((m) => m.Reviews),
        meta: { title: 'console.menu.reviews', ...ACCESS.reviews },
      },
      {
        path: 'stats',
        name: 'c-stats',
        component: () => consoleArea().then((m) => m.Stats),
        meta: { title: 'console.menu.stats', ...ACCESS.stats },
      },
      {
        path: 'stats/destinations',
        name: 'c-destinations',
        component: () => consoleArea().then((m) => m.Destinations),
        meta: { title: 'console.menu.destinations', ...ACCESS.stats },
      },
      {
        path: 'stats/employers',
        name: 'c-portrait',
        component: () => consoleArea().then((m) => m.EmployerPortrait),
        meta: { title: 'console.menu.portrait', ...ACCESS.stats },
      },
      {
        path: 'majors',
        name: 'c-majors',
        component: () => consoleArea().then((m) => m.Majors),
        meta: { title: 'console.menu.majors', ...ACCESS.majors },
      },
      {
        path: 'employers',
        name: 'c-employers',
        component: () => consoleArea().then((m) => m.Employers),
        meta: { title: 'console.menu.employers', ...ACCESS.employer },
      },
      {
        path: 'employers/:id(\\d+)',
        name: 'c-employer',
        component: () => consoleArea().then((m) => m.EmployerDetail),
        meta: { title: 'employers.detailTitle', ...ACCESS.employer },
      },
      {
        path: 'employers/dormant',
        name: 'c-dormant',
        component: () => consoleArea().then((m) => m.DormantEmployers),
        meta: { title: 'console.menu.dormant', ...ACCESS.relations },
      },
      {
        path: 'employer-appeals',
        name: 'c-appeals',
        component: () => consoleArea().then((m) => m.Appeals),
        meta: { title: 'console.menu.appeals', ...ACCESS.employers },
      },
      {
        path: 'jobs',
        name: 'c-jobs',
        component: () => consoleArea().then((m) => m.Jobs),
        meta: { title: 'console.menu.jobs', ...ACCESS.jobs },
      },
      {
        path: 'deliveries',
        name: 'c-deliveries',
        component: () => consoleArea().then((m) => m.Deliveries),
        meta: { title: 'console.menu.deliveries', ...ACCESS.deliveries },
      },
      {
        path: 'venues',
        name: 'c-venues',
        component: () => consoleArea().then((m) => m.Venues),
        meta: { title: 'console.menu.venues', ...ACCESS.events },
      },
      {
        path: 'events',
        name: 'c-events',
        component: () => consoleArea().then((m) => m.Events),
        meta: { title: 'console.menu.events', ...ACCESS.events },
      },
      {
        path: 'events/:id(\\d+)',
        name: 'c-event',
        component: () => consoleArea().then((m) => m.EventDetail),
        meta: { title: 'events.detailTitle', ...ACCESS.events },
      },
      {
        path: 'sessions',
        name: 'c-sessions',
        component: () => consoleArea().then((m) => m.Sessions),
        meta: { title: 'console.menu.sessions', ...ACCESS.events },
      },
      {
        path: 'fairs',
        name: 'c-fairs',
        component: () => consoleArea().then((m) => m.Fairs),
        meta: { title: 'console.menu.fairs', ...ACCESS.fairs },
      },
      {
        path: 'fairs/:id(\\d+)',
        name: 'c-fair',
        component: () => consoleArea().then((m) => m.FairDetail),
        meta: { title: 'fairs.detailTitle', ...ACCESS.fairs },
      },
      {
        path: 'codes',
        name: 'c-codes',
        component: () => consoleArea().then((m) => m.Codes),
        meta: { title: 'console.menu.codes', ...ACCESS.codes },
      },
    ],
  },
  { path: '/:pathMatch(.*)*', redirect: '/' },
]

export const router = createRouter({
  history: createWebHistory(),
  routes,
})

router.beforeEach(async (to) => {
  if (!isSignedIn()) {
    if (to.meta.public) return true
    const query = to.fullPath === '/' ? {} : { redirect: to.fullPath }
    return { name: 'login', query }
  }

  if (!session.me) {
    try {
      await loadMe()
    } catch (error) {
      if (error.status === 401) return { name: 'login' }
      // Server unreachable or failing: carry on with the role stored at
      // login; pages that need /me show less until the next navigation.
      console.warn('GET /me failed', error)
    }
  }

  const role = session.user.role
  if (!areaOf(role)) {
    clearSession() // a role this app has no pages for
    return { name: 'login' }
  }
  if (to.meta.public) return homeFor(role)
  if (to.meta.area !== areaOf(role)) return homeFor(role)
  if (!allowed(to.meta)) return homeFor(role)
  return true
})
