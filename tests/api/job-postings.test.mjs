// tests/api/job-postings.test.mjs: jobs from the employer's and the office's side (seed manual
// §4.3): an approved employer posts; the office reviews (待审核 → 已审核, or rejected with a
// reason); an edit of an approved job waits (待复审) while the approved text stays public; the
// office refreshes jobs to the top; nobody sees another employer's jobs that are not public.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  cliAccount, expectData, expectError, expectList, get, post, put, rootSql, show, uniq,
} from './lib.mjs';
import { staffWith } from './records.mjs';
import { registered } from './recruitment.mjs';

let admin;
let reviewer; // an admin holding jobs.review only
let company; // an approved employer: {employer, token, body}

before(async () => {
  admin = await cliAccount('admin');
  reviewer = await staffWith(admin.token, 'admin', ['jobs.review']);
  company = await registered();
  expectData(await post(`/admin/employers/${company.employer.id}/review`, { token: admin.token, json: { decision: 'approve' } }));
});

function jobBody(over = {}) {
  return {
    title: `后端开发工程师${uniq('j')}`, description: '负责招聘系统的服务端开发，熟悉C语言与MariaDB。', city: '南京',
    region_code: '320102', salary_min: 9000, salary_max: 15000, majors: ['软件工程', '计算机科学与技术'],
    degree: '本科', headcount: 3, deadline: '2027-06-30', ...over,
  };
}

const postJob = (json, token = company.token) => post('/jobs', { token, json });
const review = (id, json, token = reviewer.token) => post(`/admin/jobs/${id}/review`, { token, json });
// A refused review: 409 on decision, its message naming the state the job is in and the one asked for.
function namesBoth(res, from, to) {
  const err = expectError(res, 409, 'decision');
  for (const s of [from, to]) assert.match(err.message, new RegExp(`\\b${s}\\b`), `the 409 does not name ${s}: ${show(res)}`);
}
const publicIds = async (q) => expectList(await get('/jobs', { query: { q, per_page: 200 } })).data.map((j) => j.id);

describe('posting', () => {
  test('an approved employer posts: 201 pending, not public, visible to itself and to staff', async () => {
    const body = jobBody();
    const job = expectData(await postJob(body), 201);
    assert.equal(job.status, 'pending');
    for (const k of ['title', 'description', 'city', 'salary_min', 'salary_max', 'degree', 'headcount', 'deadline']) assert.equal(job[k], body[k], k);
    assert.deepEqual([...job.majors].sort(), [...body.majors].sort());
    assert.equal(job.employer_id, company.employer.id);
    assert.deepEqual(await publicIds(body.title), []);
    expectError(await get(`/jobs/${job.id}`), 404);
    assert.equal(expectData(await get(`/jobs/${job.id}`, { token: company.token })).status, 'pending');
    assert.equal(expectData(await get(`/jobs/${job.id}`, { token: reviewer.token })).status, 'pending');
    const other = await registered();
    expectError(await get(`/jobs/${job.id}`, { token: other.token }), 404);
  });

  test('a description keeps its paragraphs; a title cannot break a line', async () => {
    const job = expectData(await postJob(jobBody({ description: '岗位职责：\n1. 开发\n2. 测试\t说明' })), 201);
    assert.equal(job.description, '岗位职责：\n1. 开发\n2. 测试\t说明');
    expectError(await postJob(jobBody({ title: '开发\n工程师' })), 422, 'title');
  });

  test('a pending or rejected employer cannot post (403 naming its state); staff cannot post (403)', async () => {
    const pending = await registered();
    const res = await postJob(jobBody(), pending.token);
    expectError(res, 403);
    assert.match(res.body.error.message, /pending/);
    const rejected = await registered();
    expectData(await post(`/admin/employers/${rejected.employer.id}/review`, { token: admin.token, json: { decision: 'reject', reason: '资质不符' } }));
    const refused = await postJob(jobBody(), rejected.token);
    expectError(refused, 403);
    assert.match(refused.body.error.message, /rejected/);
    expectError(await postJob(jobBody(), admin.token), 403);
    for (const c of [pending, rejected]) {
      assert.equal(expectList(await get(`/employers/${c.employer.id}/jobs`, { token: c.token })).meta.total, 0, 'a refused post made a job');
    }
  });

  test('bad fields → 422 naming each; a job cannot set its status or employer', async () => {
    const bad = {
      title: 'x', description: 'short', city: '', salary_min: -1, salary_max: 'a lot', degree: '学士', headcount: 0,
      deadline: '2027-13-01', region_code: '999999', majors: 'all', status: 'approved', employer_id: 1,
    };
    for (const [field, value] of Object.entries(bad)) expectError(await postJob(jobBody({ [field]: value })), 422, field);
    expectError(await postJob(jobBody({ salary_min: 20000, salary_max: 10000 })), 422, 'salary_max');
    for (const field of ['title', 'description', 'city']) {
      const body = jobBody();
      delete body[field];
      expectError(await postJob(body), 422, field);
    }
  });
});

describe('review', () => {
  test('approved: public, newest refresh first in the list; the review queue shows pending ones', async () => {
    const body = jobBody();
    const job = expectData(await postJob(body), 201);
    const queue = expectList(await get('/admin/jobs', { token: reviewer.token, query: { employer_id: company.employer.id, per_page: 200 } })).data;
    assert.ok(queue.some((j) => j.id === job.id), 'the new job is not in the review queue');
    const done = expectData(await review(job.id, { decision: 'approve' }));
    assert.equal(done.status, 'approved');
    assert.deepEqual(await publicIds(body.title), [job.id]);
    const pub = expectData(await get(`/jobs/${job.id}`));
    assert.equal(pub.title, body.title);
    assert.equal(pub.pending_changes, undefined, 'the public sees review fields');
    expectError(await review(job.id, { decision: 'approve' }), 409, 'decision');
    namesBoth(await review(job.id, { decision: 'reject', reason: '已审核过' }), 'approved', 'rejected');
    assert.equal(expectData(await get(`/jobs/${job.id}`)).title, body.title, 'a refused rejection hid the job');
  });

  test('a rejected job approved or rejected again → 409 naming both states; it stays rejected and not public', async () => {
    const body = jobBody();
    const job = expectData(await postJob(body), 201);
    expectData(await review(job.id, { decision: 'reject', reason: '描述不清' }));
    namesBoth(await review(job.id, { decision: 'approve' }), 'rejected', 'approved');
    namesBoth(await review(job.id, { decision: 'reject', reason: '再次驳回' }), 'rejected', 'rejected');
    const still = expectData(await get(`/jobs/${job.id}`, { token: reviewer.token }));
    assert.equal(still.status, 'rejected');
    assert.equal(still.review_reason, '描述不清', 'a refused review changed the reason');
    expectError(await get(`/jobs/${job.id}`), 404);
    assert.deepEqual(await publicIds(body.title), []);
  });

  test('a review of an unknown job → 404, whatever the decision; a bad decision → 422', async () => {
    expectError(await review(2_000_000_000, { decision: 'approve' }), 404);
    expectError(await review(2_000_000_000, { decision: 'reject', reason: '不存在' }), 404);
    expectError(await review('abc', { decision: 'approve' }), 404);
    const job = expectData(await postJob(jobBody()), 201);
    expectError(await review(job.id, { decision: 'publish' }), 422, 'decision');
    expectError(await review(job.id, {}), 422, 'decision');
    assert.equal(expectData(await get(`/jobs/${job.id}`, { token: reviewer.token })).status, 'pending');
  });

  test('a search\'s total, counted once for all its pages, follows an approval at once', async () => {
    const word = `检索${uniq('w')}`;
    const first = expectData(await postJob(jobBody({ title: `${word}工程师` })), 201);
    expectData(await review(first.id, { decision: 'approve' }));
    const total = async (page) => expectList(await get('/jobs', { query: { q: word, per_page: 1, page } })).meta.total;
    assert.deepEqual([await total(1), await total(2)], [1, 1]);
    const second = expectData(await postJob(jobBody({ title: `${word}会计` })), 201);
    assert.deepEqual([await total(1), await total(2)], [1, 1], 'a pending job counts');
    expectData(await review(second.id, { decision: 'approve' }));
    assert.deepEqual([await total(2), await total(1), await total(3)], [2, 2, 2]);
    const browsed = async (page) => expectList(await get('/jobs', { query: { city: '南京', per_page: 1, page } })).meta.total;
    const before = await browsed(2);
    const third = expectData(await postJob(jobBody({ title: `${word}运营` })), 201);
    expectData(await review(third.id, { decision: 'approve' }));
    assert.deepEqual([await browsed(2), await browsed(1)], [before + 1, before + 1]);
  });

  test('rejected with a reason; an edit makes it pending again; staff without jobs.review 403', async () => {
    const job = expectData(await postJob(jobBody()), 201);
    expectError(await review(job.id, { decision: 'reject' }), 422, 'reason');
    const viewer = await staffWith(admin.token, 'admin', ['students.view']);
    expectError(await review(job.id, { decision: 'approve' }, viewer.token), 403);
    const rejected = expectData(await review(job.id, { decision: 'reject', reason: '薪资信息不完整' }));
    assert.equal(rejected.status, 'rejected');
    assert.equal(rejected.review_reason, '薪资信息不完整');
    const again = expectData(await put(`/jobs/${job.id}`, { token: company.token, json: { salary_min: 8000 } }));
    assert.equal(again.status, 'pending');
    assert.equal(again.salary_min, 8000);
  });

  test('an edit of an approved job waits (rereview) while the approved text stays public; approval applies it', async () => {
    const body = jobBody();
    const job = expectData(await postJob(body), 201);
    expectData(await review(job.id, { decision: 'approve' }));
    const newTitle = `高级${body.title}`;
    const held = expectData(await put(`/jobs/${job.id}`, { token: company.token, json: { title: newTitle, majors: ['网络工程'] } }));
    assert.equal(held.status, 'rereview');
    assert.equal(held.title, body.title);
    assert.deepEqual(held.pending_changes, { title: newTitle, majors: ['网络工程'] });
    assert.equal(expectData(await get(`/jobs/${job.id}`)).title, body.title, 'the public sees the edit before review');
    assert.deepEqual(await publicIds(body.title), [job.id]);
    const applied = expectData(await review(job.id, { decision: 'approve' }));
    assert.equal(applied.title, newTitle);
    assert.deepEqual(applied.majors, ['网络工程']);
    assert.equal(applied.pending_changes, null);
    assert.equal(expectData(await get(`/jobs/${job.id}`)).title, newTitle);
  });

  test('a held edit can clear a field, and later edits add to it', async () => {
    const job = expectData(await postJob(jobBody()), 201);
    expectData(await review(job.id, { decision: 'approve' }));
    expectData(await put(`/jobs/${job.id}`, { token: company.token, json: { deadline: null } }));
    const both = expectData(await put(`/jobs/${job.id}`, { token: company.token, json: { headcount: 9 } }));
    assert.deepEqual(both.pending_changes, { deadline: null, headcount: 9 });
    const applied = expectData(await review(job.id, { decision: 'approve' }));
    assert.equal(applied.deadline, null);
    assert.equal(applied.headcount, 9);
  });

  test('a rejected edit keeps the approved text and the job public', async () => {
    const body = jobBody();
    const job = expectData(await postJob(body), 201);
    expectData(await review(job.id, { decision: 'approve' }));
    expectData(await put(`/jobs/${job.id}`, { token: company.token, json: { salary_max: 99999 } }));
    const back = expectData(await review(job.id, { decision: 'reject', reason: '薪资不实' }));
    assert.equal(back.status, 'approved');
    assert.equal(back.salary_max, body.salary_max);
    assert.deepEqual(await publicIds(body.title), [job.id]);
  });

  test('an employer\'s edit under second review (rereview) keeps its approved jobs public', async () => {
    const later = await registered();
    expectData(await post(`/admin/employers/${later.employer.id}/review`, { token: admin.token, json: { decision: 'approve' } }));
    const job = expectData(await postJob(jobBody(), later.token), 201);
    expectData(await review(job.id, { decision: 'approve' }));
    expectData(await put(`/employers/${later.employer.id}`, { token: later.token, json: { name: `${later.body.name}改` } }));
    // rereview: the employer keeps working with its old details, its approved jobs stay public
    assert.ok((await publicIds(job.title)).includes(job.id));
  });

  test('a job of an employer not yet approved is not in the office\'s queue and never public', async () => {
    // No route makes one (a pending employer cannot post: 403 above), so the jobs are written in
    // the database: one approved, one pending, both of an employer still waiting for review.
    const waiting = await registered();
    expectError(await postJob(jobBody(), waiting.token), 403);
    // (ASCII only: the mariadb client's character set follows the locale)
    const city = `city-${uniq('c')}`;
    const made = (status) => Number(rootSql(`INSERT INTO jobs (employer_id, title, description, city, status) VALUES `
      + `(${waiting.employer.id}, 'job ${uniq('j')}', 'A job of an employer not yet approved.', '${city}', '${status}'); SELECT LAST_INSERT_ID();`));
    const approved = made('approved');
    const pending = made('pending');
    const queue = async (query) => expectList(await get('/admin/jobs', { token: reviewer.token, query: { per_page: 200, ...query } })).data.map((j) => j.id);
    const inCity = async () => expectList(await get('/jobs', { query: { city, per_page: 200 } })).data.map((j) => j.id);
    // the queue shows what waits by default; approved jobs when asked
    const inQueue = async () => [...await queue({ employer_id: waiting.employer.id }), ...await queue({ employer_id: waiting.employer.id, status: 'approved' })];
    assert.deepEqual(await inQueue(), [], 'a job of a pending employer is in the review queue');
    assert.deepEqual(await inCity(), [], 'a job of a pending employer is public');
    const other = await registered();
    for (const token of [undefined, other.token, company.token]) {
      expectError(await get(`/jobs/${approved}`, { token }), 404);
      expectError(await get(`/jobs/${pending}`, { token }), 404);
    }
    // the same once the employer is rejected …
    expectData(await post(`/admin/employers/${waiting.employer.id}/review`, { token: admin.token, json: { decision: 'reject', reason: '资质不符' } }));
    assert.deepEqual(await inQueue(), []);
    assert.deepEqual(await inCity(), []);
    expectError(await get(`/jobs/${approved}`), 404);
    // … and once it is approved (after an edit makes it pending again), its approved job is public
    // and its pending one waits in the queue
    expectData(await put(`/employers/${waiting.employer.id}`, { token: waiting.token, json: { contact_name: '赵经理' } }));
    expectData(await post(`/admin/employers/${waiting.employer.id}/review`, { token: admin.token, json: { decision: 'approve' } }));
    assert.deepEqual(await inCity(), [approved]);
    assert.equal(expectData(await get(`/jobs/${approved}`)).id, approved);
    expectError(await get(`/jobs/${pending}`), 404);
    assert.deepEqual(await inQueue(), [pending, approved]);
  });
});

describe('refresh and the employer\'s own list', () => {
  test('refreshing moves chosen jobs to the top of the public list', async () => {
    const a = expectData(await postJob(jobBody()), 201);
    const b = expectData(await postJob(jobBody()), 201);
    for (const j of [a, b]) expectData(await review(j.id, { decision: 'approve' }));
    const top = async () => expectList(await get('/jobs', { query: { per_page: 5 } })).data.map((j) => j.id);
    assert.equal((await top())[0], b.id);
    assert.deepEqual(expectData(await post('/admin/jobs/refresh', { token: reviewer.token, json: { ids: [a.id] } })), { refreshed: 1 });
    assert.equal((await top())[0], a.id);
    expectError(await post('/admin/jobs/refresh', { token: reviewer.token, json: { ids: [] } }), 422, 'ids');
    expectError(await post('/admin/jobs/refresh', { token: company.token, json: { ids: [a.id] } }), 403);
  });

  test('a search pages through its matches newest first, past its end to nothing, and follows a refresh at once', async () => {
    const word = `翻页${uniq('p')}`;
    const jobs = [];
    for (const title of [`${word}会计`, `${word}工程师`, `${word}运营`]) {
      const job = expectData(await postJob(jobBody({ title })), 201);
      expectData(await review(job.id, { decision: 'approve' }));
      jobs.push(job);
    }
    const page = async (n, q = word) => expectList(await get('/jobs', { query: { q, per_page: 1, page: n } }));
    const walk = async () => {
      const pages = [await page(1), await page(2), await page(3), await page(4)];
      assert.deepEqual(pages.map((p) => p.meta.total), [3, 3, 3, 3]);
      assert.equal(pages[3].data.length, 0, 'a page past the end is empty');
      return pages.slice(0, 3).map((p) => p.data[0].id);
    };
    assert.deepEqual(await walk(), jobs.map((j) => j.id).reverse(), 'newest approval first');
    expectData(await post('/admin/jobs/refresh', { token: reviewer.token, json: { ids: [jobs[0].id] } }));
    assert.deepEqual(await walk(), [jobs[0].id, jobs[2].id, jobs[1].id], 'the refreshed job first');
    // Every word must be found: the word and one of the titles; the word and a prefix of a Latin
    // word of the city's name (none here) finds nothing.
    assert.deepEqual((await page(1, `${word} 工程师`)).data.map((j) => j.id), [jobs[1].id]);
    assert.equal((await page(1, `${word} zzq`)).meta.total, 0);
    const other = await page(1, `${word}会计 fixture`);
    assert.equal(other.meta.total, 0, 'a word in no job of the search');
  });

  test('GET /employers/{id}/jobs: every state to the employer and staff; another employer 404', async () => {
    const pending = expectData(await postJob(jobBody()), 201);
    const mine = expectList(await get(`/employers/${company.employer.id}/jobs`, { token: company.token, query: { per_page: 200 } })).data;
    assert.ok(mine.some((j) => j.id === pending.id && j.status === 'pending'));
    const onlyPending = expectList(await get(`/employers/${company.employer.id}/jobs`, { token: admin.token, query: { status: 'pending', per_page: 200 } })).data;
    assert.ok(onlyPending.every((j) => j.status === 'pending'));
    const other = await registered();
    expectError(await get(`/employers/${company.employer.id}/jobs`, { token: other.token }), 404);
    expectError(await get('/employers/2000000000/jobs', { token: admin.token }), 404);
    assert.ok(mine.every((j) => j.pending_changes === null || typeof j.pending_changes === 'object' && !Array.isArray(j.pending_changes)));
    expectError(await put(`/jobs/${pending.id}`, { token: other.token, json: { title: '越权修改的职位' } }), 404);
  });
});
