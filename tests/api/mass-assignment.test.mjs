// tests/api/mass-assignment.test.mjs: property-level access (OWASP API3:2023). Every route of
// backend/src/routes.c that takes a JSON body is sent a valid body plus one property the caller
// must not set (a review state, a role, an owner, a status, an id): each answers 422 naming
// that property and changes nothing. The route list is read from routes.c, so a new write
// route without a row here fails the first test.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  RUN, apiAccount, cliAccount, createMajor, expectData, expectError, get, majorBody, password, post, put,
  routeTable,
} from './lib.mjs';
import {
  employmentBody, getStudent, importStudents, requestTransfer, studentRow,
} from './records.mjs';
import { registered, registration } from './recruitment.mjs';

// Write routes that take no JSON body to assign from: a sign-in (it stores nothing it is
// sent), a sign-out, a request for a link, file uploads (their columns are checked by the
// import suites) and deletes.
const NO_JSON_BODY = new Set([
  'POST /auth/login', 'POST /auth/logout', 'POST /students/{id}/activation', 'POST /majors/import',
  'POST /students/import', 'POST /students/export/differs', 'PUT /employers/{id}/licence',
  'POST /employer-interactions/{id}/files', 'DELETE /employer-files/{id}', 'POST /resumes/{id}/files',
  'DELETE /resumes/{id}/files/{file_id}',
]);

let admin;
let majorA;
let majorB;
let student; // {s, token, password}: a student with an account, for the routes a student calls
let account; // an account made through the API, for the account routes
let company; // an approved employer {employer, token, body} …
let posting; // … and a job of it (approved: students apply to it)
let resume; // the student's resume …
let application; // … sent to that job
let venue; // a room …
let event; // … an event of the office's there, open for sign-up …
let session; // … and an info session the company applied for, pending
let fair; // a job fair …
let fairApp; // … the company applied to (pending)
let interaction; // an interaction of the company's
let appeal; // an appeal for the company's account (pending)
let followup; // a follow-up of the company's

before(async () => {
  admin = await cliAccount('admin');
  majorA = await createMajor(admin.token, { college: `赋值甲学院${RUN}`, name: `赋值甲专业${RUN}` });
  majorB = await createMajor(admin.token, { college: `赋值乙学院${RUN}`, name: `赋值乙专业${RUN}` });
  const [s] = await importStudents(admin.token, [studentRow(majorA)]);
  const acc = await cliAccount('student', { username: s.student_no });
  student = { s, token: acc.token, password: acc.password };
  account = await apiAccount(admin.token, { role: 'advisor', major_ids: [majorA.id] }, { login: true });
  company = await registered();
  expectData(await post(`/admin/employers/${company.employer.id}/review`, { token: admin.token, json: { decision: 'approve' } }));
  posting = expectData(await post('/jobs', { token: company.token, json: JOB }), 201);
  expectData(await post(`/admin/jobs/${posting.id}/review`, { token: admin.token, json: { decision: 'approve' } }));
  resume = expectData(await post('/resumes', { token: student.token, json: { title: '赋值测试简历' } }), 201);
  application = expectData(await post(`/jobs/${posting.id}/applications`, { token: student.token, json: { resume_id: resume.id } }), 201);
  venue = expectData(await post('/venues', { token: admin.token, json: { name: `赋值报告厅${RUN}`, capacity: 100 } }), 201);
  event = expectData(await post('/events', { token: admin.token, json: { ...EVENT(3, 9), category: '就业讲座', venue: venue.id, checkin_code: '2468' } }), 201);
  session = expectData(await post('/sessions', { token: company.token, json: { ...EVENT(3, 14), venue_id: venue.id } }), 201);
  fair = expectData(await post('/fairs', { token: admin.token, json: { ...FAIR(), checkin_code: '1357' } }), 201);
  fairApp = expectData(await post(`/fairs/${fair.id}/applications`, { token: company.token, json: FAIR_APPLICATION }), 201);
  interaction = expectData(await post(`/employers/${company.employer.id}/interactions`, { token: admin.token, json: INTERACTION }), 201);
  appeal = expectData(await post('/employer-appeals', { json: APPEAL() }), 201);
  followup = expectData(await post(`/employers/${company.employer.id}/followups`, { token: admin.token, json: FOLLOWUP }), 201);
});

const FOLLOWUP = { date: '2025-06-01', contact_name: '赋值联系人', method: 'meeting', summary: '赋值测试的联络记录' };

const APPEAL = () => ({
  credit_code: company.body.credit_code, applicant_name: '赋值申诉人', applicant_phone: '13700003333',
  applicant_email: `appeal.${RUN}@example.cn`, reason: '赋值测试的账号申诉',
});

const INTERACTION = { kind: 'mentor', date: '2025-03-01', title: '赋值测试校外导师', students_covered: 30, owner: '就业指导中心' };

// A job fair days from now, with its employers' deadline the day before.
const FAIR = (days = 6) => {
  const day = (d) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
  return {
    title: '赋值测试双选会', starts_at: `${day(days)}T09:00:00+08:00`, ends_at: `${day(days)}T16:00:00+08:00`,
    apply_until: `${day(days - 1)}T18:00:00+08:00`, booths: 20,
  };
};
const FAIR_APPLICATION = { contact_name: '赋值', contact_phone: '13800000000' };

// An event's title and times, days from now at hour (China time), two hours long.
const EVENT = (days, hour) => {
  const day = new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  const at = (h) => `${day}T${String(h).padStart(2, '0')}:00:00+08:00`;
  return { title: '赋值测试活动', starts_at: at(hour), ends_at: at(hour + 2) };
};

const JOB = { title: '赋值测试职位', description: '用来检查不能设置的属性。', city: '南京' };

const fresh = async () => (await importStudents(admin.token, [studentRow(majorA)]))[0];

// route -> [who sends it, path, a valid body, the properties to try one at a time, what to
// compare before and after]. Bodies are functions: some need records made in before().
const ROUTES = {
  'POST /auth/activate': () => ({ token: null, path: '/auth/activate', body: { token: 'f'.repeat(64), password: password() }, extra: ['role', 'account_id', 'status'] }),
  'PUT /me/password': () => ({ token: student.token, path: '/me/password', body: { old_password: student.password, new_password: password() }, extra: ['role', 'username', 'status'] }),
  'POST /admin/accounts': () => ({
    token: admin.token, path: '/admin/accounts',
    body: { username: `ma${RUN}${Math.random().toString(36).slice(2, 8)}`, password: password(), name: '赋值测试', role: 'advisor', permissions: [], major_ids: [] },
    extra: ['all_permissions', 'status', 'id', 'student_id', 'password_hash'],
  }),
  'PUT /admin/accounts/{id}/scope': () => ({ token: admin.token, path: `/admin/accounts/${account.id}/scope`, body: { major_ids: [majorA.id] }, extra: ['role', 'all_permissions'], state: accountState }),
  'PUT /admin/accounts/{id}/permissions': () => ({ token: admin.token, path: `/admin/accounts/${account.id}/permissions`, body: { permissions: [] }, extra: ['all_permissions', 'role'], state: accountState }),
  'PUT /admin/accounts/{id}/status': () => ({ token: admin.token, path: `/admin/accounts/${account.id}/status`, body: { status: 'active' }, extra: ['role', 'major_ids'], state: accountState }),
  'POST /majors': () => ({ token: admin.token, path: '/majors', body: majorBody(), extra: ['id', 'created_at'] }),
  'PUT /students/import/mapping': () => ({ token: admin.token, path: '/students/import/mapping', body: { mapping: {} }, extra: ['account_id'] }),
  'POST /students/changes/review': () => ({ token: admin.token, path: '/students/changes/review', body: { ids: [2_000_000_000], decision: 'approve' }, extra: ['reviewer_id', 'state', 'review_state'] }),
  'PUT /students/{id}': () => ({
    token: student.token, path: `/students/${student.s.id}`, body: { email: `ma.${RUN}@stu.example.cn` },
    extra: ['review_state', 'status', 'major_id', 'graduation_year', 'student_no', 'id', 'account_id'], state: studentState,
  }),
  'PUT /students/{id}/dispatch': () => ({ token: student.token, path: `/students/${student.s.id}/dispatch`, body: { unit_name: `赋值单位${RUN}` }, extra: ['review_state', 'student_id'], state: studentState }),
  'POST /students/{id}/transfers': () => ({ token: admin.token, path: `/students/${student.s.id}/transfers`, body: { major_id: majorB.id, reason: '赋值测试' }, extra: ['state', 'requested_by', 'decided_by'], state: studentState }),
  'POST /transfers/{id}/decision': async () => {
    const s = await fresh();
    const t = expectData(await requestTransfer(admin.token, s.id, { graduation_year: 2027, reason: '赋值测试' }), 201);
    return { token: admin.token, path: `/transfers/${t.id}/decision`, body: { decision: 'withdraw' }, extra: ['state', 'decided_by'] };
  },
  'PUT /students/{id}/status': () => ({ token: admin.token, path: `/students/${student.s.id}/status`, body: { status: '休学', reason: '赋值测试' }, extra: ['actor_id', 'from_status'], state: studentState }),
  'PUT /students/{id}/employment': () => ({ token: student.token, path: `/students/${student.s.id}/employment`, body: employmentBody('10'), extra: ['review_state', 'reviewer_id', 'student_id'], state: studentState }),
  'POST /employment/reviews': () => ({ token: admin.token, path: '/employment/reviews', body: { ids: [2_000_000_000], decision: 'approve' }, extra: ['reviewer_id', 'review_state'] }),
  'POST /employers/register': () => {
    const body = registration();
    const state = async () => expectData(await get('/employers', { token: admin.token, query: { q: body.credit_code } }));
    return { token: null, path: '/employers/register', body, extra: ['status', 'role', 'licence_file', 'wechat_bound', 'reviewed_by'], state };
  },
  'PUT /employers/{id}': () => ({ token: company.token, path: `/employers/${company.employer.id}`, body: { contact_name: '赵经理' }, extra: ['status', 'pending_changes', 'reviewed_by', 'licence_file', 'wechat_bound', 'id'], state: companyState }),
  'POST /employers/{id}/users': () => ({ token: company.token, path: `/employers/${company.employer.id}/users`, body: { username: `ma_${RUN}_hr`, password: password(), name: '新HR' }, extra: ['role', 'employer_id', 'status', 'all_permissions'], state: companyState }),
  'POST /admin/employers/{id}/review': () => ({ token: admin.token, path: `/admin/employers/${company.employer.id}/review`, body: { decision: 'approve' }, extra: ['status', 'reviewed_by'], state: companyState }),
  'POST /jobs': () => ({ token: company.token, path: '/jobs', body: JOB, extra: ['status', 'employer_id', 'refreshed_at', 'reviewed_by'], state: companyJobs }),
  'PUT /jobs/{id}': () => ({ token: company.token, path: `/jobs/${posting.id}`, body: { city: '苏州' }, extra: ['status', 'employer_id', 'pending_changes', 'review_reason'], state: postingState }),
  'POST /admin/jobs/refresh': () => ({ token: admin.token, path: '/admin/jobs/refresh', body: { ids: [posting.id] }, extra: ['refreshed_at'], state: postingState }),
  'POST /admin/jobs/{id}/review': () => ({ token: admin.token, path: `/admin/jobs/${posting.id}/review`, body: { decision: 'approve' }, extra: ['status', 'reviewed_by'], state: postingState }),
  'POST /resumes': () => ({ token: student.token, path: '/resumes', body: { title: '另一份简历' }, extra: ['recommended', 'student_id', 'recommended_by', 'id'], state: async () => expectData(await get('/resumes', { token: student.token })) }),
  'PUT /resumes/{id}': () => ({ token: student.token, path: `/resumes/${resume.id}`, body: { summary: '改' }, extra: ['recommended', 'student_id', 'content'], state: resumeState }),
  'PUT /resumes/{id}/recommended': () => ({ token: admin.token, path: `/resumes/${resume.id}/recommended`, body: { recommended: true }, extra: ['recommended_by', 'student_id'], state: resumeState }),
  'POST /jobs/{id}/applications': () => ({ token: student.token, path: `/jobs/${posting.id}/applications`, body: { resume_id: resume.id }, extra: ['state', 'student_id', 'resume'], state: applicationState }),
  'PUT /applications/{id}/state': () => ({ token: student.token, path: `/applications/${application.id}/state`, body: { state: 'withdrawn' }, extra: ['student_id', 'job_id', 'resume'], state: applicationState }),
  'POST /venues': () => ({ token: admin.token, path: '/venues', body: { name: `赋值新场地${RUN}`, capacity: 50 }, extra: ['id', 'status'] }),
  'PUT /venues/{id}': () => ({ token: admin.token, path: `/venues/${venue.id}`, body: { capacity: 90 }, extra: ['id', 'status'], state: venueState }),
  'POST /events': () => ({ token: admin.token, path: '/events', body: { ...EVENT(4, 9), category: '就业讲座', capacity: 30 }, extra: ['status', 'employer_id', 'signups', 'kind'] }),
  'PUT /events/{id}': () => ({ token: admin.token, path: `/events/${event.id}`, body: { title: '赋值改名' }, extra: ['status', 'employer_id', 'signups', 'checkins', 'kind'], state: eventState }),
  'POST /admin/events/{id}/review': () => ({ token: admin.token, path: `/admin/events/${session.id}/review`, body: { decision: 'approve' }, extra: ['status', 'employer_id', 'title'], state: sessionState }),
  'POST /events/{id}/signups': () => ({ token: student.token, path: `/events/${event.id}/signups`, body: {}, extra: ['student_id', 'status'], state: eventState }),
  'POST /events/{id}/signups/cancel': () => ({ token: student.token, path: `/events/${event.id}/signups/cancel`, body: {}, extra: ['student_id'], state: eventState }),
  'POST /events/{id}/checkins': () => ({ token: student.token, path: `/events/${event.id}/checkins`, body: { code: '2468' }, extra: ['student_id', 'method'], state: eventState }),
  'POST /fairs': () => ({ token: admin.token, path: '/fairs', body: FAIR(7), extra: ['status', 'booths_taken', 'signups', 'created_by'] }),
  'PUT /fairs/{id}': () => ({ token: admin.token, path: `/fairs/${fair.id}`, body: { title: '赋值改名' }, extra: ['status', 'booths_taken', 'id'], state: fairState }),
  'POST /admin/fairs/{id}/cancel': () => ({ token: admin.token, path: `/admin/fairs/${fair.id}/cancel`, body: { reason: '赋值' }, extra: ['status'], state: fairState }),
  'POST /fairs/{id}/applications': () => ({ token: company.token, path: `/fairs/${fair.id}/applications`, body: FAIR_APPLICATION, extra: ['state', 'employer_id', 'booth_numbers', 'checked_in_at'], state: fairAppState }),
  'POST /admin/fair-applications/{id}/review': () => ({ token: admin.token, path: `/admin/fair-applications/${fairApp.id}/review`, body: { decision: 'approve' }, extra: ['state', 'booths', 'employer_id'], state: fairAppState }),
  'POST /fair-applications/{id}/withdraw': () => ({ token: company.token, path: `/fair-applications/${fairApp.id}/withdraw`, body: {}, extra: ['state'], state: fairAppState }),
  'POST /admin/fairs/{id}/booths': () => ({ token: admin.token, path: `/admin/fairs/${fair.id}/booths`, body: { ids: [fairApp.id], zone: 'A' }, extra: ['fair_id', 'booth_numbers'], state: fairAppState }),
  'PUT /fair-applications/{id}/booths': () => ({ token: admin.token, path: `/fair-applications/${fairApp.id}/booths`, body: { booth_numbers: ['A01'] }, extra: ['application_id', 'state'], state: fairAppState }),
  'POST /fairs/{id}/employer-checkins': () => ({ token: company.token, path: `/fairs/${fair.id}/employer-checkins`, body: { token: '1.x' }, extra: ['application_id', 'checked_in_at'], state: fairAppState }),
  'POST /admin/fair-applications/{id}/checkin': () => ({ token: admin.token, path: `/admin/fair-applications/${fairApp.id}/checkin`, body: {}, extra: ['checked_in_at'], state: fairAppState }),
  'POST /fairs/{id}/signups': () => ({ token: student.token, path: `/fairs/${fair.id}/signups`, body: {}, extra: ['student_id', 'checked_in_at'], state: fairState }),
  'POST /fairs/{id}/checkins': () => ({ token: student.token, path: `/fairs/${fair.id}/checkins`, body: { code: '1357' }, extra: ['student_id', 'checkin_method'], state: fairState }),
  'PUT /codes/{table}/{code}': () => ({ token: admin.token, path: '/codes/unit-nature/88', body: { name: '赋值测试单位性质', valid_from: 2099 }, extra: ['code', 'id'] }),
  'PUT /admin/cooperation-levels/{code}': () => ({ token: admin.token, path: '/admin/cooperation-levels/ordinary', body: { name: '一般合作' }, extra: ['code', 'id'] }),
  'PUT /employers/{id}/relations': () => ({ token: admin.token, path: `/employers/${company.employer.id}/relations`, body: { tags: ['赋值'] }, extra: ['status', 'name', 'relation_owner'], state: companyState }),
  'POST /employers/{id}/followups': () => ({ token: admin.token, path: `/employers/${company.employer.id}/followups`, body: FOLLOWUP, extra: ['employer_id', 'created_by', 'id'] }),
  'PUT /employer-followups/{id}': () => ({ token: admin.token, path: `/employer-followups/${followup.id}`, body: { summary: '赋值改' }, extra: ['employer_id', 'created_by'], state: followupState }),
  'POST /employer-appeals': () => ({ token: null, path: '/employer-appeals', body: APPEAL(), extra: ['state', 'employer_id', 'account_id'] }),
  'POST /admin/employer-appeals/{id}/review': () => ({ token: admin.token, path: `/admin/employer-appeals/${appeal.id}/review`, body: { decision: 'reject', reason: '赋值' }, extra: ['state', 'account_id', 'employer_id'], state: appealState }),
  'POST /employers/{id}/interactions': () => ({ token: admin.token, path: `/employers/${company.employer.id}/interactions`, body: INTERACTION, extra: ['employer_id', 'source', 'source_id', 'removed'] }),
  'PUT /employer-interactions/{id}': () => ({ token: admin.token, path: `/employer-interactions/${interaction.id}`, body: { title: '赋值改名' }, extra: ['employer_id', 'source', 'source_id', 'id'], state: interactionState }),
  'PUT /admin/interaction-model': () => ({ token: admin.token, path: '/admin/interaction-model', body: { half_life_days: 180 }, extra: ['id', 'updated_by'] }),
  'POST /sessions': () => ({ token: company.token, path: '/sessions', body: { ...EVENT(5, 9), venue_id: venue.id }, extra: ['status', 'employer_id', 'category', 'kind'] }),
};

const venueState = async () => expectData(await get('/venues', { token: admin.token, query: { q: venue.name, all: 1 } }));
const eventState = async () => expectData(await get(`/events/${event.id}`, { token: admin.token }));
const followupState = async () => expectData(await get(`/employers/${company.employer.id}/followups`, { token: admin.token }));
const appealState = async () => expectData(await get('/admin/employer-appeals', { token: admin.token, query: { q: company.employer.name } }));
const interactionState = async () => expectData(await get(`/employers/${company.employer.id}/interactions`, { token: admin.token }));
const fairState = async () => expectData(await get(`/fairs/${fair.id}`, { token: admin.token }));
const fairAppState = async () => expectData(await get(`/fair-applications/${fairApp.id}`, { token: admin.token }));
const sessionState = async () => expectData(await get(`/events/${session.id}`, { token: admin.token }));
const resumeState = async () => expectData(await get(`/resumes/${resume.id}`, { token: admin.token }));
const applicationState = async () => expectData(await get(`/applications/${application.id}`, { token: admin.token }));
const companyState = async () => expectData(await get(`/employers/${company.employer.id}`, { token: admin.token }));
const companyJobs = async () => expectData(await get(`/employers/${company.employer.id}/jobs`, { token: admin.token, query: { per_page: 200 } }));
const postingState = async () => expectData(await get(`/jobs/${posting.id}`, { token: admin.token }));

const studentState = async () => expectData(await getStudent(admin.token, student.s.id));
const accountState = async () => expectData(await get(`/admin/accounts/${account.id}`, { token: admin.token }));

const send = (method, { token, path, body }) => (method === 'PUT' ? put : post)(path, { token: token ?? undefined, json: body });

describe('mass assignment is refused on every write route', () => {
  test('every write route of routes.c that takes a JSON body has a row here', () => {
    const writes = routeTable().map(([m, p]) => `${m} ${p}`).filter((r) => !r.startsWith('GET ') && !NO_JSON_BODY.has(r));
    assert.deepEqual(writes.filter((r) => !ROUTES[r]), [], 'write routes the sweep does not call');
    assert.deepEqual(Object.keys(ROUTES).filter((r) => !writes.includes(r)), [], 'rows for routes that no longer exist');
  });

  for (const [route, make] of Object.entries(ROUTES)) {
    test(`${route}: each extra property → 422 naming it, nothing changed`, async () => {
      const method = route.split(' ')[0];
      const spec = await make();
      const before0 = spec.state ? await spec.state() : null;
      for (const key of spec.extra) {
        const value = key.endsWith('_id') || key === 'id' ? 1 : key === 'all_permissions' ? true : key === 'major_ids' ? [majorB.id] : 'approved';
        const res = await send(method, { ...spec, body: { ...spec.body, [key]: value } });
        expectError(res, 422, key);
      }
      if (spec.state) assert.deepEqual(await spec.state(), before0, `a refused ${route} changed the record`);
    });
  }
});
