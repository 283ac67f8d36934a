// tests/api/fairs.mjs: helpers of the job fairs suite (docs/fairs.md): request bodies for fairs,
// applications and jobs, approved employers (registration retried past a brief 429 another
// suite may cause), approved jobs, resumes, and small reads. No npm dependencies.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  expectData, expectList, get, login, post, show, uniq,
} from './lib.mjs';
import { registration } from './recruitment.mjs';
import { at, sleep } from './events.mjs';

/* ---------- bodies ---------- */

// A fresh students' pass-code (签到口令) for a fair.
export const fairCode = () => `ZP${randomBytes(3).toString('hex').toUpperCase()}`;

/**
 * A fair body on day `days` from 9:00 to 16:00 (a week from today by default), employers apply
 * until the day before at 17:00; over replaces fields (undefined drops one).
 */
export function fairBody(over = {}, days = 7) {
  const body = {
    title: `校园双选会${uniq('f')}`, description: '面向全校毕业生的综合类双选会。', venue: '体育馆主馆',
    starts_at: at(days, 9), ends_at: at(days, 16), apply_until: at(days - 1, 17), booths: 20,
    max_booths: 2, max_attendees: 3, fee: 0, payment_note: '免费参会，无需发票。', form_note: '请携带营业执照复印件。',
    participants_public: true, require_signup: false, checkin_code: fairCode(), ...over,
  };
  for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
  return body;
}

// An application body bringing `jobIds`; over replaces fields.
export function applicationBody(jobIds = [], over = {}) {
  const body = {
    booths: 1, attendees: 2, contact_name: '李经理', contact_phone: '13812345678', note: '需要一张电源插座。',
    job_ids: jobIds, ...over,
  };
  for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
  return body;
}

// A job body with a fresh title; over replaces fields.
export function jobBody(over = {}) {
  return {
    title: `招聘会岗位${uniq('j')}`, description: '负责校园招聘会现场收取简历的岗位，熟悉C语言。', city: '南京',
    region_code: '320102', salary_min: 8000, salary_max: 14000, majors: ['软件工程'], degree: '本科', headcount: 3,
    deadline: '2030-06-30', ...over,
  };
}

/* ---------- people and jobs ---------- */

// POST /employers/register, retried while the address is over the registration limit (another
// suite fills that counter for a moment).
async function register(body) {
  for (let i = 0; ; i++) {
    const res = await post('/employers/register', { json: body });
    if (res.status !== 429 || i >= 20) return expectData(res, 201);
    await sleep(3000);
  }
}

// A registered employer, signed in, not yet reviewed: {employer, token, body, hr (account id)}.
export async function pendingEmployer() {
  const body = registration();
  const employer = await register(body);
  const { token, user } = await login(body.username, body.password);
  return { employer, token, body, hr: user.id };
}

// A registered employer approved by `adminToken`.
export async function approvedEmployer(adminToken) {
  const c = await pendingEmployer();
  expectData(await post(`/admin/employers/${c.employer.id}/review`, { token: adminToken, json: { decision: 'approve' } }));
  return c;
}

// A job of employer `c` (posted as its HR), approved by `adminToken` unless {approve: false}.
export async function newJob(c, adminToken, over = {}, { approve = true } = {}) {
  const body = jobBody(over);
  const job = expectData(await post('/jobs', { token: c.token, json: body }), 201);
  if (approve) expectData(await post(`/admin/jobs/${job.id}/review`, { token: adminToken, json: { decision: 'approve' } }));
  return { ...job, body };
}

// A resume of the student signed in with `token`: its id.
export async function newResume(token) {
  const r = expectData(await post('/resumes', { token, json: { title: '招聘会投递简历', summary: '熟悉C与数据库', skills: ['C'] } }), 201);
  return r.id;
}

/* ---------- reads ---------- */

// GET /fairs as `token` with `query` (up to 200 rows): the rows.
export async function listFairs(token, query = {}) {
  return expectList(await get('/fairs', { token, query: { per_page: 200, ...query } })).data;
}

// Tallies the statuses of answers: {200: 1, 409: 1}.
export const tally = (answers) => answers.reduce((t, r) => ({ ...t, [r.status]: (t[r.status] || 0) + 1 }), {});

// Asserts the answers' statuses tally to `want`, showing them all otherwise.
export function expectTally(answers, want) {
  assert.deepEqual(tally(answers), want, `answers: ${answers.map(show).join(' | ')}`);
}
