// tests/api/deliveries.test.mjs: resume delivery as the career office sees it (简历投递管理, seed
// manual §4.4): GET /admin/applications, its figures grouped by employer, job, college, major,
// state or day, and its export; an advisor holding jobs.review sees only their majors'
// students; everyone without the item is refused.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  RUN, cliAccount, createMajor, expectData, expectError, expectList, get, post, put,
} from './lib.mjs';
import {
  advisorFor, download, importStudents, parseCsv, readWorkbook, staffWith, studentRow,
} from './records.mjs';
import { registered } from './recruitment.mjs';

let admin;
let majorA; // two students of college A apply …
let majorB; // … and one of college B
let company;
let job; // the job all three apply to
let sent = []; // [{student, application}]

before(async () => {
  admin = await cliAccount('admin');
  majorA = await createMajor(admin.token, { college: `投递统计甲院${RUN}`, name: `投递统计甲专业${RUN}` });
  majorB = await createMajor(admin.token, { college: `投递统计乙院${RUN}`, name: `投递统计乙专业${RUN}` });
  company = await registered();
  expectData(await post(`/admin/employers/${company.employer.id}/review`, { token: admin.token, json: { decision: 'approve' } }));
  job = expectData(await post('/jobs', { token: company.token, json: { title: `投递统计职位${RUN}`, description: '用于投递统计的职位。', city: '南京' } }), 201);
  expectData(await post(`/admin/jobs/${job.id}/review`, { token: admin.token, json: { decision: 'approve' } }));
  const students = await importStudents(admin.token, [studentRow(majorA), studentRow(majorA), studentRow(majorB)]);
  for (const s of students) {
    const { token } = await cliAccount('student', { username: s.student_no });
    const resume = expectData(await post('/resumes', { token, json: { title: '投递统计简历' } }), 201);
    const application = expectData(await post(`/jobs/${job.id}/applications`, { token, json: { resume_id: resume.id } }), 201);
    sent.push({ student: s, application });
  }
  // The employer makes the first an offer.
  expectData(await put(`/applications/${sent[0].application.id}/state`, { token: company.token, json: { state: 'offer' } }));
});

describe('GET /admin/applications', () => {
  test('lists the applications with their student and job, newest first, filtered', async () => {
    const { data, meta } = expectList(await get('/admin/applications', { token: admin.token, query: { job_id: job.id } }));
    assert.equal(meta.total, 3);
    assert.deepEqual(data.map((r) => r.id), sent.map((x) => x.application.id).reverse());
    const first = data.find((r) => r.id === sent[0].application.id);
    assert.equal(first.student_no, sent[0].student.student_no);
    assert.equal(first.college, majorA.college);
    assert.equal(first.major_id, majorA.id);
    assert.equal(first.job_title, job.title);
    assert.equal(first.employer_id, company.employer.id);
    assert.equal(first.state, 'offer');
    const offers = expectList(await get('/admin/applications', { token: admin.token, query: { job_id: job.id, state: 'offer' } }));
    assert.deepEqual(offers.data.map((r) => r.id), [sent[0].application.id]);
    const ofB = expectList(await get('/admin/applications', { token: admin.token, query: { job_id: job.id, college: majorB.college } }));
    assert.deepEqual(ofB.data.map((r) => r.student_id), [sent[2].student.id]);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    assert.equal(expectList(await get('/admin/applications', { token: admin.token, query: { job_id: job.id, from: today, to: today } })).meta.total, 3);
    assert.equal(expectList(await get('/admin/applications', { token: admin.token, query: { job_id: job.id, to: '2020-01-01' } })).meta.total, 0);
  });

  test('an advisor holding jobs.review sees only the students of their majors', async () => {
    const advisor = await advisorFor(admin.token, [majorA.id], ['jobs.review']);
    const { data, meta } = expectList(await get('/admin/applications', { token: advisor.token, query: { job_id: job.id } }));
    assert.equal(meta.total, 2);
    assert.ok(data.every((r) => r.major_id === majorA.id));
    const rows = expectData(await get('/admin/applications/stats', { token: advisor.token, query: { job_id: job.id, group_by: 'college' } }));
    assert.deepEqual(rows.map((r) => [r.key, r.applications]), [[majorA.college, 2]]);
  });

  test('refusals: no token 401; students, employers and staff without jobs.review 403; bad filters 422 naming them', async () => {
    expectError(await get('/admin/applications'), 401);
    const { token: studentToken } = await cliAccount('student', { username: sent[1].student.student_no });
    expectError(await get('/admin/applications', { token: studentToken }), 403);
    expectError(await get('/admin/applications', { token: company.token }), 403);
    const statsOnly = await staffWith(admin.token, 'admin', ['stats.view']);
    for (const path of ['/admin/applications', '/admin/applications/stats', '/admin/applications/export']) {
      expectError(await get(path, { token: statsOnly.token }), 403);
    }
    expectError(await get('/admin/applications', { token: admin.token, query: { from: '2026-02-30' } }), 422, 'from');
    expectError(await get('/admin/applications', { token: admin.token, query: { state: 'hired' } }), 422, 'state');
    expectError(await get('/admin/applications', { token: admin.token, query: { job_id: 0 } }), 422, 'job_id');
    expectError(await get('/admin/applications/stats', { token: admin.token, query: { group_by: 'city' } }), 422, 'group_by');
    expectError(await get('/admin/applications/export', { token: admin.token, query: { format: 'pdf' } }), 422, 'format');
  });
});

describe('GET /admin/applications/stats', () => {
  test('figures by college, major, state, employer, job and day add up', async () => {
    const stats = async (group_by) => expectData(await get('/admin/applications/stats', { token: admin.token, query: { job_id: job.id, group_by } }));
    const byCollege = await stats('college');
    assert.deepEqual(byCollege.map((r) => [r.key, r.applications, r.students, r.offers]),
      [[majorA.college, 2, 2, 1], [majorB.college, 1, 1, 0]]);
    const byMajor = await stats('major');
    assert.deepEqual(byMajor.map((r) => r.key).sort(), [majorA.id, majorB.id].sort());
    assert.ok(byMajor.find((r) => r.key === majorA.id).label.includes(majorA.name));
    const byState = Object.fromEntries((await stats('state')).map((r) => [r.key, r.applications]));
    assert.deepEqual(byState, { offer: 1, delivered: 2 });
    const byEmployer = await stats('employer');
    assert.deepEqual(byEmployer.map((r) => [r.key, r.label, r.applications]), [[company.employer.id, company.employer.name, 3]]);
    const byJob = await stats('job');
    assert.deepEqual(byJob.map((r) => [r.key, r.applications, r.offers]), [[job.id, 3, 1]]);
    const byDay = await stats('date');
    assert.equal(byDay.reduce((n, r) => n + r.applications, 0), 3);
    assert.match(byDay[0].key, /^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('GET /admin/applications/export', () => {
  test('CSV and xlsx hold the filtered applications with their students', async () => {
    const csv = await download('/admin/applications/export', { token: admin.token, query: { job_id: job.id } });
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type'), /text\/csv/);
    const rows = parseCsv(csv.text.replace(/^\uFEFF/, ''));
    assert.deepEqual(rows[0], ['投递时间', '学号', '姓名', '学院', '专业', '单位名称', '职位', '状态', '招聘会']);
    assert.deepEqual(rows.slice(1).map((r) => r[1]), sent.map((x) => x.student.student_no));
    assert.deepEqual(rows.slice(1).map((r) => r[7]), ['offer', 'delivered', 'delivered']);
    const xlsx = await download('/admin/applications/export', { token: admin.token, query: { job_id: job.id, format: 'xlsx' } });
    assert.equal(xlsx.status, 200);
    const book = readWorkbook(xlsx.buf);
    const sheet = book.sheet(book.sheetNames[0]);
    assert.equal(sheet.length, 4);
    assert.equal(sheet[1][1], sent[0].student.student_no);
  });
});
