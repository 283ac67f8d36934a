// tests/api/interactions.mjs: helpers of the employer interaction index suite (互动指数): the
// seed's formula worked out in the test, interaction bodies, the calls, and a pager for lists
// other suites add to. No npm dependencies.
import assert from 'node:assert/strict';
import {
  apiAccount, cliAccount, createMajor, expectData, expectList, get, login, post, put, sameId, show, uniq,
} from './lib.mjs';
import { staffWith, today } from './records.mjs';
import { studentsWithAccounts } from './events.mjs';
import { registration } from './recruitment.mjs';

export const KINDS = ['registration', 'strategic', 'mentor', 'industry_education', 'job_post', 'daily_business'];

// An interaction's fields as the API answers them.
export const INTERACTION_KEYS = ['id', 'employer_id', 'kind', 'date', 'title', 'students_covered', 'owner', 'note',
  'source', 'source_id', 'removed', 'created_at', 'updated_at'];

/* ---------- the seed's formula, independently of the backend ---------- */

// The seed's points of `n` interactions of `kind`:
// 10 × ([registration ≥ 1] + 2·[strategic ≥ 1] + [mentor ≥ 1] + [industry_education ≥ 1]
//      + (job_post ≥ 10 → 2; ≥ 1 → 1) + (daily_business ≥ 5 → 3; ≥ 1 → 1.5)).
export function seedPoints(kind, n) {
  switch (kind) {
    case 'registration': case 'mentor': case 'industry_education': return n >= 1 ? 10 : 0;
    case 'strategic': return n >= 1 ? 20 : 0;
    case 'job_post': return n >= 10 ? 20 : n >= 1 ? 10 : 0;
    case 'daily_business': return n >= 5 ? 30 : n >= 1 ? 15 : 0;
    default: return 0;
  }
}

// {score, breakdown} the seed gives for counts {kind: n} (kinds left out count 0).
export function seedOf(counts) {
  const breakdown = {};
  let score = 0;
  for (const k of KINDS) {
    const n = counts[k] ?? 0;
    const points = seedPoints(k, n);
    breakdown[k] = { count: n, points };
    score += points;
  }
  return { score, breakdown };
}

// Whether two scores agree to the cent (the API rounds to two decimals).
export const near = (a, b, tolerance = 0.0051) => Math.abs(Number(a) - Number(b)) <= tolerance;

/* ---------- bodies and calls ---------- */

// An interaction body of `kind` dated today (China date); over replaces fields (undefined drops one).
export function interactionBody(kind, over = {}) {
  const body = {
    kind, date: today(), title: `互动记录${uniq('ix')}`, students_covered: 12, owner: '就业指导中心张老师', ...over,
  };
  for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
  return body;
}

export const recordAs = (token, employerId, json) => post(`/employers/${employerId}/interactions`, { token, json });
export const correctAs = (token, id, json) => put(`/employer-interactions/${id}`, { token, json });
export const indexAs = (token, employerId, model) => get(`/employers/${employerId}/interaction-index`, { token, query: { model } });
export const logAs = (token, employerId, query = {}) => get(`/employers/${employerId}/interactions`, { token, query: { per_page: 200, ...query } });

// Records an interaction of `kind` (201): the interaction.
export async function record(token, employerId, kind, over = {}) {
  const res = await recordAs(token, employerId, interactionBody(kind, over));
  const x = expectData(res, 201);
  assert.equal(x.kind, kind, show(res));
  assert.ok(sameId(x.employer_id, employerId), show(res));
  return x;
}

// The index of an employer (200): {score, model, breakdown, …}.
export async function indexOf(token, employerId, model) {
  return expectData(await indexAs(token, employerId, model));
}

// The whole log of an employer (up to 200 rows).
export async function logOf(token, employerId, query = {}) {
  return expectList(await logAs(token, employerId, query)).data;
}

// Asserts the seed index of `employerId` is what counts {kind: n} give, score and breakdown.
export async function expectSeed(token, employerId, counts, label = '') {
  const got = await indexOf(token, employerId, 'seed');
  const want = seedOf(counts);
  assert.equal(got.model, 'seed', label);
  assert.deepEqual(Object.keys(got.breakdown).sort(), [...KINDS].sort(), `${label}: breakdown kinds ${JSON.stringify(got.breakdown)}`);
  for (const k of KINDS) {
    assert.equal(got.breakdown[k].count, want.breakdown[k].count, `${label}: count of ${k} in ${JSON.stringify(got)}`);
    assert.equal(Number(got.breakdown[k].points), want.breakdown[k].points, `${label}: points of ${k} in ${JSON.stringify(got)}`);
  }
  assert.equal(Number(got.score), want.score, `${label}: score of ${JSON.stringify(counts)}: ${JSON.stringify(got)}`);
  return got;
}

/* ---------- lists other suites add to ---------- */

// Pages through GET `urlPath` (200 a page) until `pred` matches a row: the row, or undefined.
export async function findRow(token, urlPath, query, pred, maxPages = 100) {
  for (let page = 1; page <= maxPages; page++) {
    const { data, meta } = expectList(await get(urlPath, { token, query: { ...query, page, per_page: 200 } }));
    const hit = data.find(pred);
    if (hit) return hit;
    if (data.length === 0 || page * meta.per_page >= meta.total) break;
  }
  return undefined;
}

// Every row of GET `urlPath` with `query` (200 a page, up to `maxPages`).
export async function allRows(token, urlPath, query, maxPages = 100) {
  const rows = [];
  for (let page = 1; page <= maxPages; page++) {
    const { data, meta } = expectList(await get(urlPath, { token, query: { ...query, page, per_page: 200 } }));
    rows.push(...data);
    if (data.length === 0 || page * meta.per_page >= meta.total) break;
  }
  return rows;
}

/* ---------- employers made for a test ---------- */

// Registers an employer (not reviewed: no interaction yet), retried while the address is over
// the registration limit another suite may fill for a moment, and signs its HR in:
// {employer, token, body, hr (account id)}. over replaces registration fields (e.g. the name).
export async function freshEmployer(over = {}) {
  const body = registration(over);
  for (let i = 0; ; i++) {
    const res = await post('/employers/register', { json: body });
    if (res.status === 429 && i < 20) {
      await new Promise((resolve) => { setTimeout(resolve, 3000); });
      continue;
    }
    const employer = expectData(res, 201);
    const { token, user } = await login(body.username, body.password);
    return { employer, token, body, hr: user.id };
  }
}

// The same, approved by `adminToken` (the approval derives a registration).
export async function approvedFresh(adminToken, over = {}) {
  const c = await freshEmployer(over);
  expectData(await post(`/admin/employers/${c.employer.id}/review`, { token: adminToken, json: { decision: 'approve' } }));
  return c;
}

/**
 * The callers of the employer-relations suites, with a major of their own named by `tag`:
 * admin (the CLI's, every item), superadmin (reads the audit log), office (an admin holding
 * employers.relations only), plainAdmin (students.view only), counselor, advisor (of the
 * major) and `students` students of the major with accounts ([{s, token, id}]).
 */
export async function relationsCallers(tag, students = 1) {
  const admin = await cliAccount('admin');
  const superadmin = await cliAccount('superadmin');
  const office = await staffWith(admin.token, 'admin', ['employers.relations']);
  const plainAdmin = await staffWith(admin.token, 'admin', ['students.view']);
  const counselor = await apiAccount(admin.token, { role: 'counselor', major_ids: [] }, { login: true });
  const major = await createMajor(admin.token, { college: `${tag}学院${uniq('r')}`, name: `${tag}专业${uniq('r')}` });
  const advisor = await apiAccount(admin.token, { role: 'advisor', major_ids: [major.id] }, { login: true });
  return { admin, superadmin, office, plainAdmin, counselor, advisor, major, students: await studentsWithAccounts(admin.token, major, students) };
}
