// tests/api/hostile-routes.mjs: what tests/api/hostile.test.mjs needs to send a hostile input to a
// route so that it reaches the handler — who calls it (from the route's roles in routes.c), on which
// records (a world of one of each, made once), with which valid body around the hostile field, and
// what to read back to see that a refused write changed nothing. The inputs themselves (query
// parameters, body fields) are not listed here: the suite reads them from docs/openapi.yaml.
import assert from 'node:assert/strict';
import {
  RUN, apiAccount, cliAccount, expectData, expectList, get, login, password, post, put, request, uniq,
} from './lib.mjs';
import { daysFromToday } from './records.mjs';
import { registration } from './recruitment.mjs';
import { eventBody, placeholders, sessionBody, venueBody } from './events.mjs';
import {
  applicationBody, approvedEmployer, fairBody, jobBody, newJob, newResume, pendingEmployer,
} from './fairs.mjs';
import { interactionBody } from './interactions.mjs';
import { PDF, PNG } from './hostile-inputs.mjs';
import { routeAccess } from './openapi.mjs';

/* ---------- who calls a route ---------- */

const ACCESS = routeAccess();

/**
 * The caller that reaches a route's handler: 'admin' (a CLI admin holds every item) for staff
 * routes and for public routes that read an optional token (staff see more there), 'superadmin'
 * for the audit log, 'employer' or 'student' for their own routes, 'nobody' for public ones.
 */
export function callerOf(route) {
  const a = ACCESS.get(route);
  assert.ok(a, `${route} is not a ROUTE of routes.c`);
  const r = a.roles;
  if (r === '0') return a.tokenOptional ? 'admin' : 'nobody';
  if (/ROLES_(OFFICE|STAFF|ANY)|ROLE_ADMIN/.test(r)) return 'admin';
  if (r === 'ROLE_SUPERADMIN') return 'superadmin';
  if (/ROLE_EMPLOYER/.test(r)) return 'employer';
  if (/ROLE_STUDENT/.test(r)) return 'student';
  throw new Error(`${route}: no caller for roles ${r}`);
}

/* ---------- the world: one record of each kind, reachable by the callers ---------- */

const FOLLOWUP = () => ({ date: '2025-06-01', contact_name: '敌意联系人', method: 'meeting', summary: `敌意测试的联络记录${uniq('f')}` });
const APPEAL = (company) => ({
  credit_code: company.body.credit_code, applicant_name: '敌意申诉人', applicant_phone: '13700004444',
  applicant_email: `appeal.${uniq('a')}@example.cn`, reason: '敌意测试的账号申诉',
});
const upload = (path, token, body, type, query) => request('POST', path, { token, body, headers: { 'content-type': type }, query });

/**
 * The world the reads and the odd ids are sent to: an approved employer (with its licence, an
 * approved job, an info session, an interaction with a file, a follow-up, an appeal), a student
 * of the suite with an account (h.studentAccount: {s, token, id}) whose resume, with a file, was
 * sent to the job, a venue and an event, a fair the employer applied to, a pending transfer and a
 * counselor's account. h: {admin, superadmin, studentAccount(), pendingTransfer()}.
 */
export async function makeWorld(h) {
  const w = { admin: h.admin, superadmin: h.superadmin };
  const [company, student, venue, account] = await Promise.all([
    approvedEmployer(h.admin.token), h.studentAccount(), post('/venues', { token: h.admin.token, json: venueBody() }).then((r) => expectData(r, 201)),
    apiAccount(h.admin.token, { role: 'counselor', permissions: ['students.view'], major_ids: [] }).then((a) => a.account),
  ]);
  Object.assign(w, { company, student, venue, account });
  w.placeholder = (await placeholders(h.admin.token))[0];
  w.job = await newJob(company, h.admin.token);
  w.resume = { id: await newResume(student.token) };
  w.resumeFile = expectData(await upload(`/resumes/${w.resume.id}/files`, student.token, PDF, 'application/pdf', { name: '敌意测试成绩单.pdf' }), 201);
  w.application = expectData(await post(`/jobs/${w.job.id}/applications`, { token: student.token, json: { resume_id: w.resume.id } }), 201);
  expectData(await request('PUT', `/employers/${company.employer.id}/licence`, { token: company.token, body: PNG, headers: { 'content-type': 'image/png' } }));
  w.event = expectData(await post('/events', { token: h.admin.token, json: eventBody({ venue_id: venue.id }) }), 201);
  w.session = expectData(await post('/sessions', { token: company.token, json: sessionBody(w.placeholder.id) }), 201);
  w.fair = expectData(await post('/fairs', { token: h.admin.token, json: fairBody() }), 201);
  w.fairApp = expectData(await post(`/fairs/${w.fair.id}/applications`, { token: company.token, json: applicationBody([w.job.id]) }), 201);
  w.interaction = expectData(await post(`/employers/${company.employer.id}/interactions`, { token: h.admin.token, json: interactionBody('strategic') }), 201);
  w.interactionFile = expectData(await upload(`/employer-interactions/${w.interaction.id}/files`, h.admin.token, PDF, 'application/pdf', { name: '敌意测试聘书.pdf' }), 201);
  w.followup = expectData(await post(`/employers/${company.employer.id}/followups`, { token: h.admin.token, json: FOLLOWUP() }), 201);
  w.appeal = expectData(await post('/employer-appeals', { json: APPEAL(company) }), 201);
  w.transfer = await h.pendingTransfer();
  return w;
}

export const tokenOf = (w, who) => ({
  admin: w.admin.token, superadmin: w.superadmin.token, employer: w.company.token, student: w.student.token, nobody: undefined,
}[who]);

// The record a path parameter names, by the segment before it.
const ID_AFTER = {
  students: (w) => w.student.s.id, accounts: (w) => w.account.id, transfers: (w) => w.transfer.id,
  employers: (w) => w.company.employer.id, 'employer-appeals': (w) => w.appeal.id,
  'employer-interactions': (w) => w.interaction.id, 'employer-files': (w) => w.interactionFile.id,
  'cooperation-levels': () => 'ordinary', 'employer-followups': (w) => w.followup.id, jobs: (w) => w.job.id,
  applications: (w) => w.application.id, resumes: (w) => w.resume.id, files: (w) => w.resumeFile.id,
  venues: (w) => w.venue.id, events: (w) => w.event.id, fairs: (w) => w.fair.id, 'fair-applications': (w) => w.fairApp.id,
  codes: () => 'region', '{table}': () => '320000',
};
// The route's own choice where the segment's record is not the one the handler wants.
const ID_OVERRIDE = {
  'POST /admin/events/{id}/review': { id: (w) => w.session.id },
};

// The path parameters of a route that name no record of the world (the suite's test 0 names them).
export function pathSources(route) {
  const segs = route.slice(route.indexOf(' ') + 1).split('/');
  return segs.flatMap((seg, i) => {
    const m = seg.match(/^\{(\w+)\}$/);
    return m && !ID_OVERRIDE[route]?.[m[1]] && !ID_AFTER[segs[i - 1]] ? [m[1]] : [];
  });
}

/**
 * The route's path with every {param} filled from the world, or with `odd` (a raw segment) in
 * place of parameter number `oddIndex`. Throws when a parameter has no record to name.
 */
export function pathFor(route, w, { oddIndex = -1, odd } = {}) {
  const pattern = route.slice(route.indexOf(' ') + 1);
  const segs = pattern.split('/');
  let k = -1;
  return segs.map((seg, i) => {
    const m = seg.match(/^\{(\w+)\}$/);
    if (!m) return seg;
    k += 1;
    if (k === oddIndex) return odd;
    const own = ID_OVERRIDE[route]?.[m[1]];
    const by = own ?? ID_AFTER[segs[i - 1]];
    if (!by) throw new Error(`${route}: no record for {${m[1]}} after "${segs[i - 1]}" (add one to ID_AFTER)`);
    return String(by(w));
  }).join('/');
}

/* ---------- query cases: what goes around the hostile parameter ---------- */

// Valid values of the other query parameters a route needs (required ones, or ones that open the
// code path the others are read on).
export const QUERY_BASE = {
  'GET /employers/lookup': { q: '敌意' },
  'GET /fairs/{id}/export': { list: 'participants' },
  'POST /employer-interactions/{id}/files': { name: '敌意测试.pdf' },
  'POST /resumes/{id}/files': { name: '敌意测试.pdf' },
  'POST /students/export/differs': { format: 'json' },
};

/**
 * The body of a route that takes a file rather than JSON, for its query cases: {type, body()},
 * and what to do after an accepted upload (a resume holds at most five files).
 */
export function uploadOf(route, h, w) {
  const csv = () => h.csvOneStudent();
  switch (route) {
    case 'POST /students/import':
      return { type: 'text/csv', body: csv };
    case 'POST /students/export/differs':
      return { type: 'text/csv', body: () => '学号,姓名\nNOSUCH1,x\n' };
    case 'POST /majors/import':
      return { type: 'text/csv', body: () => h.csvOneMajor() };
    case 'POST /employer-interactions/{id}/files':
      return { type: 'application/pdf', body: () => PDF };
    case 'POST /resumes/{id}/files':
      return {
        type: 'application/pdf', body: () => PDF,
        afterAccept: async (res) => {
          const id = res.body?.data?.id;
          if (id) expectData(await request('DELETE', `/resumes/${w.resume.id}/files/${id}`, { token: w.student.token }));
        },
      };
    case 'PUT /employers/{id}/licence':
      return { type: 'image/png', body: () => PNG };
    default:
      return null;
  }
}

/* ---------- write routes: a valid body, the target records and the read-back ---------- */

const data = async (p, token, query) => expectData(await get(p, { token, query }));
const rows = async (p, token, query) => expectList(await get(p, { token, query: { per_page: 200, ...query } })).data;
// Every row of a list (200 a page).
async function allRows(p, token, query = {}) {
  const out = [];
  for (let page = 1; page <= 50; page++) {
    const { data: d, meta } = expectList(await get(p, { token, query: { ...query, page, per_page: 200 } }));
    out.push(...d);
    if (d.length === 0 || page * meta.per_page >= meta.total) break;
  }
  return out;
}
const byId = (list, id) => list.find((x) => String(x.id) === String(id)) ?? null;
const far = () => 400 + Math.floor(Math.random() * 300); // a day no other record of the suite is on

/**
 * Contexts of the JSON write routes that have no hand-written spec in the suite, by route:
 *   target()         the records the route writes, made once before the cases (its own, so that
 *                    no other route's writes show in its read-back); t.token is the caller's token
 *   path(t, field)   the concrete path
 *   base(t, field)   a valid body; the hostile field replaces its own value
 *   read(t)          what a refused write must leave as it was (compared before and after)
 *   created(t, res, sent)  for a route that makes a record: the record an accepted write made
 *   shows            {field: the record's name for it} where the two differ
 *   refused(t, field, res, baseObj)  a check of a refusal where read() cannot say (problems)
 *   afterAccept(t)   a fresh target after an accepted write changed its state for good
 *   finish(t)        puts back what the cases changed for everyone (problems)
 * Made with h: {admin, superadmin, studentAccount(), pendingTransfer()}.
 */
export function writeContexts(h) {
  const A = () => h.admin.token;
  const company = async () => approvedEmployer(A());
  const ctx = {
    'POST /employers/register': {
      target: async () => ({ token: undefined }),
      path: () => '/employers/register',
      base: () => registration(),
      // Found by its credit code, or (the hostile field being the code) by its name.
      refused: async (t, field, res, b) => {
        const q = field === 'credit_code' ? b.name : b.credit_code;
        const found = (await rows('/employers', A(), { q })).filter((e) => e.credit_code === b.credit_code || e.name === b.name);
        return found.length ? [`refused (${res.status}) but employer ${JSON.stringify(found[0].name)} was registered`] : [];
      },
      created: async (t, res) => data(`/employers/${res.body.data.id}`, A()),
    },
    'PUT /employers/{id}': {
      target: async () => { const c = await company(); return { c, token: c.token }; },
      path: (t) => `/employers/${t.c.employer.id}`,
      base: () => ({}),
      read: (t) => data(`/employers/${t.c.employer.id}`, A()),
    },
    'POST /employers/{id}/users': {
      target: async () => { const c = await company(); return { c, token: c.token }; },
      path: (t) => `/employers/${t.c.employer.id}/users`,
      base: () => ({ username: uniq('hu'), password: password(), name: `敌意HR${uniq('n')}` }),
      refused: async (t, field, res, b) => {
        const q = field === 'username' ? b.name : b.username;
        const found = (await rows('/admin/accounts', A(), { q })).filter((a) => a.username === b.username || a.name === b.name);
        return found.length ? [`refused (${res.status}) but account ${found[0].username} was made`] : [];
      },
      // The answer is the employer: the account is found by its username.
      created: async (t, res, sent) => (await rows('/admin/accounts', A(), { q: sent.username })).find((a) => a.username === sent.username) ?? null,
    },
    'POST /admin/employers/{id}/review': {
      shows: { reason: 'review_reason' },
      target: async () => ({ c: await pendingEmployer(), token: A() }),
      path: (t) => `/admin/employers/${t.c.employer.id}/review`,
      base: () => ({ decision: 'reject', reason: '敌意测试的驳回' }),
      read: (t) => data(`/employers/${t.c.employer.id}`, A()),
      afterAccept: async (t) => { t.c = await pendingEmployer(); },
    },
    'POST /employer-appeals': {
      target: async () => ({ c: await company(), token: undefined }),
      path: () => '/employer-appeals',
      base: (t) => APPEAL(t.c),
      read: (t) => rows('/admin/employer-appeals', A(), { q: t.c.employer.name }),
    },
    'POST /admin/employer-appeals/{id}/review': {
      shows: { reason: 'review_reason' },
      target: async () => {
        const c = await company();
        return { c, appeal: expectData(await post('/employer-appeals', { json: APPEAL(c) }), 201), token: A() };
      },
      path: (t) => `/admin/employer-appeals/${t.appeal.id}/review`,
      base: () => ({ decision: 'reject', reason: '敌意测试的驳回' }),
      read: (t) => rows('/admin/employer-appeals', A(), { q: t.c.employer.name }),
      afterAccept: async (t) => {
        t.c = await company();
        t.appeal = expectData(await post('/employer-appeals', { json: APPEAL(t.c) }), 201);
      },
    },
    'POST /employers/{id}/interactions': {
      target: async () => ({ c: await company(), token: A() }),
      path: (t) => `/employers/${t.c.employer.id}/interactions`,
      base: () => interactionBody('strategic'),
      read: (t) => rows(`/employers/${t.c.employer.id}/interactions`, A()),
    },
    'PUT /employer-interactions/{id}': {
      target: async () => {
        const c = await company();
        return { c, x: expectData(await post(`/employers/${c.employer.id}/interactions`, { token: A(), json: interactionBody('mentor') }), 201), token: A() };
      },
      path: (t) => `/employer-interactions/${t.x.id}`,
      base: () => ({}),
      read: async (t) => byId(await rows(`/employers/${t.c.employer.id}/interactions`, A()), t.x.id),
    },
    'PUT /admin/interaction-model': {
      // The model is everyone's: the cases' changes are undone at the end.
      target: async () => ({ original: await data('/admin/interaction-model', A()), token: A() }),
      path: () => '/admin/interaction-model',
      base: () => ({}),
      read: () => data('/admin/interaction-model', A()),
      finish: async (t) => {
        const back = await put('/admin/interaction-model', { token: A(), json: { weights: t.original.weights, half_life_days: t.original.half_life_days } });
        return back.status === 200 ? [] : [`the interaction model could not be put back: ${back.status} ${back.text}`];
      },
    },
    'PUT /admin/cooperation-levels/{code}': {
      // A level of its own, retired at the end.
      target: async () => ({ code: `hostile_${RUN}`.toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 20), token: A() }),
      path: (t) => `/admin/cooperation-levels/${t.code}`,
      base: () => ({ name: `敌意合作等级${RUN}` }),
      read: async (t) => (await data('/cooperation-levels', A(), { all: 1 })).find((l) => l.code === t.code) ?? null,
      finish: async (t) => {
        const r = await put(`/admin/cooperation-levels/${t.code}`, { token: A(), json: { active: false } });
        return r.status === 404 || r.status === 422 || r.status === 200 ? [] : [`the level could not be retired: ${r.status}`];
      },
    },
    'PUT /employers/{id}/relations': {
      target: async () => ({ c: await company(), token: A() }),
      path: (t) => `/employers/${t.c.employer.id}/relations`,
      base: () => ({}),
      read: (t) => data(`/employers/${t.c.employer.id}`, A()),
    },
    'POST /employers/{id}/followups': {
      target: async () => ({ c: await company(), token: A() }),
      path: (t) => `/employers/${t.c.employer.id}/followups`,
      base: () => FOLLOWUP(),
      read: (t) => rows(`/employers/${t.c.employer.id}/followups`, A()),
    },
    'PUT /employer-followups/{id}': {
      target: async () => {
        const c = await company();
        return { c, f: expectData(await post(`/employers/${c.employer.id}/followups`, { token: A(), json: FOLLOWUP() }), 201), token: A() };
      },
      path: (t) => `/employer-followups/${t.f.id}`,
      base: () => ({}),
      read: async (t) => byId(await rows(`/employers/${t.c.employer.id}/followups`, A()), t.f.id),
    },
    'POST /jobs': {
      target: async () => { const c = await company(); return { c, token: c.token }; },
      path: () => '/jobs',
      base: () => jobBody(),
      read: (t) => rows(`/employers/${t.c.employer.id}/jobs`, A()),
    },
    'PUT /jobs/{id}': {
      target: async () => { const c = await company(); return { c, job: await newJob(c, A()), token: c.token }; },
      path: (t) => `/jobs/${t.job.id}`,
      base: () => ({}),
      read: (t) => data(`/jobs/${t.job.id}`, A()),
    },
    'POST /admin/jobs/refresh': {
      target: async () => { const c = await company(); return { c, job: await newJob(c, A()), token: A() }; },
      path: () => '/admin/jobs/refresh',
      base: (t) => ({ ids: [t.job.id] }),
      read: (t) => data(`/jobs/${t.job.id}`, A()),
    },
    'POST /admin/jobs/{id}/review': {
      shows: { reason: 'review_reason' },
      target: async () => { const c = await company(); return { c, job: await newJob(c, A(), {}, { approve: false }), token: A() }; },
      path: (t) => `/admin/jobs/${t.job.id}/review`,
      base: () => ({ decision: 'reject', reason: '敌意测试的驳回' }),
      read: (t) => data(`/jobs/${t.job.id}`, A()),
      afterAccept: async (t) => { t.job = await newJob(t.c, A(), {}, { approve: false }); },
    },
    'POST /resumes': {
      target: async () => { const st = await h.studentAccount(); return { st, token: st.token }; },
      path: () => '/resumes',
      base: () => ({ title: `敌意简历${uniq('r')}`, summary: '熟悉C与数据库', skills: ['C'] }),
      read: (t) => data('/resumes', t.st.token),
    },
    'PUT /resumes/{id}': {
      target: async () => { const st = await h.studentAccount(); return { st, resume: { id: await newResume(st.token) }, token: st.token }; },
      path: (t) => `/resumes/${t.resume.id}`,
      base: () => ({}),
      read: (t) => data(`/resumes/${t.resume.id}`, A()),
    },
    'PUT /resumes/{id}/recommended': {
      target: async () => { const st = await h.studentAccount(); return { st, resume: { id: await newResume(st.token) }, token: A() }; },
      path: (t) => `/resumes/${t.resume.id}/recommended`,
      base: () => ({ recommended: true }),
      read: (t) => data(`/resumes/${t.resume.id}`, A()),
    },
    'POST /jobs/{id}/applications': {
      target: async () => {
        const [c, st] = await Promise.all([company(), h.studentAccount()]);
        return { c, st, job: await newJob(c, A()), resume: { id: await newResume(st.token) }, token: st.token };
      },
      path: (t) => `/jobs/${t.job.id}/applications`,
      base: (t) => ({ resume_id: t.resume.id }),
      read: (t) => rows('/applications', t.st.token),
      afterAccept: async (t) => { t.job = await newJob(t.c, A()); },
    },
    'PUT /applications/{id}/state': {
      target: async () => {
        const [c, st] = await Promise.all([company(), h.studentAccount()]);
        const t = { c, st, resume: { id: await newResume(st.token) }, token: c.token };
        await freshApplication(t);
        return t;
      },
      path: (t) => `/applications/${t.app.id}/state`,
      base: () => ({ state: 'shortlisted', note: '敌意测试' }),
      read: (t) => data(`/applications/${t.app.id}`, A()),
      afterAccept: (t) => freshApplication(t),
    },
    'POST /venues': {
      // A venue is found by its name only: the count of every venue, the cases taking turns.
      target: async () => ({ token: A() }),
      path: () => '/venues',
      base: () => venueBody(),
      read: async () => expectList(await get('/venues', { token: A(), query: { all: 1, per_page: 1 } })).meta.total,
      created: async (t, res) => byId(await allRows('/venues', A(), { all: 1 }), res.body.data.id),
    },
    'PUT /venues/{id}': {
      target: async () => ({ venue: expectData(await post('/venues', { token: A(), json: venueBody() }), 201), token: A() }),
      path: (t) => `/venues/${t.venue.id}`,
      base: () => ({}),
      read: async (t) => byId(await allRows('/venues', A(), { all: 1 }), t.venue.id),
    },
    'POST /events': {
      // Its own title words and day: what a case made shows under one of them.
      target: async () => ({ tag: uniq('ev'), day: far(), token: A() }),
      path: () => '/events',
      base: (t) => eventBody({ title: `敌意讲座${t.tag}` }, t.day),
      read: async (t) => ({
        byTitle: await rows('/events', A(), { status: 'all', past: 1, q: t.tag }),
        byDay: await rows('/events', A(), { status: 'all', past: 1, from: daysFromToday(t.day), to: daysFromToday(t.day) }),
      }),
      created: async (t, res) => data(`/events/${res.body.data.id}`, A()),
    },
    'PUT /events/{id}': {
      target: async () => ({ event: expectData(await post('/events', { token: A(), json: eventBody({}, far()) }), 201), token: A() }),
      path: (t) => `/events/${t.event.id}`,
      base: () => ({}),
      read: (t) => data(`/events/${t.event.id}`, A()),
    },
    'POST /admin/events/{id}/review': {
      shows: { reason: 'review_reason' },
      target: async () => {
        const c = await company();
        const t = { c, venue: (await placeholders(A()))[0], token: A() };
        await freshSession(t);
        return t;
      },
      path: (t) => `/admin/events/${t.session.id}/review`,
      // The fields that go with an approval are tried with one; the others with a rejection.
      base: (t, field) => (['decision', 'reason', '(unknown key)'].includes(field) ? { decision: 'reject', reason: '敌意测试的驳回' } : { decision: 'approve' }),
      read: (t) => data(`/events/${t.session.id}`, A()),
      afterAccept: (t) => freshSession(t),
    },
    'POST /events/{id}/checkins': {
      target: async () => {
        const st = await h.studentAccount();
        // The proof is checked before the time: a coming event will do.
        const event = expectData(await post('/events', { token: A(), json: eventBody({ require_signup: false }, far()) }), 201);
        return { st, event, token: st.token };
      },
      path: (t) => `/events/${t.event.id}/checkins`,
      base: () => ({ code: '0000' }),
      read: (t) => rows(`/events/${t.event.id}/signups`, A()),
    },
    'POST /sessions': {
      target: async () => { const c = await company(); return { c, venue: (await placeholders(A()))[0], token: c.token }; },
      path: () => '/sessions',
      base: (t) => sessionBody(t.venue.id, {}, far()),
      read: (t) => rows('/sessions', t.c.token),
      created: async (t, res) => data(`/events/${res.body.data.id}`, A()),
    },
    'POST /fairs': {
      target: async () => ({ tag: uniq('fa'), day: far(), token: A() }),
      path: () => '/fairs',
      base: (t) => fairBody({ title: `敌意双选会${t.tag}` }, t.day),
      read: async (t) => ({
        byTitle: await rows('/fairs', A(), { status: 'all', past: 1, q: t.tag }),
        byDay: await rows('/fairs', A(), { status: 'all', past: 1, from: daysFromToday(t.day), to: daysFromToday(t.day) }),
      }),
      created: async (t, res) => data(`/fairs/${res.body.data.id}`, A()),
    },
    'PUT /fairs/{id}': {
      target: async () => ({ fair: expectData(await post('/fairs', { token: A(), json: fairBody({}, far()) }), 201), token: A() }),
      path: (t) => `/fairs/${t.fair.id}`,
      base: () => ({}),
      read: (t) => data(`/fairs/${t.fair.id}`, A()),
    },
    'POST /admin/fairs/{id}/cancel': {
      target: async () => ({ fair: expectData(await post('/fairs', { token: A(), json: fairBody({}, far()) }), 201), token: A() }),
      path: (t) => `/admin/fairs/${t.fair.id}/cancel`,
      base: () => ({ reason: '敌意测试的取消' }),
      read: (t) => data(`/fairs/${t.fair.id}`, A()),
      afterAccept: async (t) => { t.fair = expectData(await post('/fairs', { token: A(), json: fairBody({}, far()) }), 201); },
    },
    'POST /fairs/{id}/applications': {
      target: async () => {
        const c = await company();
        const [job, fair] = await Promise.all([newJob(c, A()), post('/fairs', { token: A(), json: fairBody({}, far()) }).then((r) => expectData(r, 201))]);
        return { c, job, fair, token: c.token };
      },
      path: (t) => `/fairs/${t.fair.id}/applications`,
      base: (t) => applicationBody([t.job.id]),
      read: (t) => rows(`/fairs/${t.fair.id}/applications`, A()),
    },
    'POST /admin/fair-applications/{id}/review': {
      shows: { reason: 'review_reason' },
      target: async () => {
        const c = await company();
        const t = { c, token: A() };
        await freshFairApp(t);
        return t;
      },
      path: (t) => `/admin/fair-applications/${t.app.id}/review`,
      base: () => ({ decision: 'reject', reason: '敌意测试的驳回' }),
      read: (t) => data(`/fair-applications/${t.app.id}`, A()),
      afterAccept: (t) => freshFairApp(t),
    },
    'POST /admin/fairs/{id}/booths': {
      target: async () => {
        const c = await company();
        const t = { c, token: A() };
        await freshFairApp(t, { approve: true });
        return t;
      },
      path: (t) => `/admin/fairs/${t.fair.id}/booths`,
      base: (t) => ({ ids: [t.app.id], zone: 'A' }),
      read: (t) => data(`/fair-applications/${t.app.id}`, A()),
    },
    'PUT /fair-applications/{id}/booths': {
      target: async () => {
        const c = await company();
        const t = { c, token: A() };
        await freshFairApp(t, { approve: true });
        return t;
      },
      path: (t) => `/fair-applications/${t.app.id}/booths`,
      base: () => ({ booth_numbers: ['A01'] }),
      read: (t) => data(`/fair-applications/${t.app.id}`, A()),
    },
    'POST /fairs/{id}/employer-checkins': {
      target: async () => {
        const c = await company();
        const t = { c, token: c.token };
        await freshFairApp(t, { approve: true });
        return t;
      },
      path: (t) => `/fairs/${t.fair.id}/employer-checkins`,
      base: () => ({ token: '1.x' }),
      read: (t) => data(`/fair-applications/${t.app.id}`, A()),
    },
    'POST /fairs/{id}/checkins': {
      target: async () => {
        const st = await h.studentAccount();
        const fair = expectData(await post('/fairs', { token: A(), json: fairBody({}, far()) }), 201);
        return { st, fair, token: st.token };
      },
      path: (t) => `/fairs/${t.fair.id}/checkins`,
      base: () => ({ code: 'ZP000000' }),
      read: (t) => data(`/fairs/${t.fair.id}/stats`, A()),
    },
    'PUT /codes/{table}/{code}': {
      // Codes valid only from 2099, as the codes suite writes them: no other suite meets them.
      // A destination takes category and needs_*, a region level, parent_code and full_name.
      target: async () => ({ token: A(), dest: String(8000 + Math.floor(Math.random() * 999)), region: `3298${String(Math.floor(Math.random() * 90) + 10)}` }),
      path: (t, field) => (REGION_FIELDS.has(field) ? `/codes/region/${t.region}` : `/codes/destination/${t.dest}`),
      base: (t, field) => (REGION_FIELDS.has(field)
        ? { name: '敌意测试市', level: 2, parent_code: '320000', full_name: '江苏省敌意测试市', valid_from: 2099 }
        : { name: '敌意测试去向', category: 'pending', valid_from: 2099 }),
      read: async (t) => ({
        dest: (await data('/codes/destination', A(), { year: 2099 })).find((c) => c.code === t.dest) ?? null,
        region: (await data('/codes/region', A(), { year: 2099, q: t.region })).find((c) => c.code === t.region) ?? null,
      }),
    },
  };

  async function freshApplication(t) {
    t.job = await newJob(t.c, A());
    t.app = expectData(await post(`/jobs/${t.job.id}/applications`, { token: t.st.token, json: { resume_id: t.resume.id } }), 201);
  }
  async function freshSession(t) {
    t.session = expectData(await post('/sessions', { token: t.c.token, json: sessionBody(t.venue.id, {}, far()) }), 201);
  }
  // A fair of its own and the company's application to it.
  async function freshFairApp(t, { approve = false } = {}) {
    t.fair = expectData(await post('/fairs', { token: A(), json: fairBody({}, far()) }), 201);
    t.app = expectData(await post(`/fairs/${t.fair.id}/applications`, { token: t.c.token, json: applicationBody([]) }), 201);
    if (approve) expectData(await post(`/admin/fair-applications/${t.app.id}/review`, { token: A(), json: { decision: 'approve' } }));
  }
  return ctx;
}
const REGION_FIELDS = new Set(['level', 'parent_code', 'full_name']);

/* ---------- write routes that take no JSON body ---------- */

/**
 * Contexts of the writes that take no body (or a file): the hostile cases send them unknown keys
 * as a JSON body. Each has its own target (a sign-up, a file to delete, a token to sign out).
 * body: 'refused' (unknown keys answer 422), 'ignored' (any body is let through).
 */
export function bodilessContexts(h) {
  const A = () => h.admin.token;
  return {
    'POST /auth/logout': {
      body: 'ignored',
      // Each case signs a fresh session of its own account out.
      target: async () => ({ acc: await cliAccount('counselor') }),
      token: async (t) => (await login(t.acc.username, t.acc.password)).token,
      path: () => '/auth/logout',
    },
    'POST /students/{id}/activation': {
      body: 'ignored',
      target: async () => ({ s: await h.takeStudent() }),
      token: () => A(),
      path: (t) => `/students/${t.s.id}/activation`,
    },
    'POST /events/{id}/signups': {
      body: 'refused',
      target: async () => ({ st: await h.studentAccount(), event: expectData(await post('/events', { token: A(), json: eventBody({}, far()) }), 201) }),
      token: (t) => t.st.token,
      path: (t) => `/events/${t.event.id}/signups`,
      read: (t) => rows(`/events/${t.event.id}/signups`, A()),
    },
    'POST /events/{id}/signups/cancel': {
      body: 'refused',
      target: async () => {
        const t = { st: await h.studentAccount(), event: expectData(await post('/events', { token: A(), json: eventBody({}, far()) }), 201) };
        expectData(await post(`/events/${t.event.id}/signups`, { token: t.st.token }), 201);
        return t;
      },
      token: (t) => t.st.token,
      path: (t) => `/events/${t.event.id}/signups/cancel`,
      read: (t) => rows(`/events/${t.event.id}/signups`, A()),
    },
    'POST /fair-applications/{id}/withdraw': {
      body: 'refused',
      target: async () => {
        const c = await approvedEmployer(A());
        const fair = expectData(await post('/fairs', { token: A(), json: fairBody({}, far()) }), 201);
        return { c, app: expectData(await post(`/fairs/${fair.id}/applications`, { token: c.token, json: applicationBody([]) }), 201) };
      },
      token: (t) => t.c.token,
      path: (t) => `/fair-applications/${t.app.id}/withdraw`,
      read: (t) => data(`/fair-applications/${t.app.id}`, A()),
    },
    'POST /admin/fair-applications/{id}/checkin': {
      body: 'refused',
      target: async () => {
        const c = await approvedEmployer(A());
        const fair = expectData(await post('/fairs', { token: A(), json: fairBody({}, far()) }), 201);
        const app = expectData(await post(`/fairs/${fair.id}/applications`, { token: c.token, json: applicationBody([]) }), 201);
        expectData(await post(`/admin/fair-applications/${app.id}/review`, { token: A(), json: { decision: 'approve' } }));
        return { c, app };
      },
      token: () => A(),
      path: (t) => `/admin/fair-applications/${t.app.id}/checkin`,
      read: (t) => data(`/fair-applications/${t.app.id}`, A()),
    },
    'POST /fairs/{id}/signups': {
      body: 'refused',
      target: async () => ({ st: await h.studentAccount(), fair: expectData(await post('/fairs', { token: A(), json: fairBody({}, far()) }), 201) }),
      token: (t) => t.st.token,
      path: (t) => `/fairs/${t.fair.id}/signups`,
      read: (t) => data(`/fairs/${t.fair.id}/stats`, A()),
    },
    'DELETE /employer-files/{id}': {
      body: 'ignored',
      target: async () => {
        const c = await approvedEmployer(A());
        const x = expectData(await post(`/employers/${c.employer.id}/interactions`, { token: A(), json: interactionBody('mentor') }), 201);
        return { x };
      },
      // A file of its own for each case.
      each: async (t) => { t.file = expectData(await upload(`/employer-interactions/${t.x.id}/files`, A(), PDF, 'application/pdf', { name: '敌意.pdf' }), 201); },
      token: () => A(),
      path: (t) => `/employer-files/${t.file.id}`,
    },
    'DELETE /resumes/{id}/files/{file_id}': {
      body: 'ignored',
      target: async () => { const st = await h.studentAccount(); return { st, resume: { id: await newResume(st.token) } }; },
      each: async (t) => { t.file = expectData(await upload(`/resumes/${t.resume.id}/files`, t.st.token, PDF, 'application/pdf', { name: '敌意.pdf' }), 201); },
      token: (t) => t.st.token,
      path: (t) => `/resumes/${t.resume.id}/files/${t.file.id}`,
    },
  };
}
