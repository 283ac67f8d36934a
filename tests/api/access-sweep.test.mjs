// tests/api/access-sweep.test.mjs: object-level access (OWASP API1:2023) over every route of
// backend/src/routes.c that takes an id. Each route is called on a record that exists by
// callers who must not reach it: an advisor of another college (same role and permission items
// as the owner, other majors), another student, another employer's HR user, a counselor (career
// counsellors see no student records without items an admin grants; granted, they are not
// limited to majors), and an admin holding only an unrelated item. Staff read any employer and
// its jobs; the rows say so. Callers who hold the route's role and item must get
// 404, exactly as for an id that does not exist; the others 403 or 404, and always the same
// answer as for an id that does not exist, so no answer tells whether the record is there.
// After all of it the records are unchanged. The route list is read from routes.c: a new id
// route without a row here fails the first test.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  RUN, apiAccount, cliAccount, createMajor, expectData, get, post, put, request, routeTable,
} from './lib.mjs';
import { registered } from './recruitment.mjs';
import {
  advisorFor, employmentBody, getStudent, importStudents, requestTransfer, staffWith, studentRow,
} from './records.mjs';

const MISSING = 2_000_000_000; // an id no record has

// Routes whose {…} is not a record of anyone (a code table's name): nothing to reach.
const NOT_RECORDS = new Set(['GET /codes/{table}', 'PUT /codes/{table}/{code}', 'PUT /admin/cooperation-levels/{code}']);

const STUDENT_ITEMS = ['students.view', 'students.edit', 'students.review', 'students.export', 'students.sensitive'];


let admin; // CLI admin: every item, every major
let x; // college X: the callers' majors
let y; // college Y: the records' major
let z; // college Z: where the transfer goes
let owner; // advisor of college Y with every student item: may reach the records
let target; // a student of college Y with an account: {s, token}
let moving; // another student of college Y …
let transfer; // … with a pending transfer to college Z
let company; // an approved employer: {employer, token (its HR user), body} …
let posting; // … and a job of it still waiting for review (not public), and a public one
let resume; // the target student's resume, with an attachment …
let resumeFile;
let application; // … sent to the company's public job
let session; // an info session the company applied for, still pending (not public)
let venue; // a room of the office's
let hiddenFair; // a job fair not yet published (publish_at ahead): only the office sees it
let fairApp; // the company's application to a published fair
let interaction; // an interaction of the company's the office recorded
let interactionFile; // a file archived with it
let appeal; // an appeal for the company's account
let followup; // a follow-up of the company's the office recorded
const callers = {}; // name -> {token, reaches: (route) => whether role and item allow the route}

async function studentWithAccount(major) {
  const [s] = await importStudents(admin.token, [studentRow(major)]);
  const acc = await cliAccount('student', { username: s.student_no });
  return { s, token: acc.token };
}

before(async () => {
  admin = await cliAccount('admin');
  x = await createMajor(admin.token, { college: `越权甲学院${RUN}`, name: `越权甲专业${RUN}` });
  y = await createMajor(admin.token, { college: `越权乙学院${RUN}`, name: `越权乙专业${RUN}` });
  z = await createMajor(admin.token, { college: `越权丙学院${RUN}`, name: `越权丙专业${RUN}` });
  owner = await advisorFor(admin.token, [y.id], STUDENT_ITEMS);
  target = await studentWithAccount(y);
  [moving] = await importStudents(admin.token, [studentRow(y)]);
  transfer = expectData(await requestTransfer(owner.token, moving.id, { major_id: z.id, reason: '转入丙学院' }), 201);
  assert.equal(transfer.state, 'pending');

  company = await registered();
  expectData(await post(`/admin/employers/${company.employer.id}/review`, { token: admin.token, json: { decision: 'approve' } }));
  posting = expectData(await post('/jobs', { token: company.token, json: { title: '越权测试职位', description: '只有本单位和学校可以看到的职位。', city: '南京' } }), 201);
  const open = expectData(await post('/jobs', { token: company.token, json: { title: '越权测试公开职位', description: '所有人都能看到的职位。', city: '南京' } }), 201);
  expectData(await post(`/admin/jobs/${open.id}/review`, { token: admin.token, json: { decision: 'approve' } }));
  resume = expectData(await post('/resumes', { token: target.token, json: { title: '越权测试简历' } }), 201);
  resumeFile = expectData(await request('POST', `/resumes/${resume.id}/files`, {
    token: target.token, body: Buffer.from('%PDF-1.4\n%%EOF\n'), headers: { 'content-type': 'application/pdf' }, query: { name: '越权测试成绩单.pdf' },
  }), 201);
  application = expectData(await post(`/jobs/${open.id}/applications`, { token: target.token, json: { resume_id: resume.id } }), 201);
  venue = expectData(await post('/venues', { token: admin.token, json: { name: `越权报告厅${RUN}`, capacity: 80 } }), 201);
  const day = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
  session = expectData(await post('/sessions', {
    token: company.token,
    json: { title: '越权测试宣讲会', venue_id: venue.id, starts_at: `${day}T14:00:00+08:00`, ends_at: `${day}T16:00:00+08:00` },
  }), 201);
  assert.equal(session.status, 'pending');
  const fairDay = new Date(Date.now() + 9 * 86_400_000).toISOString().slice(0, 10);
  const fairBody = (over) => ({
    title: '越权测试双选会', starts_at: `${fairDay}T09:00:00+08:00`, ends_at: `${fairDay}T16:00:00+08:00`,
    apply_until: `${day}T18:00:00+08:00`, booths: 10, ...over,
  });
  hiddenFair = expectData(await post('/fairs', { token: admin.token, json: fairBody({ publish_at: `${day}T08:00:00+08:00` }) }), 201);
  const openFair = expectData(await post('/fairs', { token: admin.token, json: fairBody({}) }), 201);
  appeal = expectData(await post('/employer-appeals', {
    json: {
      credit_code: company.body.credit_code, applicant_name: '越权申诉人', applicant_phone: '13700002222',
      applicant_email: `appeal.${RUN}@example.cn`, reason: '越权测试的账号申诉',
    },
  }), 201);
  followup = expectData(await post(`/employers/${company.employer.id}/followups`, {
    token: admin.token, json: { date: '2025-06-01', contact_name: '越权联系人', method: 'phone', summary: '越权测试的联络记录' },
  }), 201);
  interaction = expectData(await post(`/employers/${company.employer.id}/interactions`, {
    token: admin.token, json: { kind: 'mentor', date: day.slice(0, 8) + '01', title: '越权测试校外导师' },
  }), 201);
  interactionFile = expectData(await request('POST', `/employer-interactions/${interaction.id}/files`, {
    token: admin.token, body: Buffer.from('%PDF-1.4\n%%EOF\n'), headers: { 'content-type': 'application/pdf' }, query: { name: '越权测试聘书.pdf' },
  }), 201);
  fairApp = expectData(await post(`/fairs/${openFair.id}/applications`, {
    token: company.token, json: { contact_name: '越权', contact_phone: '13800000000' },
  }), 201);

  const advisor = await advisorFor(admin.token, [x.id], STUDENT_ITEMS);
  const counselor = await apiAccount(admin.token, { role: 'counselor', major_ids: [] }, { login: true });
  const student = await studentWithAccount(x);
  const employer = await cliAccount('employer');
  const statsOnly = await staffWith(admin.token, 'admin', ['stats.view']);
  const staffRoute = (r) => r.startsWith('GET /students') || r.startsWith('PUT /students') || r.startsWith('POST /students') || r.startsWith('POST /transfers');
  // Staff without employers.review reach the licence route, and get 404 there.
  // Staff reach these routes whatever their items; the record decides (404).
  // A pending info session is no one's to see but the office's (events.manage) and its employer's.
  // So is a fair not yet published, and its participants.
  const staffAny = (r) => ['GET /employers/{id}/licence', 'GET /jobs/{id}/applications', 'GET /applications/{id}', 'GET /events/{id}',
    'GET /fairs/{id}', 'GET /fairs/{id}/participants'].includes(r);
  const studentItems = (r) => ['GET /resumes/{id}', 'PUT /resumes/{id}/recommended', 'GET /resumes/{id}/files',
    'GET /resumes/{id}/files/{file_id}'].includes(r);
  callers['advisor of another college'] = { token: advisor.token, reaches: (r) => staffRoute(r) || staffAny(r) || studentItems(r) };
  callers['counselor without items'] = { token: counselor.token, reaches: staffAny };
  // A student reads and edits their own record only: the record routes open to students.
  callers['another student'] = {
    token: student.token,
    reaches: (r) => ['GET /students/{id}', 'PUT /students/{id}', 'PUT /students/{id}/dispatch', 'PUT /students/{id}/employment',
      'GET /resumes/{id}', 'PUT /resumes/{id}', 'POST /resumes/{id}/files', 'GET /resumes/{id}/files', 'GET /resumes/{id}/files/{file_id}',
      'DELETE /resumes/{id}/files/{file_id}', 'POST /jobs/{id}/applications', 'GET /applications/{id}', 'PUT /applications/{id}/state',
      'GET /events/{id}', 'POST /events/{id}/signups', 'POST /events/{id}/signups/cancel', 'POST /events/{id}/checkins',
      'GET /fairs/{id}', 'GET /fairs/{id}/participants', 'POST /fairs/{id}/signups', 'POST /fairs/{id}/checkins'].includes(r),
  };
  // Another employer's HR user reaches every employer route, on its own employer only.
  callers['another employer'] = {
    token: employer.token,
    reaches: (r) => (/^(GET|PUT|POST) \/(employers|jobs|applications)\/\{id\}/.test(r) && r !== 'POST /jobs/{id}/applications' &&
      !/\/(interaction|relations|followups)/.test(r)) ||
      ['GET /events/{id}', 'GET /events/{id}/checkin-token', 'GET /fairs/{id}', 'GET /fairs/{id}/participants',
        'GET /fairs/{id}/applications', 'GET /fair-applications/{id}', 'POST /fair-applications/{id}/withdraw',
        'POST /fairs/{id}/employer-checkins', 'GET /resumes/{id}/files', 'GET /resumes/{id}/files/{file_id}'].includes(r),
  };
  callers['admin with stats.view only'] = { token: statsOnly.token, reaches: staffAny };
});

// Staff may read any employer and its jobs (the interaction records, the console): not outsiders.
const STAFF_READ = ['advisor of another college', 'counselor without items', 'admin with stats.view only'];

// One row per id route: how to call it on id, the record it reaches, and the callers who may
// legitimately reach it (left out of the sweep).
const ROUTES = {
  'GET /students/{id}': { call: (t, id) => get(`/students/${id}`, { token: t }), id: () => target.s.id },
  'PUT /students/{id}': { call: (t, id) => put(`/students/${id}`, { token: t, json: { email: `sweep.${RUN}@stu.example.cn` } }), id: () => target.s.id },
  'PUT /students/{id}/dispatch': { call: (t, id) => put(`/students/${id}/dispatch`, { token: t, json: { unit_name: `越权单位${RUN}` } }), id: () => target.s.id },
  'POST /students/{id}/transfers': { call: (t, id) => post(`/students/${id}/transfers`, { token: t, json: { major_id: x.id, reason: '越权转专业' } }), id: () => target.s.id },
  'PUT /students/{id}/status': { call: (t, id) => put(`/students/${id}/status`, { token: t, json: { status: '休学', reason: '越权' } }), id: () => target.s.id },
  'POST /students/{id}/activation': { call: (t, id) => post(`/students/${id}/activation`, { token: t }), id: () => target.s.id },
  'PUT /students/{id}/employment': { call: (t, id) => put(`/students/${id}/employment`, { token: t, json: employmentBody('10') }), id: () => target.s.id },
  'POST /transfers/{id}/decision': { call: (t, id) => post(`/transfers/${id}/decision`, { token: t, json: { decision: 'approve' } }), id: () => transfer.id },
  'GET /admin/accounts/{id}': { call: (t, id) => get(`/admin/accounts/${id}`, { token: t }), id: () => owner.id },
  'PUT /admin/accounts/{id}/scope': { call: (t, id) => put(`/admin/accounts/${id}/scope`, { token: t, json: { major_ids: [x.id] } }), id: () => owner.id },
  'PUT /admin/accounts/{id}/permissions': { call: (t, id) => put(`/admin/accounts/${id}/permissions`, { token: t, json: { permissions: [] } }), id: () => owner.id },
  'PUT /admin/accounts/{id}/status': { call: (t, id) => put(`/admin/accounts/${id}/status`, { token: t, json: { status: 'disabled' } }), id: () => owner.id },
  'GET /employers/{id}': { call: (t, id) => get(`/employers/${id}`, { token: t }), id: () => company.employer.id, legit: STAFF_READ },
  'PUT /employers/{id}': { call: (t, id) => put(`/employers/${id}`, { token: t, json: { contact_name: '越权' } }), id: () => company.employer.id },
  'POST /employers/{id}/users': { call: (t, id) => post(`/employers/${id}/users`, { token: t, json: { username: `x${Date.now()}`, password: 'Xx1!xxxxxxxxxxxx', name: '越权' } }), id: () => company.employer.id },
  'PUT /employers/{id}/licence': { call: (t, id) => request('PUT', `/employers/${id}/licence`, { token: t, body: Buffer.from('%PDF-1.4\n%%EOF\n'), headers: { 'content-type': 'application/pdf' } }), id: () => company.employer.id },
  'GET /employers/{id}/licence': { call: (t, id) => get(`/employers/${id}/licence`, { token: t }), id: () => company.employer.id },
  'GET /employers/{id}/jobs': { call: (t, id) => get(`/employers/${id}/jobs`, { token: t }), id: () => company.employer.id, legit: STAFF_READ },
  'POST /admin/employers/{id}/review': { call: (t, id) => post(`/admin/employers/${id}/review`, { token: t, json: { decision: 'reject', reason: '越权' } }), id: () => company.employer.id },
  'GET /jobs/{id}': { call: (t, id) => get(`/jobs/${id}`, { token: t }), id: () => posting.id, legit: STAFF_READ },
  'PUT /jobs/{id}': { call: (t, id) => put(`/jobs/${id}`, { token: t, json: { title: '越权修改' } }), id: () => posting.id },
  'POST /admin/jobs/{id}/review': { call: (t, id) => post(`/admin/jobs/${id}/review`, { token: t, json: { decision: 'approve' } }), id: () => posting.id },
  'GET /resumes/{id}': { call: (t, id) => get(`/resumes/${id}`, { token: t }), id: () => resume.id },
  'PUT /resumes/{id}': { call: (t, id) => put(`/resumes/${id}`, { token: t, json: { title: '越权' } }), id: () => resume.id },
  'PUT /resumes/{id}/recommended': { call: (t, id) => put(`/resumes/${id}/recommended`, { token: t, json: { recommended: true } }), id: () => resume.id },
  // A resume's attachments: the id is the resume's (the file is one of it).
  'POST /resumes/{id}/files': { call: (t, id) => request('POST', `/resumes/${id}/files`, { token: t, body: Buffer.from('%PDF-1.4\n%%EOF\n'), headers: { 'content-type': 'application/pdf' }, query: { name: '越权.pdf' } }), id: () => resume.id },
  'GET /resumes/{id}/files': { call: (t, id) => get(`/resumes/${id}/files`, { token: t }), id: () => resume.id },
  'GET /resumes/{id}/files/{file_id}': { call: (t, id) => get(`/resumes/${id}/files/${resumeFile.id}`, { token: t }), id: () => resume.id },
  'DELETE /resumes/{id}/files/{file_id}': { call: (t, id) => request('DELETE', `/resumes/${id}/files/${resumeFile.id}`, { token: t }), id: () => resume.id },
  'GET /students/{id}/resumes': { call: (t, id) => get(`/students/${id}/resumes`, { token: t }), id: () => target.s.id },
  'POST /jobs/{id}/applications': { call: (t, id) => post(`/jobs/${id}/applications`, { token: t, json: { resume_id: 1 } }), id: () => posting.id },
  'GET /jobs/{id}/applications': { call: (t, id) => get(`/jobs/${id}/applications`, { token: t }), id: () => posting.id },
  'GET /applications/{id}': { call: (t, id) => get(`/applications/${id}`, { token: t }), id: () => application.id },
  'PUT /applications/{id}/state': { call: (t, id) => put(`/applications/${id}/state`, { token: t, json: { state: 'withdrawn' } }), id: () => application.id },
  'PUT /venues/{id}': { call: (t, id) => put(`/venues/${id}`, { token: t, json: { active: false } }), id: () => venue.id },
  'GET /events/{id}': { call: (t, id) => get(`/events/${id}`, { token: t }), id: () => session.id },
  'PUT /events/{id}': { call: (t, id) => put(`/events/${id}`, { token: t, json: { title: '越权修改' } }), id: () => session.id },
  'POST /admin/events/{id}/review': { call: (t, id) => post(`/admin/events/${id}/review`, { token: t, json: { decision: 'approve' } }), id: () => session.id },
  'POST /events/{id}/signups': { call: (t, id) => post(`/events/${id}/signups`, { token: t }), id: () => session.id },
  'GET /events/{id}/signups': { call: (t, id) => get(`/events/${id}/signups`, { token: t }), id: () => session.id },
  'POST /events/{id}/signups/cancel': { call: (t, id) => post(`/events/${id}/signups/cancel`, { token: t }), id: () => session.id },
  'GET /events/{id}/checkin-token': { call: (t, id) => get(`/events/${id}/checkin-token`, { token: t }), id: () => session.id },
  'POST /events/{id}/checkins': { call: (t, id) => post(`/events/${id}/checkins`, { token: t, json: { code: '0000' } }), id: () => session.id },
  'GET /fairs/{id}': { call: (t, id) => get(`/fairs/${id}`, { token: t }), id: () => hiddenFair.id },
  'PUT /fairs/{id}': { call: (t, id) => put(`/fairs/${id}`, { token: t, json: { title: '越权修改' } }), id: () => hiddenFair.id },
  'POST /admin/fairs/{id}/cancel': { call: (t, id) => post(`/admin/fairs/${id}/cancel`, { token: t, json: { reason: '越权' } }), id: () => hiddenFair.id },
  'GET /fairs/{id}/stats': { call: (t, id) => get(`/fairs/${id}/stats`, { token: t }), id: () => hiddenFair.id },
  'GET /fairs/{id}/export': { call: (t, id) => get(`/fairs/${id}/export`, { token: t, query: { list: 'participants' } }), id: () => hiddenFair.id },
  'GET /fairs/{id}/checkin-token': { call: (t, id) => get(`/fairs/${id}/checkin-token`, { token: t }), id: () => hiddenFair.id },
  'POST /fairs/{id}/applications': { call: (t, id) => post(`/fairs/${id}/applications`, { token: t, json: { contact_name: '越权', contact_phone: '13800000000' } }), id: () => hiddenFair.id },
  'GET /fairs/{id}/applications': { call: (t, id) => get(`/fairs/${id}/applications`, { token: t }), id: () => hiddenFair.id },
  'GET /fairs/{id}/participants': { call: (t, id) => get(`/fairs/${id}/participants`, { token: t }), id: () => hiddenFair.id },
  'POST /fairs/{id}/employer-checkins': { call: (t, id) => post(`/fairs/${id}/employer-checkins`, { token: t, json: { token: '1.x' } }), id: () => hiddenFair.id },
  'POST /admin/fairs/{id}/booths': { call: (t, id) => post(`/admin/fairs/${id}/booths`, { token: t, json: { ids: [fairApp.id], zone: 'A' } }), id: () => hiddenFair.id },
  'POST /fairs/{id}/signups': { call: (t, id) => post(`/fairs/${id}/signups`, { token: t }), id: () => hiddenFair.id },
  'POST /fairs/{id}/checkins': { call: (t, id) => post(`/fairs/${id}/checkins`, { token: t, json: { code: '0000' } }), id: () => hiddenFair.id },
  'GET /fair-applications/{id}': { call: (t, id) => get(`/fair-applications/${id}`, { token: t }), id: () => fairApp.id },
  'POST /admin/fair-applications/{id}/review': { call: (t, id) => post(`/admin/fair-applications/${id}/review`, { token: t, json: { decision: 'approve' } }), id: () => fairApp.id },
  'POST /fair-applications/{id}/withdraw': { call: (t, id) => post(`/fair-applications/${id}/withdraw`, { token: t }), id: () => fairApp.id },
  'PUT /fair-applications/{id}/booths': { call: (t, id) => put(`/fair-applications/${id}/booths`, { token: t, json: { booth_numbers: ['A01'] } }), id: () => fairApp.id },
  'POST /admin/fair-applications/{id}/checkin': { call: (t, id) => post(`/admin/fair-applications/${id}/checkin`, { token: t }), id: () => fairApp.id },
  'POST /employers/{id}/interactions': { call: (t, id) => post(`/employers/${id}/interactions`, { token: t, json: { kind: 'strategic', date: '2025-01-01', title: '越权' } }), id: () => company.employer.id },
  'GET /employers/{id}/interactions': { call: (t, id) => get(`/employers/${id}/interactions`, { token: t }), id: () => company.employer.id, legit: ['advisor of another college'] },
  // The index of any employer is read by every admin and advisor (the API core), like the employer.
  'GET /employers/{id}/interaction-index': { call: (t, id) => get(`/employers/${id}/interaction-index`, { token: t }), id: () => company.employer.id, legit: ['advisor of another college', 'admin with stats.view only'] },
  'PUT /employer-interactions/{id}': { call: (t, id) => put(`/employer-interactions/${id}`, { token: t, json: { removed: true } }), id: () => interaction.id },
  'POST /employer-interactions/{id}/files': { call: (t, id) => request('POST', `/employer-interactions/${id}/files`, { token: t, body: Buffer.from('%PDF-1.4\n%%EOF\n'), headers: { 'content-type': 'application/pdf' }, query: { name: '越权.pdf' } }), id: () => interaction.id },
  // The archived files are read by those who read the log: advisors too.
  'GET /employer-interactions/{id}/files': { call: (t, id) => get(`/employer-interactions/${id}/files`, { token: t }), id: () => interaction.id, legit: ['advisor of another college'] },
  'GET /employer-files/{id}': { call: (t, id) => get(`/employer-files/${id}`, { token: t }), id: () => interactionFile.id, legit: ['advisor of another college'] },
  'DELETE /employer-files/{id}': { call: (t, id) => request('DELETE', `/employer-files/${id}`, { token: t }), id: () => interactionFile.id },
  'PUT /employers/{id}/relations': { call: (t, id) => put(`/employers/${id}/relations`, { token: t, json: { tags: ['越权'] } }), id: () => company.employer.id },
  'GET /employers/{id}/followups': { call: (t, id) => get(`/employers/${id}/followups`, { token: t }), id: () => company.employer.id, legit: ['advisor of another college'] },
  'POST /employers/{id}/followups': { call: (t, id) => post(`/employers/${id}/followups`, { token: t, json: { date: '2025-06-02', contact_name: '越权', method: 'phone', summary: '越权' } }), id: () => company.employer.id },
  'PUT /employer-followups/{id}': { call: (t, id) => put(`/employer-followups/${id}`, { token: t, json: { summary: '越权修改' } }), id: () => followup.id },
  'POST /admin/employer-appeals/{id}/review': { call: (t, id) => post(`/admin/employer-appeals/${id}/review`, { token: t, json: { decision: 'reject', reason: '越权' } }), id: () => appeal.id },
};

// What the refusals must leave as it was: the two records (the transfer shows in the moving
// student's) and the owner's account.
async function snapshot() {
  return {
    record: expectData(await getStudent(admin.token, target.s.id)),
    moving: expectData(await getStudent(admin.token, moving.id)),
    account: expectData(await get(`/admin/accounts/${owner.id}`, { token: admin.token })),
    company: expectData(await get(`/employers/${company.employer.id}`, { token: admin.token })),
    posting: expectData(await get(`/jobs/${posting.id}`, { token: admin.token })),
    resume: expectData(await get(`/resumes/${resume.id}`, { token: admin.token })),
    resumeFiles: expectData(await get(`/resumes/${resume.id}/files`, { token: admin.token })),
    application: expectData(await get(`/applications/${application.id}`, { token: admin.token })),
    session: expectData(await get(`/events/${session.id}`, { token: admin.token })),
    venue: expectData(await get('/venues', { token: admin.token, query: { q: venue.name, all: 1 } })),
    hiddenFair: expectData(await get(`/fairs/${hiddenFair.id}`, { token: admin.token })),
    fairApp: expectData(await get(`/fair-applications/${fairApp.id}`, { token: admin.token })),
    interactions: expectData(await get(`/employers/${company.employer.id}/interactions`, { token: admin.token })),
    interactionFiles: expectData(await get(`/employer-interactions/${interaction.id}/files`, { token: admin.token })),
    appeals: expectData(await get('/admin/employer-appeals', { token: admin.token, query: { q: company.employer.name } })),
    followups: expectData(await get(`/employers/${company.employer.id}/followups`, { token: admin.token })),
  };
}

describe('object-level access over every route that takes an id', () => {
  test('every such route of routes.c has a row in this sweep', () => {
    const idRoutes = routeTable().map(([m, p]) => `${m} ${p}`).filter((r) => r.includes('{') && !NOT_RECORDS.has(r));
    assert.deepEqual(idRoutes.filter((r) => !ROUTES[r]), [], 'id routes the sweep does not call');
    assert.deepEqual(Object.keys(ROUTES).filter((r) => !idRoutes.includes(r)), [], 'rows for routes that no longer exist');
  });

  test('the owner reaches the records (the sweep is not vacuous)', async () => {
    expectData(await getStudent(owner.token, target.s.id));
    expectData(await getStudent(target.token, target.s.id));
    assert.equal(expectData(await get(`/jobs/${posting.id}`, { token: company.token })).status, 'pending');
    expectData(await get(`/employers/${company.employer.id}`, { token: company.token }));
    assert.equal(expectData(await getStudent(owner.token, moving.id)).pending_transfer?.id, transfer.id);
  });

  test('each caller gets 404 where role and item allow the route, else 403 or 404; always the answer of a missing id; nothing changes', async () => {
    const before0 = await snapshot();
    const wrong = [];
    for (const [route, { call, id, legit = [] }] of Object.entries(ROUTES)) {
      if (wrong.length) break; // a change would make the next routes' answers misleading
      for (const [who, c] of Object.entries(callers)) {
        if (legit.includes(who)) continue;
        const real = await call(c.token, id());
        const missing = await call(c.token, MISSING);
        const want = c.reaches(route) ? [404] : [403, 404];
        const code = (r) => `${r.status} ${r.body?.error?.code}`;
        if (!want.includes(real.status)) wrong.push(`${route} as ${who}: ${code(real)}, wanted ${want.join(' or ')}`);
        else if (code(real) !== code(missing)) wrong.push(`${route} as ${who}: ${code(real)} for the record, ${code(missing)} for a missing id`);
        if (JSON.stringify(real.body?.error ?? {}).includes(String(target.s.student_no))) wrong.push(`${route} as ${who}: the error names the student`);
      }
      if (JSON.stringify(await snapshot()) !== JSON.stringify(before0)) wrong.push(`${route}: a refused call changed the records`);
    }
    assert.deepEqual(wrong, []);
  });
});
