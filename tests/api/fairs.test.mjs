// tests/api/fairs.test.mjs: job fairs (招聘会, docs/fairs.md, seed manual §4.6). The office
// (admins holding fairs.manage) sets a fair up; approved employers apply with the jobs they
// bring; the office approves (taking booths from the fair's count with a conditional update),
// rejects, and numbers the booths by zone in batch or one by one; on the day employers check in
// with the employers' QR, students sign up and check in with the students' QR or the pass-code
// and deliver resumes to the jobs at the booths; the office reads live figures and exports the
// lists. Times are built relative to now (China time), so the suite runs any day: the day's
// tests make fairs that start some 35 seconds after they are made and wait for the start, the
// publishing test waits a few seconds for publish_at, and one test moves a fair into the past
// through the database (no route can). The last booth and one application are each fought over
// by approvals fired at once: exactly one wins.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  ISO_OFFSET, RUN, apiAccount, cliAccount, createMajor, expectAudited, expectData, expectError, expectList,
  get, post, put, rootSql, sameId, show,
} from './lib.mjs';
import {
  XLSX_TYPE, daysFromToday, download, parseCsv, readXlsx, staffWith,
} from './records.mjs';
import {
  at, atLocal, cstIso, inSeconds, sameInstant, studentsWithAccounts, waitUntil,
} from './events.mjs';
import {
  applicationBody, approvedEmployer, expectTally, fairBody, fairCode, listFairs, newJob, newResume, pendingEmployer,
} from './fairs.mjs';

const MISSING = 2_000_000_000; // an id no record has

let admin; // CLI admin: every permission item
let superadmin; // reads the audit log
let manager; // an admin holding fairs.manage only: the office in these tests
let viewer; // an admin holding students.view only (no fairs.manage)
let counselor; // staff, not the office
let major;
let stu; // a student with an account: {s, token, id}
let company; // approved employers: {employer, token, body, hr} …
let rival;
let third;
let fourth;
let pendingCo; // an employer still waiting for approval
let cj1; let cj2; let cj3; // approved jobs of company
let cjPending; // a job of company not yet reviewed
let rj1; // an approved job of rival
let tj1; // … of third
let fj1; // … of fourth
let venue; // a room of the office's

// Writes whose audit entries the last test looks up: {label, actor, res, action, target}.
const audited = [];
const remember = (label, actor, res, action, target) => audited.push({ label, actor, res, action, target });

before(async () => {
  admin = await cliAccount('admin');
  superadmin = await cliAccount('superadmin');
  manager = await staffWith(admin.token, 'admin', ['fairs.manage']);
  viewer = await staffWith(admin.token, 'admin', ['students.view']);
  counselor = await apiAccount(admin.token, { role: 'counselor', major_ids: [] }, { login: true });
  major = await createMajor(admin.token, { college: `招聘会学院${RUN}`, name: `招聘会专业${RUN}` });
  [stu] = await studentsWithAccounts(admin.token, major, 1);
  company = await approvedEmployer(admin.token);
  rival = await approvedEmployer(admin.token);
  third = await approvedEmployer(admin.token);
  fourth = await approvedEmployer(admin.token);
  pendingCo = await pendingEmployer();
  cj1 = await newJob(company, admin.token, { headcount: 3 });
  cj2 = await newJob(company, admin.token, { headcount: 2, city: '苏州', salary_min: 6000, salary_max: 9000, degree: '硕士' });
  cj3 = await newJob(company, admin.token, { headcount: 1 });
  cjPending = await newJob(company, admin.token, {}, { approve: false });
  rj1 = await newJob(rival, admin.token, { headcount: 4 });
  tj1 = await newJob(third, admin.token, { headcount: 5 });
  fj1 = await newJob(fourth, admin.token, { headcount: 6 });
  venue = expectData(await post('/venues', { token: admin.token, json: { name: `招聘会场馆${RUN}`, campus: '仙林校区', address: '体育馆', capacity: 2000 } }), 201);
});

/* ---------- calls ---------- */

const createFair = (json, token = manager.token) => post('/fairs', { token, json });
const newFair = async (over = {}, days = 7) => expectData(await createFair(fairBody(over, days)), 201);
const fairAs = async (id, token) => expectData(await get(`/fairs/${id}`, { token }));
const editFair = (id, json, token = manager.token) => put(`/fairs/${id}`, { token, json });
const cancelFair = (id, json, token = manager.token) => post(`/admin/fairs/${id}/cancel`, { token, json });
const applyTo = (c, fairId, json) => post(`/fairs/${fairId}/applications`, { token: c.token, json });
const newApp = async (c, fairId, jobIds = [], over = {}) => expectData(await applyTo(c, fairId, applicationBody(jobIds, over)), 201);
const review = (id, json, token = manager.token) => post(`/admin/fair-applications/${id}/review`, { token, json });
const approve = async (id) => expectData(await review(id, { decision: 'approve' }));
const withdraw = (token, id) => post(`/fair-applications/${id}/withdraw`, { token, json: {} });
const appAs = async (id, token = manager.token) => expectData(await get(`/fair-applications/${id}`, { token }));
const applicationsOf = (fairId, token = manager.token, query = {}) => get(`/fairs/${fairId}/applications`, { token, query: { per_page: 200, ...query } });
const numberBooths = (fairId, json, token = manager.token) => post(`/admin/fairs/${fairId}/booths`, { token, json });
const setBooths = (appId, json, token = manager.token) => put(`/fair-applications/${appId}/booths`, { token, json });
const participants = (fairId, token, query = {}) => get(`/fairs/${fairId}/participants`, { token, query: { per_page: 200, ...query } });
const tokenOf = async (fairId, who) => expectData(await get(`/fairs/${fairId}/checkin-token`, { token: manager.token, query: { who } }));
const employerCheckIn = (c, fairId, json) => post(`/fairs/${fairId}/employer-checkins`, { token: c.token, json });
const officeCheckIn = (appId, token = manager.token) => post(`/admin/fair-applications/${appId}/checkin`, { token, json: {} });
const signUp = (token, fairId, json = {}) => post(`/fairs/${fairId}/signups`, { token, json });
const checkIn = (token, fairId, json) => post(`/fairs/${fairId}/checkins`, { token, json });
const statsOf = async (fairId) => expectData(await get(`/fairs/${fairId}/stats`, { token: manager.token }));
const deliver = (token, jobId, json) => post(`/jobs/${jobId}/applications`, { token, json });
const ids = (rows) => rows.map((r) => r.id);
const nowMs = () => Date.now();
const within = (iso, ms, spread = 10 * 60_000) => Math.abs(Date.parse(iso) - ms) < spread;

/* ---------- shapes ---------- */

const FAIR_KEYS = ['id', 'title', 'description', 'venue_id', 'venue', 'starts_at', 'ends_at', 'publish_at', 'apply_until',
  'booths', 'booths_taken', 'booths_left', 'max_booths', 'max_attendees', 'fee', 'payment_note', 'form_note',
  'participants_public', 'require_signup', 'status', 'cancel_reason', 'signups', 'checkins', 'created_at', 'updated_at'];

function checkFair(f) {
  for (const k of FAIR_KEYS) assert.ok(Object.hasOwn(f, k), `fair lacks "${k}": ${JSON.stringify(f)}`);
  assert.ok(Number.isInteger(f.id), `id: ${f.id}`);
  assert.ok(['published', 'cancelled'].includes(f.status), `status: ${f.status}`);
  for (const k of ['starts_at', 'ends_at', 'apply_until', 'created_at', 'updated_at']) assert.match(String(f[k]), ISO_OFFSET, `${k}: ${f[k]}`);
  if (f.publish_at !== null) assert.match(String(f.publish_at), ISO_OFFSET, `publish_at: ${f.publish_at}`);
  for (const k of ['booths', 'booths_taken', 'booths_left', 'max_booths', 'max_attendees', 'signups', 'checkins']) {
    assert.ok(Number.isInteger(f[k]) && f[k] >= 0, `${k}: ${f[k]}`);
  }
  assert.equal(f.booths_left, f.booths - f.booths_taken, `booths_left ${f.booths_left} is not booths ${f.booths} - booths_taken ${f.booths_taken}`);
  assert.ok(Number.isFinite(Number(f.fee)) && Number(f.fee) >= 0, `fee: ${f.fee}`);
  for (const k of ['participants_public', 'require_signup']) assert.equal(typeof f[k], 'boolean', `${k}: ${f[k]}`);
  return f;
}

// The booth counts of a fair as the office reads them.
async function boothsOf(fairId) {
  const f = checkFair(await fairAs(fairId, manager.token));
  return { booths: f.booths, taken: f.booths_taken, left: f.booths_left };
}

const APP_KEYS = ['id', 'fair_id', 'employer_id', 'booths', 'attendees', 'contact_name', 'contact_phone', 'note', 'state'];
const APP_LIST_KEYS = [...APP_KEYS, 'employer_name', 'credit_code', 'industry_code', 'jobs', 'booth_numbers', 'zone', 'group'];

function checkApp(a, keys = APP_KEYS) {
  for (const k of keys) assert.ok(Object.hasOwn(a, k), `application lacks "${k}": ${JSON.stringify(a)}`);
  assert.ok(Number.isInteger(a.id), `id: ${a.id}`);
  assert.ok(['pending', 'approved', 'rejected', 'withdrawn'].includes(a.state), `state: ${a.state}`);
  if (Object.hasOwn(a, 'booth_numbers')) assert.ok(Array.isArray(a.booth_numbers), `booth_numbers: ${JSON.stringify(a.booth_numbers)}`);
  if (Object.hasOwn(a, 'jobs')) {
    assert.ok(Array.isArray(a.jobs), `jobs: ${JSON.stringify(a.jobs)}`);
    for (const j of a.jobs) assert.ok(Object.hasOwn(j, 'id') && Object.hasOwn(j, 'title'), `a job without id and title: ${JSON.stringify(j)}`);
  }
  return a;
}

const jobIdsOf = (a) => a.jobs.map((j) => Number(j.id)).sort((x, y) => x - y);
const sortedNums = (a) => [...a].map(Number).sort((x, y) => x - y);

// Sends each [over, field] case and collects those not answered 422 naming `field`; asserts none.
async function refusesEach(cases, send) {
  const wrong = [];
  for (const [over, field] of cases) {
    const res = await send(over);
    if (res.status === 422 && res.body?.error?.field === field) expectError(res, 422, field);
    else wrong.push(`${JSON.stringify(over)} → ${res.status} ${res.text.slice(0, 200)} (expected 422 naming ${field})`);
  }
  assert.deepEqual(wrong, [], 'bodies not refused with 422 naming the field');
}

// A 409 whose message names each of `words`.
function conflictNaming(res, ...words) {
  const err = expectError(res, 409);
  for (const w of words) assert.ok(err.message.includes(String(w)), `the 409 does not name "${w}": ${show(res)}`);
  return err;
}

// A refusal for a caller the route is not for (403 or 404: the contract names neither).
function refused(res, statuses = [403, 404]) {
  assert.ok(statuses.includes(res.status), `expected ${statuses.join(' or ')}: ${show(res)}`);
  expectError(res, res.status);
}

// Asserts the answer text never shows `code` (a pass-code kept from students, employers and the public).
function hidesCode(res, code) {
  assert.equal(res.status, 200, show(res));
  assert.ok(!res.text.includes(code), `the pass-code ${code} is shown: ${show(res)}`);
}

// A check-in token `period.mac`: [the period number, the mac].
function splitToken(token) {
  assert.equal(typeof token, 'string', `token ${token}`);
  const m = token.match(/^(\d+)\.(.+)$/);
  assert.ok(m, `the token ${token} is not period.mac`);
  return [Number(m[1]), m[2]];
}

/* ================================================================ */

describe('the fair (招聘会设置)', () => {
  test('POST /fairs: 201 the fair with every field as sent; booths_left = booths; the pass-code only for the office', async () => {
    const body = fairBody({ booths: 40, max_booths: 3, max_attendees: 5, fee: 800, payment_note: '银行转账，开具增值税普通发票。', participants_public: false, require_signup: true }, 8);
    const res = await createFair(body);
    const f = checkFair(expectData(res, 201));
    remember('fair create', manager.id, res, /fair/i, f.id);
    for (const k of ['title', 'description', 'venue', 'booths', 'max_booths', 'max_attendees', 'payment_note', 'form_note',
      'participants_public', 'require_signup', 'checkin_code']) assert.deepEqual(f[k], body[k], k);
    assert.equal(Number(f.fee), 800, `fee ${f.fee}`);
    for (const k of ['starts_at', 'ends_at', 'apply_until']) assert.ok(sameInstant(f[k], body[k]), `${k} ${f[k]}, sent ${body[k]}`);
    assert.equal(f.publish_at, null, 'publish_at not given is not null');
    assert.equal(f.venue_id ?? null, null);
    assert.equal(f.booths_taken, 0);
    assert.equal(f.booths_left, 40);
    assert.equal(f.status, 'published');
    assert.equal(f.cancel_reason ?? null, null);
    assert.equal(f.signups, 0);
    assert.equal(f.checkins, 0);
    assert.ok(within(f.created_at, nowMs()), `created_at ${f.created_at}`);

    assert.equal((await fairAs(f.id, manager.token)).checkin_code, body.checkin_code);
    const pub = await get(`/fairs/${f.id}`);
    assert.equal(checkFair(expectData(pub)).title, body.title);
    assert.equal(expectData(pub).mine, undefined, 'the public gets "mine"');
    hidesCode(pub, body.checkin_code);
    const asStudent = await get(`/fairs/${f.id}`, { token: stu.token });
    hidesCode(asStudent, body.checkin_code);
    assert.deepEqual(expectData(asStudent).mine, { signed_up: false, checked_in: false });
    const asEmployer = await get(`/fairs/${f.id}`, { token: company.token });
    hidesCode(asEmployer, body.checkin_code);
    const mine = expectData(asEmployer).mine;
    assert.ok(mine === null || (mine.application_id === null && mine.state === null), `an employer that did not apply has mine ${JSON.stringify(mine)}`);
  });

  test('defaults: max_booths 1, max_attendees 3, fee 0, participants_public true, require_signup false, publish_at null', async () => {
    const body = fairBody({}, 8);
    for (const k of ['max_booths', 'max_attendees', 'fee', 'participants_public', 'require_signup', 'description', 'payment_note', 'form_note', 'checkin_code']) delete body[k];
    const f = checkFair(expectData(await createFair(body), 201));
    assert.equal(f.max_booths, 1);
    assert.equal(f.max_attendees, 3);
    assert.equal(Number(f.fee), 0);
    assert.equal(f.participants_public, true);
    assert.equal(f.require_signup, false);
    assert.equal(f.publish_at, null);
    assert.equal(f.status, 'published');
  });

  test('venue_id shows the venue by name; a time without offset is China time', async () => {
    const byId = checkFair(expectData(await createFair(fairBody({ venue: undefined, venue_id: venue.id }, 8)), 201));
    assert.ok(sameId(byId.venue_id, venue.id), `venue_id ${byId.venue_id}`);
    assert.equal(byId.venue, venue.name);
    const local = checkFair(expectData(await createFair(fairBody({ starts_at: atLocal(8, 9), ends_at: atLocal(8, 15, 30), apply_until: atLocal(7, 18) }, 8)), 201));
    assert.ok(sameInstant(local.starts_at, at(8, 9)), `9:00 without an offset is not 9:00 China time: ${local.starts_at}`);
    assert.ok(sameInstant(local.ends_at, at(8, 15, 30)), `ends_at ${local.ends_at}`);
    assert.ok(sameInstant(local.apply_until, at(7, 18)), `apply_until ${local.apply_until}`);
  });

  test('bad fields → 422 naming each; nothing of the office\'s counters can be set', async () => {
    const base = (over = {}) => fairBody(over, 9);
    await refusesEach(['title', 'starts_at', 'ends_at', 'apply_until', 'booths'].map((f) => [{ [f]: undefined }, f]), (over) => createFair(base(over)));
    const cases = [
      [{ title: '' }, 'title'],
      [{ starts_at: at(9, 16), ends_at: at(9, 9) }, 'ends_at'],
      [{ starts_at: at(9, 9), ends_at: at(9, 9) }, 'ends_at'],
      [{ starts_at: '下周六上午' }, 'starts_at'],
      [{ ends_at: `${daysFromToday(9)}T25:00:00+08:00` }, 'ends_at'],
      [{ apply_until: at(9, 10) }, 'apply_until'],
      [{ apply_until: 'soon' }, 'apply_until'],
      [{ publish_at: 'tomorrow' }, 'publish_at'],
      [{ booths: 0 }, 'booths'],
      [{ booths: -5 }, 'booths'],
      [{ booths: 'many' }, 'booths'],
      [{ max_booths: 0 }, 'max_booths'],
      [{ max_booths: 21 }, 'max_booths'],
      [{ max_attendees: 0 }, 'max_attendees'],
      [{ max_attendees: 21 }, 'max_attendees'],
      [{ fee: -1 }, 'fee'],
      [{ fee: 'free' }, 'fee'],
      [{ participants_public: 'yes' }, 'participants_public'],
      [{ require_signup: 'no' }, 'require_signup'],
      [{ venue: undefined, venue_id: MISSING }, 'venue_id'],
      [{ status: 'cancelled' }, 'status'],
      [{ booths_taken: 3 }, 'booths_taken'],
      [{ booths_left: 3 }, 'booths_left'],
      [{ signups: 5 }, 'signups'],
      [{ checkins: 5 }, 'checkins'],
      [{ created_by: 1 }, 'created_by'],
      [{ sponsor: '某集团' }, 'sponsor'],
    ];
    await refusesEach(cases, (over) => createFair(base(over)));
    for (const [k, v] of [['max_booths', 20], ['max_attendees', 20], ['max_booths', 1], ['max_attendees', 1]]) {
      assert.equal(expectData(await createFair(base({ [k]: v })), 201)[k], v, `${k} ${v} is refused`);
    }
  });

  test('refusals: no token 401; students, employers, counselors and staff without fairs.manage 403; a CLI admin may', async () => {
    expectError(await createFair(fairBody(), null), 401);
    for (const who of [stu, company, counselor, viewer]) expectError(await createFair(fairBody(), who.token), 403);
    checkFair(expectData(await createFair(fairBody(), admin.token), 201));
    expectError(await get(`/fairs/${MISSING}`), 404);
    expectError(await get(`/fairs/${MISSING}`, { token: manager.token }), 404);
  });

  test('publish_at in the future: hidden from the public, students and employers (list and 404) until then; the office sees it', async () => {
    const tag = `发布${RUN}`;
    const publishAt = inSeconds(6);
    const f = checkFair(expectData(await createFair(fairBody({ title: `${tag}双选会`, publish_at: publishAt }, 8)), 201));
    assert.ok(sameInstant(f.publish_at, publishAt), `publish_at ${f.publish_at}`);
    for (const token of [undefined, stu.token, company.token]) {
      assert.deepEqual(ids(await listFairs(token, { q: tag })), [], 'an unpublished fair is listed');
      expectError(await get(`/fairs/${f.id}`, { token }), 404);
    }
    expectError(await signUp(stu.token, f.id), 404);
    expectError(await participants(f.id), 404);
    expectError(await participants(f.id, stu.token), 404);
    assert.deepEqual(ids(await listFairs(manager.token, { q: tag })), [f.id], 'the office does not see an unpublished fair');
    assert.equal((await fairAs(f.id, manager.token)).id, f.id);
    expectError(await checkIn(stu.token, f.id, { code: f.checkin_code }), 404);
    await waitUntil(publishAt, 1500);
    assert.deepEqual(ids(await listFairs(undefined, { q: tag })), [f.id], 'a fair past its publish_at is not listed');
    assert.equal((await fairAs(f.id, stu.token)).title, f.title);
  });

  test('an employer that applied still reads a fair whose publish_at moves into the future; the public and other employers get 404', async () => {
    const f = await newFair({}, 8);
    const a = await newApp(company, f.id, [cj1.id]);
    const e = checkFair(expectData(await editFair(f.id, { publish_at: at(3, 9) })));
    assert.ok(sameInstant(e.publish_at, at(3, 9)), `publish_at ${e.publish_at}`);
    const seen = await fairAs(f.id, company.token);
    assert.deepEqual(seen.mine, { application_id: a.id, state: 'pending' });
    for (const token of [undefined, stu.token, rival.token]) expectError(await get(`/fairs/${f.id}`, { token }), 404);
    expectError(await applyTo(rival, f.id, applicationBody([rj1.id])), 404);
  });

  test('PUT /fairs/{id}: the fair as changed; bad fields 422; booths below booths_taken → 409; refusals', async () => {
    const f = await newFair({ booths: 10, max_booths: 3 }, 9);
    const res = await editFair(f.id, { title: `${f.title}（更新）`, booths: 12, fee: 300, venue: '图书馆广场', max_attendees: 4, participants_public: false, form_note: '新说明' });
    const e = checkFair(expectData(res));
    remember('fair update', manager.id, res, /fair/i, f.id);
    assert.equal(e.title, `${f.title}（更新）`);
    assert.equal(e.booths, 12);
    assert.equal(e.booths_left, 12);
    assert.equal(Number(e.fee), 300);
    assert.equal(e.venue, '图书馆广场');
    assert.equal(e.max_attendees, 4);
    assert.equal(e.participants_public, false);
    assert.equal(e.form_note, '新说明');
    assert.equal(e.max_booths, 3, 'a field not sent changed');
    assert.ok(sameInstant(e.starts_at, f.starts_at));
    assert.equal((await fairAs(f.id)).title, `${f.title}（更新）`);

    const moved = checkFair(expectData(await editFair(f.id, { starts_at: at(10, 9), ends_at: at(10, 17), apply_until: at(9, 12) })));
    assert.ok(sameInstant(moved.starts_at, at(10, 9)));
    assert.ok(sameInstant(moved.apply_until, at(9, 12)));

    await refusesEach([
      [{ title: '' }, 'title'], [{ booths: 0 }, 'booths'], [{ ends_at: at(10, 8) }, 'ends_at'],
      [{ apply_until: at(10, 12) }, 'apply_until'], [{ max_booths: 21 }, 'max_booths'], [{ max_attendees: 0 }, 'max_attendees'],
      [{ fee: -3 }, 'fee'], [{ venue_id: MISSING }, 'venue_id'], [{ status: 'cancelled' }, 'status'],
      [{ booths_taken: 0 }, 'booths_taken'], [{ signups: 1 }, 'signups'], [{ sponsor: 'x' }, 'sponsor'],
    ], (json) => editFair(f.id, json));
    assert.equal((await fairAs(f.id, manager.token)).booths, 12, 'a refused edit changed the fair');

    const a = await newApp(company, f.id, [cj1.id], { booths: 3 });
    const b = await newApp(rival, f.id, [rj1.id], { booths: 2 });
    await approve(a.id);
    await approve(b.id);
    expectError(await editFair(f.id, { booths: 4 }), 409);
    assert.deepEqual(await boothsOf(f.id), { booths: 12, taken: 5, left: 7 });
    assert.equal(checkFair(expectData(await editFair(f.id, { booths: 5 }))).booths_left, 0, 'booths down to booths_taken is refused');

    expectError(await editFair(f.id, { booths: 30 }, null), 401);
    for (const who of [stu, company, counselor, viewer]) expectError(await editFair(f.id, { booths: 30 }, who.token), 403);
    expectError(await editFair(MISSING, { booths: 30 }), 404);
  });

  test('POST /admin/fairs/{id}/cancel: cancelled with the reason; then 409 on cancel, edit, apply and sign-up; seen only by those who took part; the public list drops it, status=cancelled shows it to the office', async () => {
    const tag = `取消${RUN}`;
    const f = await newFair({ title: `${tag}双选会` }, 9);
    const a = await newApp(company, f.id, [cj3.id]);
    await approve(a.id);
    const w = await newApp(rival, f.id, [rj1.id]);
    expectData(await withdraw(rival.token, w.id));
    const [took] = await studentsWithAccounts(admin.token, major, 1);
    expectData(await signUp(took.token, f.id), 201);
    expectError(await cancelFair(f.id, { reason: '场馆检修' }, null), 401);
    for (const who of [stu, company, counselor, viewer]) expectError(await cancelFair(f.id, { reason: '场馆检修' }, who.token), 403);
    expectError(await cancelFair(MISSING, { reason: '场馆检修' }), 404);
    const res = await cancelFair(f.id, { reason: '场馆检修' });
    const c = checkFair(expectData(res));
    remember('fair cancel', manager.id, res, /fair/i, f.id);
    assert.equal(c.status, 'cancelled');
    assert.equal(c.cancel_reason, '场馆检修');
    conflictNaming(await cancelFair(f.id, { reason: '再取消' }));
    expectError(await editFair(f.id, { title: '改期' }), 409);
    // rival withdrew and may apply again, but not to a cancelled fair (an employer that never applied
    // does not see a cancelled fair at all: 404, the scope rule)
    expectError(await applyTo(rival, f.id, applicationBody([rj1.id])), 409);
    assert.equal((await fairAs(f.id, rival.token)).mine?.state, 'withdrawn');
    // a cancelled fair is seen only by those who took part: 409 for them, 404 (not there) for others
    expectError(await applyTo(third, f.id, applicationBody([tj1.id])), 404);
    refused(await signUp(stu.token, f.id), [404, 409]);
    expectError(await signUp(took.token, f.id), 409);
    assert.equal((await fairAs(f.id, took.token)).status, 'cancelled', 'a student who signed up does not see the cancelled fair');
    assert.equal((await fairAs(f.id, company.token)).status, 'cancelled', 'an employer that applied does not see the cancelled fair');
    assert.equal((await fairAs(f.id, rival.token)).cancel_reason, '场馆检修');
    for (const token of [undefined, stu.token, third.token]) expectError(await get(`/fairs/${f.id}`, { token }), 404);
    const resume = await newResume(stu.token);
    expectError(await deliver(stu.token, cj3.id, { resume_id: resume, fair_id: f.id }), 422, 'fair_id');
    assert.deepEqual(ids(await listFairs(undefined, { q: tag })), [], 'a cancelled fair is listed to the public');
    assert.deepEqual(ids(await listFairs(stu.token, { q: tag })), []);
    assert.deepEqual(ids(await listFairs(manager.token, { q: tag, status: 'cancelled' })), [f.id]);
    assert.deepEqual(ids(await listFairs(manager.token, { q: tag, status: 'published' })), []);
    assert.deepEqual(ids(await listFairs(manager.token, { q: tag, status: 'all' })), [f.id]);
    assert.equal((await fairAs(f.id, manager.token)).status, 'cancelled');
  });

  test('GET /fairs: published fairs not yet ended, soonest first; q, from, to, page, per_page', async () => {
    const tag = `列表${RUN}`;
    const late = await newFair({ title: `${tag}晚场` }, 12);
    const early = await newFair({ title: `${tag}早场` }, 10);
    const mid = await newFair({ title: `${tag}中场` }, 11);
    const res = await get('/fairs', { query: { q: tag, per_page: 200 } });
    const { data, meta } = expectList(res);
    assert.deepEqual(ids(data), [early.id, mid.id, late.id], 'not soonest first');
    assert.equal(meta.total, 3);
    for (const r of data) {
      for (const k of ['id', 'title', 'starts_at', 'ends_at']) assert.ok(Object.hasOwn(r, k), `list row lacks "${k}": ${JSON.stringify(r)}`);
      assert.match(String(r.starts_at), ISO_OFFSET);
    }
    hidesCode(res, early.checkin_code);
    assert.deepEqual(ids(await listFairs(stu.token, { q: tag })), [early.id, mid.id, late.id]);
    assert.deepEqual(ids(await listFairs(undefined, { q: tag, from: daysFromToday(11) })), [mid.id, late.id]);
    assert.deepEqual(ids(await listFairs(undefined, { q: tag, to: daysFromToday(11) })), [early.id, mid.id]);
    assert.deepEqual(ids(await listFairs(undefined, { q: tag, from: daysFromToday(11), to: daysFromToday(11) })), [mid.id]);
    const page = expectList(await get('/fairs', { query: { q: tag, per_page: 2, page: 2 } }));
    assert.deepEqual(ids(page.data), [late.id]);
    assert.equal(page.meta.total, 3);
    assert.equal(page.meta.per_page, 2);
  });
});

describe('applications (参会申请)', () => {
  test('an approved employer applies: 201 pending with its booths, people, contacts and jobs; mine follows; the office and the employer read it', async () => {
    const f = await newFair({ booths: 10, max_booths: 2, max_attendees: 3 }, 8);
    const before0 = await fairAs(f.id, company.token);
    assert.ok(before0.mine === null || before0.mine?.application_id == null, `mine before applying: ${JSON.stringify(before0.mine)}`);
    const body = applicationBody([cj1.id, cj2.id], { booths: 2, attendees: 3, contact_name: '张主管', contact_phone: '13900001111', note: '靠近入口' });
    const res = await applyTo(company, f.id, body);
    const a = checkApp(expectData(res, 201));
    remember('application create', company.hr, res, /fair|appl/i);
    assert.equal(a.state, 'pending');
    assert.ok(sameId(a.fair_id, f.id), `fair_id ${a.fair_id}`);
    assert.ok(sameId(a.employer_id, company.employer.id), `employer_id ${a.employer_id}`);
    for (const k of ['booths', 'attendees', 'contact_name', 'contact_phone', 'note']) assert.equal(a[k], body[k], k);
    if (Object.hasOwn(a, 'jobs')) assert.deepEqual(jobIdsOf(a), sortedNums([cj1.id, cj2.id]));
    assert.deepEqual((await fairAs(f.id, company.token)).mine, { application_id: a.id, state: 'pending' });
    assert.deepEqual(await boothsOf(f.id), { booths: 10, taken: 0, left: 10 }, 'a pending application took booths');

    const mineRead = checkApp(await appAs(a.id, company.token));
    assert.equal(mineRead.state, 'pending');
    const officeRead = checkApp(await appAs(a.id, manager.token));
    assert.ok(sameId(officeRead.employer_id, company.employer.id));
    expectError(await get(`/fair-applications/${a.id}`, { token: rival.token }), 404);
    expectError(await get(`/fair-applications/${a.id}`), 401);
    for (const who of [stu, viewer, counselor]) expectError(await get(`/fair-applications/${a.id}`, { token: who.token }), 403);
    expectError(await get(`/fair-applications/${MISSING}`, { token: manager.token }), 404);
    expectError(await get(`/fair-applications/${MISSING}`, { token: company.token }), 404);

    const { data } = expectList(await applicationsOf(f.id));
    assert.deepEqual(ids(data), [a.id]);
    const row = checkApp(data[0], APP_LIST_KEYS);
    assert.equal(row.employer_name, company.body.name);
    assert.equal(row.credit_code, company.body.credit_code);
    assert.equal(row.industry_code, company.body.industry_code);
    assert.deepEqual(jobIdsOf(row), sortedNums([cj1.id, cj2.id]));
    assert.deepEqual(row.jobs.map((j) => j.title).sort(), [cj1.title, cj2.title].sort());
    assert.deepEqual(row.booth_numbers, []);
    assert.equal(row.zone ?? null, null);
    assert.equal(row.group ?? null, null);
  });

  test('a second application while one is pending or approved → 409', async () => {
    const f = await newFair({ booths: 10 }, 8);
    const a = await newApp(company, f.id, [cj1.id]);
    expectError(await applyTo(company, f.id, applicationBody([cj1.id])), 409);
    await approve(a.id);
    expectError(await applyTo(company, f.id, applicationBody([cj2.id])), 409);
    assert.equal(expectList(await applicationsOf(f.id)).meta.total, 1);
  });

  test('bad fields → 422 naming each: more booths or people than allowed, a job not the employer\'s own approved one; no state, employer_id or booth numbers', async () => {
    const f = await newFair({ booths: 10, max_booths: 2, max_attendees: 3 }, 8);
    const cases = [
      [{ booths: 3 }, 'booths'],
      [{ booths: 0 }, 'booths'],
      [{ booths: 'two' }, 'booths'],
      [{ attendees: 4 }, 'attendees'],
      [{ attendees: 0 }, 'attendees'],
      [{ job_ids: [rj1.id] }, 'job_ids'],
      [{ job_ids: [cj1.id, rj1.id] }, 'job_ids'],
      [{ job_ids: [cjPending.id] }, 'job_ids'],
      [{ job_ids: [MISSING] }, 'job_ids'],
      [{ job_ids: 'all' }, 'job_ids'],
      [{ state: 'approved' }, 'state'],
      [{ employer_id: rival.employer.id }, 'employer_id'],
      [{ booth_numbers: ['A01'] }, 'booth_numbers'],
      [{ checked_in_at: cstIso(nowMs()) }, 'checked_in_at'],
      [{ zone: 'A' }, 'zone'],
      [{ review_reason: '自己通过' }, 'review_reason'],
      [{ logo: 'x.png' }, 'logo'],
    ];
    await refusesEach(cases, (over) => applyTo(company, f.id, applicationBody([cj1.id], over)));
    assert.equal(expectList(await applicationsOf(f.id)).meta.total, 0, 'a refused application was stored');
    const ok = await newApp(company, f.id, [cj1.id], { booths: 2, attendees: 3 });
    assert.equal(ok.booths, 2);
  });

  test('refusals: no token 401; students, staff and employers not yet approved 403; unknown fair 404; after apply_until 409', async () => {
    const f = await newFair({}, 8);
    expectError(await post(`/fairs/${f.id}/applications`, { json: applicationBody([]) }), 401);
    for (const who of [stu, manager, viewer, counselor, pendingCo]) expectError(await applyTo(who, f.id, applicationBody([])), 403);
    expectError(await applyTo(company, MISSING, applicationBody([cj1.id])), 404);
    const closing = await newFair({ apply_until: inSeconds(3) }, 8);
    await waitUntil(closing.apply_until, 1000);
    expectError(await applyTo(company, closing.id, applicationBody([cj1.id])), 409);
    assert.equal(expectList(await applicationsOf(closing.id)).meta.total, 0);
  });

  test('the state machine: reject needs a reason; 409 naming both states on any move from a state not pending; re-applying after a rejection and after a withdrawal', async () => {
    const f = await newFair({ booths: 10, max_booths: 2 }, 8);
    const a = await newApp(company, f.id, [cj1.id]);
    expectError(await review(a.id, { decision: 'reject' }), 422, 'reason');
    expectError(await review(a.id, { decision: 'reject', reason: '' }), 422, 'reason');
    const rres = await review(a.id, { decision: 'reject', reason: '资料不全' });
    const rejected = checkApp(expectData(rres));
    remember('review reject', manager.id, rres, /fair|appl|review|reject/i, a.id);
    assert.equal(rejected.state, 'rejected');
    assert.ok(JSON.stringify(rejected).includes('资料不全'), `the reason is not shown: ${JSON.stringify(rejected)}`);
    const seen = await appAs(a.id, company.token);
    assert.equal(seen.state, 'rejected');
    assert.ok(JSON.stringify(seen).includes('资料不全'), 'the employer does not see the reason');
    conflictNaming(await review(a.id, { decision: 'approve' }), 'rejected', 'approved');
    conflictNaming(await review(a.id, { decision: 'reject', reason: '再拒' }), 'rejected');
    conflictNaming(await withdraw(company.token, a.id), 'rejected');
    assert.deepEqual(await boothsOf(f.id), { booths: 10, taken: 0, left: 10 });

    const again = checkApp(expectData(await applyTo(company, f.id, applicationBody([cj2.id], { booths: 2 })), 201));
    assert.equal(again.state, 'pending', 'a rejected employer cannot apply again');
    assert.equal(again.booths, 2);
    assert.deepEqual((await fairAs(f.id, company.token)).mine, { application_id: again.id, state: 'pending' });
    const wres = await withdraw(company.token, again.id);
    const gone = checkApp(expectData(wres));
    remember('withdraw', company.hr, wres, /fair|appl|withdraw/i, again.id);
    assert.equal(gone.state, 'withdrawn');
    conflictNaming(await withdraw(company.token, again.id), 'withdrawn');
    conflictNaming(await review(again.id, { decision: 'approve' }), 'withdrawn', 'approved');
    conflictNaming(await review(again.id, { decision: 'reject', reason: '不行' }), 'withdrawn', 'rejected');

    const third0 = checkApp(expectData(await applyTo(company, f.id, applicationBody([cj1.id, cj3.id], { booths: 2 })), 201));
    assert.equal(third0.state, 'pending', 'a withdrawn employer cannot apply again');
    const ares = await review(third0.id, { decision: 'approve' });
    const ok = checkApp(expectData(ares));
    remember('review approve', manager.id, ares, /fair|appl|review|approve/i, third0.id);
    assert.equal(ok.state, 'approved');
    assert.deepEqual(await boothsOf(f.id), { booths: 10, taken: 2, left: 8 });
    assert.deepEqual((await fairAs(f.id, company.token)).mine, { application_id: third0.id, state: 'approved' });
    conflictNaming(await review(third0.id, { decision: 'approve' }), 'approved');
    conflictNaming(await review(third0.id, { decision: 'reject', reason: '改主意' }), 'approved', 'rejected');
    assert.equal(expectData(await withdraw(company.token, third0.id)).state, 'withdrawn');
    assert.deepEqual(await boothsOf(f.id), { booths: 10, taken: 0, left: 10 }, 'withdrawing an approved application does not give its booths back');
  });

  test('review and withdraw refusals: a bad decision 422; 401; 403 to employers, students and staff without fairs.manage; another employer 404; unknown 404', async () => {
    const f = await newFair({ booths: 10 }, 8);
    const a = await newApp(company, f.id, [cj1.id]);
    expectError(await review(a.id, { decision: 'maybe' }), 422, 'decision');
    expectError(await review(a.id, {}), 422, 'decision');
    expectError(await review(a.id, { decision: 'approve', state: 'approved' }), 422, 'state');
    expectError(await review(a.id, { decision: 'approve' }, null), 401);
    for (const who of [stu, company, rival, counselor, viewer]) expectError(await review(a.id, { decision: 'approve' }, who.token), 403);
    expectError(await review(MISSING, { decision: 'approve' }), 404);
    expectError(await withdraw(null, a.id), 401);
    expectError(await withdraw(rival.token, a.id), 404);
    for (const who of [stu, manager, viewer]) expectError(await withdraw(who.token, a.id), 403);
    expectError(await withdraw(company.token, MISSING), 404);
    assert.equal((await appAs(a.id)).state, 'pending', 'a refused call changed the application');
    assert.equal(expectData(await review(a.id, { decision: 'approve' }, admin.token)).state, 'approved', 'a CLI admin holds fairs.manage');
  });

  test('GET /fairs/{id}/applications: the office sees all (state, q, paged); an employer only its own; others refused', async () => {
    const f = await newFair({ booths: 10 }, 8);
    const a = await newApp(company, f.id, [cj1.id]);
    const b = await newApp(rival, f.id, [rj1.id]);
    const c = await newApp(third, f.id, [tj1.id]);
    await approve(b.id);
    expectData(await review(c.id, { decision: 'reject', reason: '行业不符' }));
    const all = expectList(await applicationsOf(f.id));
    assert.deepEqual(sortedNums(ids(all.data)), sortedNums([a.id, b.id, c.id]));
    assert.equal(all.meta.total, 3);
    all.data.forEach((r) => checkApp(r, APP_LIST_KEYS));
    assert.deepEqual(ids(expectList(await applicationsOf(f.id, manager.token, { state: 'approved' })).data), [b.id]);
    assert.deepEqual(ids(expectList(await applicationsOf(f.id, manager.token, { state: 'pending' })).data), [a.id]);
    assert.deepEqual(ids(expectList(await applicationsOf(f.id, manager.token, { state: 'rejected' })).data), [c.id]);
    assert.deepEqual(ids(expectList(await applicationsOf(f.id, manager.token, { q: rival.body.name })).data), [b.id]);
    const page = expectList(await applicationsOf(f.id, manager.token, { per_page: 2, page: 2 }));
    assert.equal(page.data.length, 1);
    assert.equal(page.meta.total, 3);
    assert.deepEqual(ids(expectList(await applicationsOf(f.id, company.token)).data), [a.id]);
    assert.deepEqual(ids(expectList(await applicationsOf(f.id, rival.token)).data), [b.id]);
    assert.deepEqual(ids(expectList(await applicationsOf(f.id, fourth.token)).data), []);
    expectError(await applicationsOf(f.id, null), 401);
    for (const who of [stu, viewer, counselor]) expectError(await applicationsOf(f.id, who.token), 403);
    expectError(await applicationsOf(MISSING), 404);
  });
});

describe('booths (展位)', () => {
  let f; // 7 booths, up to 3 an employer
  let a; let b; let c; let d; // company 3, rival 1, third 3, fourth 2

  before(async () => {
    f = await newFair({ booths: 7, max_booths: 3, title: `展位测试${RUN}` }, 9);
    a = await newApp(company, f.id, [cj1.id, cj2.id], { booths: 3 });
    b = await newApp(rival, f.id, [rj1.id], { booths: 1 });
    c = await newApp(third, f.id, [tj1.id], { booths: 3 });
    d = await newApp(fourth, f.id, [fj1.id], { booths: 2 });
  });

  test('approval takes the application\'s booths; 409 naming how many are left when fewer; withdrawing gives them back', async () => {
    await approve(a.id);
    assert.deepEqual(await boothsOf(f.id), { booths: 7, taken: 3, left: 4 });
    await approve(c.id);
    assert.deepEqual(await boothsOf(f.id), { booths: 7, taken: 6, left: 1 });
    conflictNaming(await review(d.id, { decision: 'approve' }), 1);
    assert.equal((await appAs(d.id)).state, 'pending', 'a refused approval moved the application');
    assert.deepEqual(await boothsOf(f.id), { booths: 7, taken: 6, left: 1 });
    assert.equal(expectData(await withdraw(company.token, a.id)).state, 'withdrawn');
    assert.deepEqual(await boothsOf(f.id), { booths: 7, taken: 3, left: 4 });
    await approve(d.id);
    await approve(b.id);
    assert.deepEqual(await boothsOf(f.id), { booths: 7, taken: 6, left: 1 });
    const pub = checkFair(await fairAs(f.id));
    assert.equal(pub.booths_left, 1, 'the public does not see booths_left');
  });

  test('batch numbering by zone: each application in the order given gets as many numbers as its booths, zone + two digits from start', async () => {
    const res = await numberBooths(f.id, { ids: [c.id, d.id], zone: 'A', group: '互联网', start: 1 });
    const out = expectData(res);
    remember('booths batch', manager.id, res, /fair|booth/i);
    assert.ok(Array.isArray(out.assigned), `no "assigned": ${show(res)}`);
    const byApp = Object.fromEntries(out.assigned.map((x) => [String(x.application_id), x.booth_numbers]));
    assert.deepEqual(byApp, { [c.id]: ['A01', 'A02', 'A03'], [d.id]: ['A04', 'A05'] });
    assert.deepEqual(out.assigned.map((x) => Number(x.application_id)), [c.id, d.id], 'not in the order given');
    const seen = checkApp(await appAs(c.id));
    if (Object.hasOwn(seen, 'booth_numbers')) assert.deepEqual(seen.booth_numbers, ['A01', 'A02', 'A03']);
    const rows = expectList(await applicationsOf(f.id, manager.token, { state: 'approved' })).data;
    const row = (id) => rows.find((r) => sameId(r.id, id));
    assert.deepEqual(row(c.id).booth_numbers, ['A01', 'A02', 'A03']);
    assert.equal(row(c.id).zone, 'A');
    assert.equal(row(c.id).group, '互联网');
    assert.deepEqual(row(d.id).booth_numbers, ['A04', 'A05']);
    assert.deepEqual(row(b.id).booth_numbers, []);
    assert.deepEqual(expectList(await applicationsOf(f.id, third.token)).data[0].booth_numbers, ['A01', 'A02', 'A03'], 'the employer does not see its numbers');
  });

  test('one by one: PUT sets an application\'s numbers; 409 naming a number another holds; 422 when the count is not its booths', async () => {
    const held = await setBooths(b.id, { booth_numbers: ['A02'], zone: 'A', group: '金融' });
    conflictNaming(held, 'A02');
    const res = await setBooths(b.id, { booth_numbers: ['A07'], zone: 'A', group: '金融' });
    const set = checkApp(expectData(res));
    remember('booths set', manager.id, res, /fair|booth/i, b.id);
    if (Object.hasOwn(set, 'booth_numbers')) assert.deepEqual(set.booth_numbers, ['A07']);
    const row = expectList(await applicationsOf(f.id, manager.token, { q: rival.body.name })).data[0];
    assert.deepEqual(row.booth_numbers, ['A07']);
    assert.equal(row.zone, 'A');
    assert.equal(row.group, '金融');
    expectError(await setBooths(c.id, { booth_numbers: ['B01'] }), 422, 'booth_numbers');
    expectError(await setBooths(c.id, { booth_numbers: ['B01', 'B02', 'B03', 'B04'] }), 422, 'booth_numbers');
    expectError(await setBooths(c.id, { booth_numbers: 'B01' }), 422, 'booth_numbers');
    expectError(await setBooths(c.id, { booth_numbers: ['B01', 'B01', 'B02'] }), 422, 'booth_numbers');
    const cRow = expectList(await applicationsOf(f.id, manager.token, { q: third.body.name })).data[0];
    assert.deepEqual(cRow.booth_numbers, ['A01', 'A02', 'A03'], 'a refused PUT changed the numbers');
    const moved = expectData(await setBooths(c.id, { booth_numbers: ['B01', 'B02', 'B03'], zone: 'B' }));
    if (Object.hasOwn(moved, 'booth_numbers')) assert.deepEqual(moved.booth_numbers, ['B01', 'B02', 'B03']);
    // c's former A01–A03 are free again: b takes A01, so c cannot have it back
    expectData(await setBooths(b.id, { booth_numbers: ['A01'] }));
    conflictNaming(await setBooths(c.id, { booth_numbers: ['A01', 'A02', 'A03'] }), 'A01');
    expectData(await setBooths(c.id, { booth_numbers: ['A02', 'A03', 'A09'], zone: 'A' }));
    expectData(await setBooths(b.id, { booth_numbers: ['A07'] }));
  });

  test('batch again: numbers others hold are skipped, the former numbers released; withdrawing releases them too', async () => {
    // now: c A02 A03 A09, d A04 A05, b A07
    const out = expectData(await numberBooths(f.id, { ids: [d.id], zone: 'A', start: 6 }));
    assert.deepEqual(out.assigned.map((x) => [Number(x.application_id), x.booth_numbers]), [[d.id, ['A06', 'A08']]], 'A07 (held by another) not skipped');
    expectData(await setBooths(b.id, { booth_numbers: ['A04'] }), 200);
    const again = expectData(await numberBooths(f.id, { ids: [b.id, d.id], zone: 'C', start: 1 }));
    assert.deepEqual(again.assigned.map((x) => [Number(x.application_id), x.booth_numbers]), [[b.id, ['C01']], [d.id, ['C02', 'C03']]]);
    expectData(await setBooths(c.id, { booth_numbers: ['A04', 'A06', 'A08'] }), 200); // zone A, group 互联网 stay
    expectData(await withdraw(fourth.token, d.id));
    assert.deepEqual(await boothsOf(f.id), { booths: 7, taken: 4, left: 3 });
    expectData(await setBooths(b.id, { booth_numbers: ['C02'] }), 200);
    const batchAfter = expectData(await numberBooths(f.id, { ids: [b.id], zone: 'C', start: 3 }));
    assert.deepEqual(batchAfter.assigned[0].booth_numbers, ['C03'], 'the withdrawn application still holds C03');
  });

  test('422 ids naming an application that is not an approved one of this fair; bad bodies 422; refusals', async () => {
    const other = await newFair({ booths: 5 }, 9);
    const elsewhere = await newApp(company, other.id, [cj1.id]);
    await approve(elsewhere.id);
    const pendingHere = await newApp(fourth, f.id, [fj1.id], { booths: 1 });
    for (const bad of [[a.id], [pendingHere.id], [elsewhere.id], [MISSING], [b.id, a.id]]) {
      const res = await numberBooths(f.id, { ids: bad, zone: 'D', start: 1 });
      expectError(res, 422, 'ids');
    }
    expectError(await numberBooths(f.id, { ids: 'all', zone: 'D', start: 1 }), 422, 'ids');
    expectError(await numberBooths(f.id, { ids: [b.id], zone: 'D', start: 'one' }), 422, 'start');
    const row = expectList(await applicationsOf(f.id, manager.token, { q: rival.body.name })).data[0];
    assert.deepEqual(row.booth_numbers, ['C03'], 'a refused batch changed the numbers');
    refused(await setBooths(pendingHere.id, { booth_numbers: ['E01'] }), [409, 422]); // numbers for a pending application

    expectError(await numberBooths(f.id, { ids: [b.id], zone: 'D', start: 1 }, null), 401);
    expectError(await setBooths(b.id, { booth_numbers: ['D01'] }, null), 401);
    for (const who of [stu, rival, viewer, counselor]) {
      expectError(await numberBooths(f.id, { ids: [b.id], zone: 'D', start: 1 }, who.token), 403);
      expectError(await setBooths(b.id, { booth_numbers: ['D01'] }, who.token), 403);
    }
    expectError(await numberBooths(MISSING, { ids: [b.id], zone: 'D', start: 1 }), 404);
    expectError(await setBooths(MISSING, { booth_numbers: ['D01'] }), 404);
  });

  test('the participants: approved employers by booth, with their jobs; anyone may read them when participants_public', async () => {
    // now: c A04 A06 A08, b C03
    const res = await participants(f.id);
    const { data, meta } = expectList(res);
    assert.equal(meta.total, 2);
    assert.deepEqual(data.map((p) => Number(p.employer_id)), [third.employer.id, rival.employer.id].map(Number), 'not by booth');
    const p = data[0];
    for (const k of ['employer_id', 'employer_name', 'industry_code', 'booth_numbers', 'zone', 'group', 'jobs']) assert.ok(Object.hasOwn(p, k), `participant lacks "${k}": ${JSON.stringify(p)}`);
    assert.equal(p.employer_name, third.body.name);
    assert.equal(p.industry_code, third.body.industry_code);
    assert.deepEqual(p.booth_numbers, ['A04', 'A06', 'A08']);
    assert.equal(p.zone, 'A', 'a zone not given to PUT …/booths did not stay');
    assert.equal(p.group, '互联网', 'a group not given to PUT …/booths did not stay');
    assert.equal(p.jobs.length, 1);
    const j = p.jobs[0];
    for (const k of ['id', 'title', 'city', 'salary_min', 'salary_max', 'degree', 'headcount']) assert.ok(Object.hasOwn(j, k), `job lacks "${k}": ${JSON.stringify(j)}`);
    assert.ok(sameId(j.id, tj1.id));
    for (const k of ['title', 'city', 'salary_min', 'salary_max', 'degree', 'headcount']) assert.equal(j[k], tj1.body[k], k);
    assert.deepEqual(expectList(await participants(f.id, stu.token)).data.map((x) => Number(x.employer_id)), data.map((x) => Number(x.employer_id)));
    assert.equal(expectList(await participants(f.id, fourth.token)).meta.total, 2);
    assert.deepEqual(expectList(await participants(f.id, undefined, { q: rival.body.name })).data.map((x) => Number(x.employer_id)), [Number(rival.employer.id)]);
    expectError(await participants(MISSING), 404);
  });
});

describe('participants before the day', () => {
  test('participants_public false: the public, students and other employers are refused; the office and the participants read them', async () => {
    const f = await newFair({ participants_public: false, booths: 5 }, 9);
    const a = await newApp(company, f.id, [cj1.id, cj2.id]);
    const p = await newApp(rival, f.id, [rj1.id]);
    await approve(a.id);
    refused(await participants(f.id), [401, 403, 404]);
    refused(await participants(f.id, stu.token));
    refused(await participants(f.id, third.token));
    refused(await participants(f.id, rival.token)); // only pending: not an approved participant
    const seen = expectList(await participants(f.id, manager.token));
    assert.deepEqual(seen.data.map((x) => Number(x.employer_id)), [Number(company.employer.id)], 'a pending employer is listed');
    const jobs = seen.data[0].jobs;
    assert.deepEqual(sortedNums(ids(jobs)), sortedNums([cj1.id, cj2.id]));
    const j2 = jobs.find((j) => sameId(j.id, cj2.id));
    for (const k of ['title', 'city', 'salary_min', 'salary_max', 'degree', 'headcount']) assert.equal(j2[k], cj2.body[k], k);
    assert.equal(expectList(await participants(f.id, company.token)).meta.total, 1);
    assert.ok(p.id);
  });
});

describe('sign-ups (学生报名)', () => {
  test('a student signs up: 201 {fair_id, student_id, signed_up_at, checked_in_at}; counts and mine follow; twice → 409; no student_id of another', async () => {
    const f = await newFair({}, 9);
    const [x, y] = await studentsWithAccounts(admin.token, major, 2);
    expectError(await signUp(x.token, f.id, { student_id: y.s.id }), 422, 'student_id');
    const res = await signUp(x.token, f.id);
    const su = expectData(res, 201);
    remember('sign-up', x.id, res, /fair|sign/i);
    assert.ok(sameId(su.fair_id, f.id), `fair_id ${su.fair_id}`);
    assert.ok(sameId(su.student_id, x.s.id), `student_id ${su.student_id}, the record is ${x.s.id}`);
    assert.match(String(su.signed_up_at), ISO_OFFSET);
    assert.ok(within(su.signed_up_at, nowMs()), `signed_up_at ${su.signed_up_at}`);
    assert.equal(su.checked_in_at, null);
    const seen = await fairAs(f.id, x.token);
    assert.equal(seen.signups, 1);
    assert.equal(seen.checkins, 0);
    assert.deepEqual(seen.mine, { signed_up: true, checked_in: false });
    assert.deepEqual((await fairAs(f.id, y.token)).mine, { signed_up: false, checked_in: false });
    expectError(await signUp(x.token, f.id), 409);
    assert.equal((await fairAs(f.id)).signups, 1, 'a refused sign-up was counted');
    expectError(await signUp(null, f.id), 401);
    for (const who of [company, manager, counselor]) expectError(await signUp(who.token, f.id), 403);
    expectError(await signUp(y.token, MISSING), 404);
  });
});

describe('on the day: fairs that start 35 seconds after they are made', () => {
  let live; // sign-up not required, participants not public before the day, 10 booths
  let strict; // sign-up required
  let other; // another fair, for foreign tokens
  let appA; let appB; let appC; // company approved (2 booths, cj1 cj2, numbered), rival approved (1, rj1), third pending (1, tj1)
  let s1; let s2; let s3; let s4; let s5; // s1, s3 signed up to live; s1 signed up to strict
  let r1; let r2; let r4; // resumes of s1, s2, s4

  before(async () => {
    [s1, s2, s3, s4, s5] = await studentsWithAccounts(admin.token, major, 5);
    [r1, r2, r4] = [await newResume(s1.token), await newResume(s2.token), await newResume(s4.token)];
    const start = inSeconds(35);
    const plus = (ms) => cstIso(Date.parse(start) + ms);
    live = expectData(await createFair(fairBody({
      title: `现场测试${RUN}`, starts_at: start, ends_at: plus(3 * 3600_000), apply_until: start, booths: 10, max_booths: 3,
      participants_public: false, require_signup: false, checkin_code: fairCode(),
    })), 201);
    strict = expectData(await createFair(fairBody({
      title: `需报名现场${RUN}`, starts_at: start, ends_at: plus(3 * 3600_000), apply_until: start, booths: 5,
      require_signup: true, checkin_code: fairCode(),
    })), 201);
    other = await newFair({}, 9);
    appA = await newApp(company, live.id, [cj1.id, cj2.id], { booths: 2 });
    appB = await newApp(rival, live.id, [rj1.id], { booths: 1 });
    appC = await newApp(third, live.id, [tj1.id], { booths: 1 });
    await approve(appA.id);
    await approve(appB.id);
    expectData(await numberBooths(live.id, { ids: [appA.id], zone: 'A', group: '综合', start: 1 }));
    expectData(await signUp(s1.token, live.id), 201);
    expectData(await signUp(s3.token, live.id), 201);
    expectData(await signUp(s1.token, strict.id), 201);
    await waitUntil(start, 1500);
  });

  test('GET /fairs/{id}/checkin-token: {token, expires_at, expires_in, period} for each entrance; the two differ; who checked; office only', async () => {
    const st = await tokenOf(live.id, 'students');
    const et = await tokenOf(live.id, 'employers');
    for (const t of [st, et]) {
      for (const k of ['token', 'expires_at', 'expires_in', 'period']) assert.ok(Object.hasOwn(t, k), `token answer lacks "${k}": ${JSON.stringify(t)}`);
      splitToken(t.token);
      assert.match(t.expires_at, ISO_OFFSET);
      assert.ok(Date.parse(t.expires_at) > nowMs() - 1000 && Date.parse(t.expires_at) <= nowMs() + 65_000, `expires_at ${t.expires_at}`);
      assert.ok(Number.isInteger(t.expires_in) && t.expires_in >= 0 && t.expires_in <= 60, `expires_in ${t.expires_in}`);
      assert.equal(t.period, 30, `period ${t.period}`);
    }
    assert.notEqual(st.token, et.token, 'the students\' and the employers\' tokens are the same');
    expectError(await get(`/fairs/${live.id}/checkin-token`, { token: manager.token, query: { who: 'visitors' } }), 422, 'who');
    expectError(await get(`/fairs/${live.id}/checkin-token`, { query: { who: 'students' } }), 401);
    for (const who of [s1, company, viewer, counselor]) expectError(await get(`/fairs/${live.id}/checkin-token`, { token: who.token, query: { who: 'employers' } }), 403);
    expectError(await get(`/fairs/${MISSING}/checkin-token`, { token: manager.token, query: { who: 'students' } }), 404);
  });

  test('employer check-in: the students\' token, another fair\'s or a forged one → 422 token; the employers\' token checks in (checked_in_at); twice → 409', async () => {
    const st = await tokenOf(live.id, 'students');
    expectError(await employerCheckIn(company, live.id, { token: st.token }), 422, 'token');
    const foreign = await tokenOf(other.id, 'employers');
    expectError(await employerCheckIn(company, live.id, { token: foreign.token }), 422, 'token');
    const et = await tokenOf(live.id, 'employers');
    const [n, mac] = splitToken(et.token);
    const flipped = [...mac].map((ch) => (ch === '0' ? '1' : '0')).join('');
    for (const token of [`${n}.${flipped}`, `${n + 5}.${mac}`, 'not-a-token']) expectError(await employerCheckIn(company, live.id, { token }), 422, 'token');
    expectError(await employerCheckIn(company, live.id, {}), 422, 'token');
    assert.equal((await appAs(appA.id)).checked_in_at ?? null, null, 'a refused check-in was recorded');

    const res = await employerCheckIn(company, live.id, { token: et.token });
    const ci = checkApp(expectData(res));
    remember('employer check-in', company.hr, res, /fair|check/i);
    assert.ok(sameId(ci.id, appA.id), `the answer is not the application ${appA.id}: ${show(res)}`);
    assert.match(String(ci.checked_in_at), ISO_OFFSET);
    assert.ok(within(ci.checked_in_at, nowMs(), 5 * 60_000), `checked_in_at ${ci.checked_in_at}`);
    expectError(await employerCheckIn(company, live.id, { token: et.token }), 409);
    assert.ok(within((await appAs(appA.id)).checked_in_at, nowMs(), 5 * 60_000));
  });

  test('employer check-in refusals: no token 401; students and staff 403; an employer only pending or not applied is refused', async () => {
    const et = await tokenOf(live.id, 'employers');
    expectError(await post(`/fairs/${live.id}/employer-checkins`, { json: { token: et.token } }), 401);
    for (const who of [s1, manager, viewer]) expectError(await employerCheckIn(who, live.id, { token: et.token }), 403);
    refused(await employerCheckIn(third, live.id, { token: et.token }), [403, 404, 409]);
    refused(await employerCheckIn(fourth, live.id, { token: et.token }), [403, 404, 409]);
    expectError(await employerCheckIn(company, MISSING, { token: et.token }), 404);
    assert.equal((await appAs(appC.id)).checked_in_at ?? null, null, 'a pending participant was checked in');
  });

  test('POST /admin/fair-applications/{id}/checkin: the office checks a participant in by hand', async () => {
    expectError(await officeCheckIn(appB.id, null), 401);
    for (const who of [rival, s1, viewer, counselor]) expectError(await officeCheckIn(appB.id, who.token), 403);
    expectError(await officeCheckIn(MISSING), 404);
    const res = await officeCheckIn(appB.id);
    const ci = checkApp(expectData(res));
    remember('office check-in', manager.id, res, /fair|check/i, appB.id);
    assert.ok(sameId(ci.id, appB.id));
    assert.match(String(ci.checked_in_at), ISO_OFFSET);
    assert.ok(within(ci.checked_in_at, nowMs(), 5 * 60_000));
    assert.match(String((await appAs(appB.id, rival.token)).checked_in_at), ISO_OFFSET);
  });

  test('a student signed up checks in with the pass-code: 201 with checked_in_at and checkin_method; mine follows; twice → 409', async () => {
    const res = await checkIn(s1.token, live.id, { code: live.checkin_code });
    const v = expectData(res, 201);
    remember('student check-in', s1.id, res, /fair|check/i);
    assert.match(String(v.checked_in_at), ISO_OFFSET);
    assert.ok(within(v.checked_in_at, nowMs(), 5 * 60_000), `checked_in_at ${v.checked_in_at}`);
    assert.equal(v.checkin_method, 'code');
    if (Object.hasOwn(v, 'student_id')) assert.ok(sameId(v.student_id, s1.s.id));
    if (Object.hasOwn(v, 'fair_id')) assert.ok(sameId(v.fair_id, live.id));
    assert.deepEqual((await fairAs(live.id, s1.token)).mine, { signed_up: true, checked_in: true });
    expectError(await checkIn(s1.token, live.id, { code: live.checkin_code }), 409);
    const t = await tokenOf(live.id, 'students');
    expectError(await checkIn(s1.token, live.id, { token: t.token }), 409);
  });

  test('a walk-in (sign-up not required) checks in with the students\' token: 201 qr; counted in signups and checkins', async () => {
    const before0 = await fairAs(live.id, manager.token);
    const t = await tokenOf(live.id, 'students');
    const v = expectData(await checkIn(s2.token, live.id, { token: t.token }), 201);
    assert.equal(v.checkin_method, 'qr');
    assert.match(String(v.checked_in_at), ISO_OFFSET);
    const after = await fairAs(live.id, s2.token);
    assert.deepEqual(after.mine, { signed_up: true, checked_in: true });
    assert.equal(after.signups, before0.signups + 1, 'a walk-in is not counted in signups');
    assert.equal(after.checkins, before0.checkins + 1);
  });

  test('a wrong pass-code → 422 code; the employers\' token, another fair\'s or a forged one → 422 token; nothing recorded', async () => {
    expectError(await checkIn(s4.token, live.id, { code: 'WRONG1' }), 422, 'code');
    expectError(await checkIn(s4.token, live.id, { code: strict.checkin_code }), 422, 'code');
    const et = await tokenOf(live.id, 'employers');
    expectError(await checkIn(s4.token, live.id, { token: et.token }), 422, 'token');
    const foreign = await tokenOf(other.id, 'students');
    expectError(await checkIn(s4.token, live.id, { token: foreign.token }), 422, 'token');
    const [n, mac] = splitToken((await tokenOf(live.id, 'students')).token);
    for (const token of [`${n + 1}.${mac}`, `${n - 5}.${mac}`, `${n}.`, 'nonsense']) expectError(await checkIn(s4.token, live.id, { token }), 422, 'token');
    expectError(await checkIn(s4.token, live.id, {}), 422);
    assert.deepEqual((await fairAs(live.id, s4.token)).mine, { signed_up: false, checked_in: false });
  });

  test('require_signup: a student who did not sign up → 409 (code and token); one who did checks in', async () => {
    expectError(await checkIn(s4.token, strict.id, { code: strict.checkin_code }), 409);
    const t = await tokenOf(strict.id, 'students');
    expectError(await checkIn(s4.token, strict.id, { token: t.token }), 409);
    assert.deepEqual((await fairAs(strict.id, s4.token)).mine, { signed_up: false, checked_in: false });
    const v = expectData(await checkIn(s1.token, strict.id, { token: t.token }), 201);
    assert.equal(v.checkin_method, 'qr');
    const f = await fairAs(strict.id, manager.token);
    assert.equal(f.signups, 1);
    assert.equal(f.checkins, 1);
  });

  test('student check-in refusals: no token 401; employers and staff 403; unknown fair 404; no student_id or method of one\'s own choosing', async () => {
    expectError(await checkIn(null, live.id, { code: live.checkin_code }), 401);
    for (const who of [company, manager, counselor]) expectError(await checkIn(who.token, live.id, { code: live.checkin_code }), 403);
    expectError(await checkIn(s5.token, MISSING, { code: 'X' }), 404);
    for (const [field, value] of Object.entries({ student_id: s4.s.id, checkin_method: 'manual', checked_in_at: cstIso(nowMs()) })) {
      expectError(await checkIn(s5.token, live.id, { code: live.checkin_code, [field]: value }), 422, field);
    }
    assert.equal((await fairAs(live.id, s5.token)).mine.checked_in, false);
    assert.equal((await fairAs(live.id, s4.token)).mine.checked_in, false);
  });

  test('once the fair has begun anyone reads the participants (participants_public false); a pending employer is not among them', async () => {
    const { data } = expectList(await participants(live.id));
    assert.deepEqual(data.map((p) => Number(p.employer_id)).sort(), [company.employer.id, rival.employer.id].map(Number).sort());
    const a = data.find((p) => sameId(p.employer_id, company.employer.id));
    assert.deepEqual(a.booth_numbers, ['A01', 'A02']);
    assert.equal(a.group, '综合');
    assert.deepEqual(sortedNums(ids(a.jobs)), sortedNums([cj1.id, cj2.id]));
  });

  test('resume delivery on site: POST /jobs/{id}/applications with fair_id for a job a participant brings; 422 fair_id for a job not at that fair or of a pending participant', async () => {
    const res = await deliver(s1.token, cj1.id, { resume_id: r1, fair_id: live.id });
    const app = expectData(res, 201);
    remember('resume delivery', s1.id, res, /appl|fair|deliver/i);
    if (Object.hasOwn(app, 'fair_id')) assert.ok(sameId(app.fair_id, live.id), `fair_id ${app.fair_id}`);
    assert.ok(sameId(app.job_id, cj1.id));
    expectError(await deliver(s2.token, cj3.id, { resume_id: r2, fair_id: live.id }), 422, 'fair_id'); // company's job it did not bring
    expectError(await deliver(s2.token, tj1.id, { resume_id: r2, fair_id: live.id }), 422, 'fair_id'); // third is only pending
    expectError(await deliver(s2.token, rj1.id, { resume_id: r2, fair_id: other.id }), 422, 'fair_id'); // rival is not at the other fair
    expectError(await deliver(s2.token, rj1.id, { resume_id: r2, fair_id: MISSING }), 422, 'fair_id');
    expectError(await deliver(s2.token, rj1.id, { resume_id: r2, fair_id: 'live' }), 422, 'fair_id');
    expectData(await deliver(s2.token, rj1.id, { resume_id: r2, fair_id: live.id }), 201);
    expectData(await deliver(s4.token, cj2.id, { resume_id: r4 }), 201); // not at the fair: not counted
    const list = expectList(await get(`/jobs/${cj1.id}/applications`, { token: company.token, query: { per_page: 200 } })).data;
    assert.ok(list.some((x) => sameId(x.id, app.id)), 'the employer does not see the application delivered at the fair');
  });

  test('GET /fairs/{id}/stats: the figures after the known sequence', async () => {
    const res = await get(`/fairs/${live.id}/stats`, { token: manager.token });
    const s = expectData(res);
    const pick = (o, keys) => Object.fromEntries(keys.map((k) => [k, o?.[k]]));
    const shown = {
      employers: pick(s.employers, ['applied', 'pending', 'approved', 'checked_in']),
      booths: pick(s.booths, ['total', 'taken', 'numbered']),
      jobs: pick(s.jobs, ['count', 'headcount']),
      students: pick(s.students, ['signed_up', 'checked_in']),
      resumes_delivered: s.resumes_delivered,
    };
    assert.deepEqual(shown, {
      employers: { applied: 3, pending: 1, approved: 2, checked_in: 2 },
      booths: { total: 10, taken: 3, numbered: 2 },
      jobs: { count: 3, headcount: cj1.body.headcount + cj2.body.headcount + rj1.body.headcount },
      students: { signed_up: 3, checked_in: 2 },
      resumes_delivered: 2,
    }, `stats: ${show(res)}`);
    const f = await fairAs(live.id, manager.token);
    assert.equal(f.signups, 3);
    assert.equal(f.checkins, 2);
    expectError(await get(`/fairs/${live.id}/stats`), 401);
    for (const who of [s1, company, viewer, counselor]) expectError(await get(`/fairs/${live.id}/stats`, { token: who.token }), 403);
    expectError(await get(`/fairs/${MISSING}/stats`, { token: manager.token }), 404);
  });

  test('GET /fairs/{id}/export: participants, jobs and visitors as CSV and xlsx', async () => {
    const csvOf = async (list) => {
      const res = await download(`/fairs/${live.id}/export`, { token: manager.token, query: { list, format: 'csv' } });
      assert.equal(res.status, 200, `export ${list}: ${res.status} ${res.text.slice(0, 300)}`);
      assert.match(String(res.headers.get('content-type')), /^text\/csv/i, `content-type ${res.headers.get('content-type')}`);
      const rows = parseCsv(res.text.replace(/^\uFEFF/, '')).filter((r) => r.some((c) => c !== ''));
      assert.ok(rows.length >= 2, `no header line and rows: ${res.text.slice(0, 300)}`);
      assert.ok(rows[0].length >= 2 && rows[0].every((c) => c.trim() !== ''), `the header line: ${rows[0]}`);
      return rows;
    };
    const has = (rows, text) => rows.slice(1).some((r) => r.some((c) => c.includes(text)));
    const parts = await csvOf('participants');
    assert.ok(has(parts, company.body.name), `the participants CSV lacks ${company.body.name}`);
    assert.ok(has(parts, rival.body.name));
    const pendingRow = parts.find((r) => r.some((c) => c.includes(third.body.name)));
    if (pendingRow) assert.ok(pendingRow.some((c) => /pending|待审/.test(c)), `a pending employer is exported as a participant without its state: ${pendingRow}`);
    const jobs = await csvOf('jobs');
    assert.ok(has(jobs, cj1.title) && has(jobs, rj1.title), 'the jobs CSV lacks a job');
    assert.ok(!has(jobs, tj1.title), 'a pending employer\'s job is exported');
    const visitors = await csvOf('visitors');
    for (const x of [s1, s2, s3]) assert.ok(has(visitors, x.s.student_no), `the visitors CSV lacks ${x.s.student_no}`);
    assert.ok(!has(visitors, s4.s.student_no), 'a student who neither signed up nor came is exported');

    const x = await download(`/fairs/${live.id}/export`, { token: manager.token, query: { list: 'participants', format: 'xlsx' } });
    assert.equal(x.status, 200, `xlsx: ${x.status} ${x.text.slice(0, 200)}`);
    remember('export', manager.id, x, /export/i);
    assert.equal(String(x.headers.get('content-type')).split(';')[0].trim(), XLSX_TYPE);
    assert.equal(x.buf.subarray(0, 2).toString('latin1'), 'PK', 'the xlsx is not a zip file');
    const sheet = readXlsx(x.buf);
    assert.ok(sheet.rows.some((r) => r.some((c) => String(c).includes(company.body.name))), 'the xlsx lacks the participant');
    for (const list of ['jobs', 'visitors']) {
      const y = await download(`/fairs/${live.id}/export`, { token: manager.token, query: { list, format: 'xlsx' } });
      assert.equal(y.status, 200, `xlsx ${list}: ${y.status}`);
      assert.equal(y.buf.subarray(0, 2).toString('latin1'), 'PK');
    }
    expectError(await get(`/fairs/${live.id}/export`, { token: manager.token, query: { list: 'students', format: 'csv' } }), 422, 'list');
    expectError(await get(`/fairs/${live.id}/export`, { token: manager.token, query: { list: 'jobs', format: 'pdf' } }), 422, 'format');
    expectError(await get(`/fairs/${live.id}/export`, { query: { list: 'jobs', format: 'csv' } }), 401);
    for (const who of [s1, company, viewer, counselor]) expectError(await get(`/fairs/${live.id}/export`, { token: who.token, query: { list: 'jobs', format: 'csv' } }), 403);
    expectError(await get(`/fairs/${MISSING}/export`, { token: manager.token, query: { list: 'jobs', format: 'csv' } }), 404);
  });

  test('the students\' token rotates: one of the previous period is still accepted, one two periods old is not (up to 70 s)', async () => {
    const first = await tokenOf(live.id, 'students');
    // Polls until the current token differs from `than` (the period rolled over).
    const nextToken = async (than) => {
      for (let i = 0; i < 40; i++) {
        const t = await tokenOf(live.id, 'students');
        if (t.token !== than) return t;
        await new Promise((resolve) => { setTimeout(resolve, 1000); });
      }
      assert.fail(`the check-in token ${than} did not change within 40 s`);
    };
    const second = await nextToken(first.token);
    assert.equal(splitToken(second.token)[0], splitToken(first.token)[0] + 1, 'the token changed but not to the next period');
    expectData(await checkIn(s5.token, live.id, { token: first.token }), 201);
    await nextToken(second.token);
    expectError(await checkIn(s4.token, live.id, { token: first.token }), 422, 'token');
    assert.equal((await fairAs(live.id, s4.token)).mine.checked_in, false);
  });
});

describe('a fair that is over (moved into the past in the database)', () => {
  test('sign-up 409, student check-in 409 (more than an hour after the end), employer check-in 409; it leaves GET /fairs and is listed with past=1; resumes are delivered until a day after the end', async () => {
    const [x, y] = await studentsWithAccounts(admin.token, major, 2);
    const f = await newFair({ title: `已结束${RUN}`, require_signup: false }, 3);
    const a = await newApp(company, f.id, [cj1.id, cj2.id]);
    await approve(a.id);
    // No route moves a fair into the past: shift its times back so that it ended two hours ago.
    const shift = Math.round((Date.parse(f.starts_at) - (nowMs() - 9 * 3600_000)) / 1000);
    rootSql(`UPDATE fairs SET starts_at = starts_at - INTERVAL ${shift} SECOND, ends_at = ends_at - INTERVAL ${shift} SECOND, `
      + `apply_until = apply_until - INTERVAL ${shift} SECOND WHERE id = ${f.id}`);
    const moved = await fairAs(f.id, manager.token);
    assert.ok(within(moved.ends_at, nowMs() - 2 * 3600_000, 120_000), `the fair was not moved: ends_at ${moved.ends_at}`);
    expectError(await signUp(x.token, f.id), 409);
    expectError(await checkIn(x.token, f.id, { code: f.checkin_code }), 409);
    const st = await tokenOf(f.id, 'students').catch(() => null);
    if (st) expectError(await checkIn(x.token, f.id, { token: st.token }), 409);
    const et = await tokenOf(f.id, 'employers').catch(() => null);
    if (et) expectError(await employerCheckIn(company, f.id, { token: et.token }), 409);
    const seen = await fairAs(f.id, manager.token);
    assert.equal(seen.signups, 0);
    assert.equal(seen.checkins, 0);
    assert.deepEqual(ids(await listFairs(undefined, { q: f.title })), [], 'a fair that is over is listed');
    assert.deepEqual(ids(await listFairs(undefined, { q: f.title, past: 1 })), [f.id]);

    // resumes delivered on site are taken until a day after the end
    const rx = await newResume(x.token);
    const ry = await newResume(y.token);
    expectData(await deliver(x.token, cj1.id, { resume_id: rx, fair_id: f.id }), 201);
    rootSql(`UPDATE fairs SET starts_at = starts_at - INTERVAL 1 DAY, ends_at = ends_at - INTERVAL 1 DAY, apply_until = apply_until - INTERVAL 1 DAY WHERE id = ${f.id}`);
    expectError(await deliver(y.token, cj2.id, { resume_id: ry, fair_id: f.id }), 422, 'fair_id');
    assert.equal((await statsOf(f.id)).resumes_delivered, 1);
  });
});

describe('requests at once', () => {
  test('one booth left, two pending applications of one booth approved at once → one 200, one 409; booths_taken = booths', async () => {
    const f = await newFair({ booths: 3, max_booths: 2 }, 10);
    const big = await newApp(company, f.id, [cj1.id], { booths: 2 });
    await approve(big.id);
    const y = await newApp(rival, f.id, [rj1.id], { booths: 1 });
    const z = await newApp(third, f.id, [tj1.id], { booths: 1 });
    const answers = await Promise.all([y, z].map((x) => review(x.id, { decision: 'approve' })));
    expectTally(answers, { 200: 1, 409: 1 });
    expectError(answers.find((r) => r.status === 409), 409);
    assert.deepEqual(await boothsOf(f.id), { booths: 3, taken: 3, left: 0 });
    const states = [(await appAs(y.id)).state, (await appAs(z.id)).state].sort();
    assert.deepEqual(states, ['approved', 'pending']);
    assert.equal(rootSql(`SELECT booths_taken FROM fairs WHERE id = ${f.id}`), '3');
  });

  test('eight approvals of one application at once → exactly one 200; its booths counted once', async () => {
    const f = await newFair({ booths: 10, max_booths: 3 }, 10);
    const a = await newApp(fourth, f.id, [fj1.id], { booths: 3 });
    const answers = await Promise.all(Array.from({ length: 8 }, () => review(a.id, { decision: 'approve' })));
    expectTally(answers, { 200: 1, 409: 7 });
    for (const r of answers.filter((x) => x.status === 409)) expectError(r, 409);
    assert.deepEqual(await boothsOf(f.id), { booths: 10, taken: 3, left: 7 });
    assert.equal((await appAs(a.id)).state, 'approved');
  });

  test('one booth number asked for by two applications at once → one 200, one 409; the number is held once', async () => {
    const f = await newFair({ booths: 10 }, 10);
    const y = await newApp(rival, f.id, [rj1.id]);
    const z = await newApp(third, f.id, [tj1.id]);
    await approve(y.id);
    await approve(z.id);
    const answers = await Promise.all([y, z].map((x) => setBooths(x.id, { booth_numbers: ['K01'], zone: 'K' })));
    expectTally(answers, { 200: 1, 409: 1 });
    const rows = expectList(await applicationsOf(f.id)).data;
    assert.deepEqual(rows.flatMap((r) => r.booth_numbers), ['K01'], `numbers held: ${JSON.stringify(rows.map((r) => r.booth_numbers))}`);
  });

  test('a student signing up twice at once → one 201, one 409; signups = 1', async () => {
    const f = await newFair({}, 10);
    const [x] = await studentsWithAccounts(admin.token, major, 1);
    const answers = await Promise.all([signUp(x.token, f.id), signUp(x.token, f.id)]);
    expectTally(answers, { 201: 1, 409: 1 });
    assert.equal((await fairAs(f.id)).signups, 1);
  });
});

describe('audit log', () => {
  test('every write (fair, cancel, application, review, withdraw, booths, check-ins, sign-up, delivery) and every export is in the audit log with its actor', async () => {
    await expectAudited(superadmin.token, audited, ['fair create', 'fair update', 'fair cancel', 'application create', 'review approve', 'review reject', 'withdraw',
      'booths batch', 'booths set', 'employer check-in', 'office check-in', 'sign-up', 'student check-in', 'resume delivery', 'export']);
  });
});
