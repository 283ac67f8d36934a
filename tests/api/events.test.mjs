// tests/api/events.test.mjs: career events, venues and employers' info sessions (docs/events.md,
// seed manual §3.2, §4.5). The office (admins holding events.manage) keeps the venues and
// publishes its own events at once; an approved employer applies for an info session, which the
// office approves (moving it to a real room), rejects or later cancels, each with a 409 for any
// other move. A real venue never holds two approved events whose times overlap (a 待定
// placeholder holds any number); students sign up inside the window while seats last and check
// in with the pass-code or the rotating QR token. The seat and the room are each fought over by
// requests fired at once: exactly one wins. Times are built relative to now (China time), so the
// suite runs any day; the check-in tests make events that start some 25 seconds after they are
// made and wait for the start, the token-rotation test waits for two 30-second periods, and one
// test moves an event into the past through the database (no route can), so the file takes
// about a minute and a half.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  ISO_OFFSET, RUN, apiAccount, cliAccount, createMajor, expectAudited, expectData, expectError, expectList,
  get, post, put, rootSql, sameId, show,
} from './lib.mjs';
import { daysFromToday, staffWith } from './records.mjs';
import { registered } from './recruitment.mjs';
import {
  approvedEmployer, at, atLocal, cstIso, eventBody, inSeconds, listEvents, passCode, placeholders,
  sameInstant, sessionBody, studentsWithAccounts, venueBody, waitUntil,
} from './events.mjs';

const MISSING = 2_000_000_000; // an id no record has

let admin; // CLI admin: every permission item
let superadmin; // reads the audit log
let manager; // an admin holding events.manage only: the office in these tests
let viewer; // an admin holding students.view only (no events.manage)
let counselor; // staff, not the office
let major;
let stu; // a student with an account: {s, token, id}
let company; // an approved employer: {employer, token, body, hr}
let rival; // another approved employer
let pendingCo; // an employer still waiting for approval
let tbdSmall; // the placeholder 待定（100人）
let tbdLarge; // the placeholder 待定（300人）

// Writes whose audit entries the last test looks up: {label, actor, res, target, action}.
const audited = [];
const remember = (label, actor, res, action, target) => audited.push({ label, actor, res, action, target });

before(async () => {
  admin = await cliAccount('admin');
  superadmin = await cliAccount('superadmin');
  manager = await staffWith(admin.token, 'admin', ['events.manage']);
  viewer = await staffWith(admin.token, 'admin', ['students.view']);
  counselor = await apiAccount(admin.token, { role: 'counselor', major_ids: [] }, { login: true });
  major = await createMajor(admin.token, { college: `活动学院${RUN}`, name: `活动专业${RUN}` });
  [stu] = await studentsWithAccounts(admin.token, major, 1);
  company = await approvedEmployer(admin.token);
  rival = await approvedEmployer(admin.token);
  pendingCo = await registered();
  const tbd = (await placeholders(manager.token)).sort((a, b) => a.capacity - b.capacity);
  tbdSmall = tbd.find((v) => v.name === '待定（100人）') ?? tbd[0];
  tbdLarge = tbd.find((v) => v.name === '待定（300人）') ?? tbd.at(-1);
});

/* ---------- calls ---------- */

const newVenue = async (over = {}) => expectData(await post('/venues', { token: manager.token, json: venueBody(over) }), 201);
const createEvent = (json, token = manager.token) => post('/events', { token, json });
const newEvent = async (over = {}, days = 1) => expectData(await createEvent(eventBody(over, days)), 201);
const apply = (token, json) => post('/sessions', { token, json });
const newSession = async (c, venueId, over = {}, days = 2) => expectData(await apply(c.token, sessionBody(venueId, over, days)), 201);
const review = (id, json, token = manager.token) => post(`/admin/events/${id}/review`, { token, json });
const approve = async (id, extra = {}) => expectData(await review(id, { decision: 'approve', ...extra }));
const signUp = (token, id) => post(`/events/${id}/signups`, { token });
const cancelSignUp = (token, id) => post(`/events/${id}/signups/cancel`, { token });
const checkIn = (token, id, json) => post(`/events/${id}/checkins`, { token, json });
const eventAs = async (id, token) => expectData(await get(`/events/${id}`, { token }));
const tokenOf = async (id, token = manager.token) => expectData(await get(`/events/${id}/checkin-token`, { token }));
const ids = (rows) => rows.map((r) => r.id);
const tally = (answers) => answers.reduce((t, r) => ({ ...t, [r.status]: (t[r.status] || 0) + 1 }), {});
const nowMs = () => Date.now();

/* ---------- shapes ---------- */

const EVENT_KEYS = ['id', 'kind', 'category', 'title', 'description', 'venue_id', 'venue', 'starts_at', 'ends_at',
  'signup_from', 'signup_until', 'capacity', 'signups', 'checkins', 'require_signup', 'status', 'review_reason',
  'created_at', 'updated_at'];

function checkEvent(e) {
  for (const k of EVENT_KEYS) assert.ok(Object.hasOwn(e, k), `event lacks "${k}": ${JSON.stringify(e)}`);
  assert.ok(Number.isInteger(e.id), `id: ${e.id}`);
  assert.ok(['event', 'info_session'].includes(e.kind), `kind: ${e.kind}`);
  assert.ok(['pending', 'approved', 'rejected', 'cancelled'].includes(e.status), `status: ${e.status}`);
  for (const k of ['starts_at', 'ends_at', 'created_at', 'updated_at']) assert.match(String(e[k]), ISO_OFFSET, `${k}: ${e[k]}`);
  // The window's defaults are checked by their own test; here null (not given) passes.
  for (const k of ['signup_from', 'signup_until']) if (e[k] !== null) assert.match(String(e[k]), ISO_OFFSET, `${k}: ${e[k]}`);
  for (const k of ['capacity', 'signups', 'checkins']) assert.ok(Number.isInteger(e[k]) && e[k] >= 0, `${k}: ${e[k]}`);
  assert.equal(typeof e.require_signup, 'boolean', `require_signup: ${e.require_signup}`);
  if (e.kind === 'info_session') {
    assert.ok(Object.hasOwn(e, 'employer_id') && Object.hasOwn(e, 'employer_name'), `an info session without its employer: ${JSON.stringify(e)}`);
  } else {
    assert.ok(e.employer_id === null || e.employer_id === undefined, `an office event with employer_id ${e.employer_id}`);
  }
  return e;
}

// A row of a list (GET /events, GET /sessions): the fields a list shows.
const ROW_KEYS = ['id', 'kind', 'category', 'title', 'venue_id', 'venue', 'starts_at', 'ends_at', 'capacity', 'signups', 'checkins', 'status'];
function checkRow(e) {
  for (const k of ROW_KEYS) assert.ok(Object.hasOwn(e, k), `list row lacks "${k}": ${JSON.stringify(e)}`);
  assert.ok(Number.isInteger(e.id));
  for (const k of ['starts_at', 'ends_at']) assert.match(String(e[k]), ISO_OFFSET, `${k}: ${e[k]}`);
  if (e.kind === 'info_session') assert.ok(Object.hasOwn(e, 'employer_id') && Object.hasOwn(e, 'employer_name'), `a session row without its employer: ${JSON.stringify(e)}`);
  return e;
}

// Sends each [over, field] case and collects those not answered 422 naming `field`; asserts none.
async function refusesEach(cases, send) {
  const wrong = [];
  for (const [over, field] of cases) {
    const res = await send(over);
    if (res.status === 422 && res.body?.error?.field === field) expectError(res, 422, field);
    else wrong.push(`${JSON.stringify(over)} → ${res.status} ${res.text.slice(0, 160)} (expected 422 naming ${field})`);
  }
  assert.deepEqual(wrong, [], 'bodies not refused with 422 naming the field');
}

function checkVenue(v) {
  for (const k of ['id', 'name', 'campus', 'address', 'capacity', 'to_be_decided', 'active']) {
    assert.ok(Object.hasOwn(v, k), `venue lacks "${k}": ${JSON.stringify(v)}`);
  }
  assert.ok(Number.isInteger(v.id));
  assert.ok(Number.isInteger(v.capacity));
  assert.equal(typeof v.to_be_decided, 'boolean', `to_be_decided: ${v.to_be_decided}`);
  assert.equal(typeof v.active, 'boolean', `active: ${v.active}`);
  return v;
}

// A 409 that names the event that holds the room (by title or id).
function namesHolder(res, holder) {
  const err = expectError(res, 409);
  assert.ok(err.message.includes(holder.title) || err.message.includes(String(holder.id)),
    `the 409 does not name the event holding the room (${holder.id} ${holder.title}): ${show(res)}`);
}

// Asserts the answer text never shows `code` (a pass-code kept from students and the public).
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

const within = (iso, ms, spread = 10 * 60_000) => Math.abs(Date.parse(iso) - ms) < spread;

/* ================================================================ */

describe('venues (场地管理)', () => {
  test('the seeded placeholders 待定（100人） and 待定（300人） are listed, to_be_decided', async () => {
    for (const v of [tbdSmall, tbdLarge]) checkVenue(v);
    assert.equal(tbdSmall.name, '待定（100人）');
    assert.equal(tbdSmall.capacity, 100);
    assert.equal(tbdLarge.name, '待定（300人）');
    assert.equal(tbdLarge.capacity, 300);
    assert.equal(tbdSmall.to_be_decided, true);
    assert.equal(tbdLarge.to_be_decided, true);
  });

  test('POST /venues: 201 the venue; staff and employers list it; 409 on a taken name', async () => {
    const body = venueBody({ capacity: 150 });
    const res = await post('/venues', { token: manager.token, json: body });
    const v = expectData(res, 201);
    remember('venue create', manager.id, res, /venue/, v.id);
    checkVenue(v);
    for (const k of ['name', 'campus', 'address', 'capacity']) assert.equal(v[k], body[k], k);
    assert.equal(v.to_be_decided, false);
    assert.equal(v.active, true);
    for (const who of [manager, viewer, counselor, company]) {
      const { data, meta } = expectList(await get('/venues', { token: who.token, query: { q: body.name } }));
      assert.deepEqual(ids(data), [v.id], `GET /venues?q= as ${who.username ?? 'the employer'}`);
      assert.equal(meta.total, 1);
    }
    expectError(await post('/venues', { token: manager.token, json: venueBody({ name: body.name }) }), 409);
    const tbd = checkVenue(expectData(await post('/venues', { token: manager.token, json: venueBody({ name: `待定（50人）${RUN}`, capacity: 50, to_be_decided: true }) }), 201));
    assert.equal(tbd.to_be_decided, true);
  });

  test('PUT /venues/{id}: any field and active; an inactive venue is listed with all=1 to staff only; 409 on a taken name', async () => {
    const a = await newVenue();
    const b = await newVenue();
    const res = await put(`/venues/${a.id}`, { token: manager.token, json: { capacity: 80, address: '图书馆报告厅', campus: '鼓楼校区' } });
    const edited = checkVenue(expectData(res));
    remember('venue update', manager.id, res, /venue/, a.id);
    assert.equal(edited.capacity, 80);
    assert.equal(edited.address, '图书馆报告厅');
    assert.equal(edited.campus, '鼓楼校区');
    assert.equal(edited.name, a.name);
    expectError(await put(`/venues/${a.id}`, { token: manager.token, json: { name: b.name } }), 409);
    const renamed = expectData(await put(`/venues/${a.id}`, { token: manager.token, json: { name: `${a.name}新` } }));
    assert.equal(renamed.name, `${a.name}新`);
    const off = checkVenue(expectData(await put(`/venues/${a.id}`, { token: manager.token, json: { active: false } })));
    assert.equal(off.active, false);
    const listed = async (token, query) => ids(expectList(await get('/venues', { token, query: { q: renamed.name, ...query } })).data);
    assert.deepEqual(await listed(manager.token), [], 'an inactive venue is listed without all=1');
    assert.deepEqual(await listed(manager.token, { all: 1 }), [a.id]);
    assert.deepEqual(await listed(company.token, { all: 1 }), [], 'an employer sees an inactive venue');
    expectError(await put(`/venues/${MISSING}`, { token: manager.token, json: { capacity: 10 } }), 404);
  });

  test('bad fields → 422 naming each', async () => {
    const v = await newVenue();
    const missing = venueBody();
    delete missing.name;
    expectError(await post('/venues', { token: manager.token, json: missing }), 422, 'name');
    const bad = { name: '', capacity: 0, to_be_decided: 'yes', floor: 3, id: 5 };
    for (const [field, value] of Object.entries(bad)) {
      expectError(await post('/venues', { token: manager.token, json: venueBody({ [field]: value }) }), 422, field);
    }
    expectError(await post('/venues', { token: manager.token, json: venueBody({ capacity: 'many' }) }), 422, 'capacity');
    expectError(await post('/venues', { token: manager.token, json: venueBody({ capacity: -1 }) }), 422, 'capacity');
    for (const [field, value] of Object.entries({ capacity: 0, active: 'no', floor: 3 })) {
      expectError(await put(`/venues/${v.id}`, { token: manager.token, json: { [field]: value } }), 422, field);
    }
  });

  test('refusals: no token 401; students 403; writes 403 to employers, counselors and staff without events.manage', async () => {
    const v = await newVenue();
    expectError(await get('/venues'), 401);
    expectError(await post('/venues', { json: venueBody() }), 401);
    expectError(await put(`/venues/${v.id}`, { json: { capacity: 10 } }), 401);
    expectError(await get('/venues', { token: stu.token }), 403);
    for (const who of [stu, company, counselor, viewer]) {
      expectError(await post('/venues', { token: who.token, json: venueBody() }), 403);
      expectError(await put(`/venues/${v.id}`, { token: who.token, json: { capacity: 10 } }), 403);
    }
    assert.equal(expectData(await put(`/venues/${v.id}`, { token: admin.token, json: { capacity: 99 } })).capacity, 99, 'a CLI admin holds events.manage');
  });
});

describe('events the office creates', () => {
  test('POST /events with a venue id: 201 approved, every field as sent, the venue shown by name; the pass-code hidden from others', async () => {
    const v = await newVenue({ capacity: 120 });
    const body = eventBody({ venue: v.id }, 3);
    delete body.signup_from;
    delete body.signup_until;
    const res = await createEvent(body);
    const e = expectData(res, 201);
    remember('event create', manager.id, res, /event/, e.id);
    checkEvent(e);
    assert.equal(e.kind, 'event');
    assert.equal(e.status, 'approved');
    for (const k of ['title', 'category', 'description', 'capacity', 'require_signup', 'checkin_code']) assert.equal(e[k], body[k], k);
    assert.ok(sameId(e.venue_id, v.id), `venue_id ${e.venue_id}`);
    assert.equal(e.venue, v.name);
    assert.ok(sameInstant(e.starts_at, body.starts_at), `starts_at ${e.starts_at}`);
    assert.ok(sameInstant(e.ends_at, body.ends_at), `ends_at ${e.ends_at}`);
    assert.equal(e.signups, 0);
    assert.equal(e.checkins, 0);
    assert.equal(e.review_reason ?? null, null);

    const pub = await get(`/events/${e.id}`);
    const seen = checkEvent(expectData(pub));
    assert.equal(seen.title, body.title);
    assert.equal(seen.mine, undefined, 'the public gets "mine"');
    hidesCode(pub, body.checkin_code);
    const asStudent = await get(`/events/${e.id}`, { token: stu.token });
    hidesCode(asStudent, body.checkin_code);
    assert.deepEqual(expectData(asStudent).mine, { signed_up: false, checked_in: false });
    hidesCode(await get(`/events/${e.id}`, { token: company.token }), body.checkin_code);
    assert.equal(expectData(await get(`/events/${e.id}`, { token: manager.token })).checkin_code, body.checkin_code);
  });

  test('the sign-up window defaults: signup_until to starts_at, signup_from to now', async () => {
    const body = eventBody({ venue: '线上（腾讯会议）' }, 3);
    delete body.signup_from;
    delete body.signup_until;
    const made = Date.now();
    const e = expectData(await createEvent(body), 201);
    for (const shown of [e, await eventAs(e.id)]) {
      assert.ok(sameInstant(shown.signup_until, body.starts_at), `signup_until does not default to the start ${body.starts_at}: ${shown.signup_until}`);
      assert.ok(typeof shown.signup_from === 'string' && within(shown.signup_from, made), `signup_from does not default to now: ${shown.signup_from}`);
    }
  });

  test('venue_id, free text elsewhere, the venue\'s capacity by default, sign-up window as given, a time without offset is China time', async () => {
    const v = await newVenue({ capacity: 77 });
    const byId = expectData(await createEvent(eventBody({ venue_id: v.id, capacity: undefined }, 3)), 201);
    assert.ok(sameId(byId.venue_id, v.id));
    assert.equal(byId.venue, v.name);
    assert.equal(byId.capacity, 77, 'capacity does not default to the venue\'s');

    const free = expectData(await createEvent(eventBody({ venue: '校外：南京国际博览中心', capacity: 500 }, 3)), 201);
    assert.equal(free.venue_id ?? null, null);
    assert.equal(free.venue, '校外：南京国际博览中心');
    assert.equal(free.capacity, 500);

    const windowed = expectData(await createEvent(eventBody({ venue: '线上（腾讯会议）', signup_from: at(1, 8), signup_until: at(2, 20) }, 3)), 201);
    assert.ok(sameInstant(windowed.signup_from, at(1, 8)), `signup_from ${windowed.signup_from}`);
    assert.ok(sameInstant(windowed.signup_until, at(2, 20)), `signup_until ${windowed.signup_until}`);

    const local = expectData(await createEvent(eventBody({ venue: '线上（腾讯会议）', starts_at: atLocal(3, 9), ends_at: atLocal(3, 11, 30) })), 201);
    assert.ok(sameInstant(local.starts_at, at(3, 9)), `9:00 without an offset is not 9:00 China time: ${local.starts_at}`);
    assert.ok(sameInstant(local.ends_at, at(3, 11, 30)), `ends_at ${local.ends_at}`);
  });

  test('bad fields → 422 naming each', async () => {
    const v = await newVenue({ capacity: 100 });
    const base = (over = {}) => eventBody({ venue: '线上（腾讯会议）', ...over }, 4);
    const atV = { venue: undefined, venue_id: v.id };
    await refusesEach(['title', 'starts_at', 'ends_at'].map((f) => [{ [f]: undefined }, f]), (over) => createEvent(base(over)));
    const cases = [
      [{ title: '' }, 'title'],
      [{ starts_at: at(4, 16), ends_at: at(4, 14) }, 'ends_at'],
      [{ starts_at: at(4, 14), ends_at: at(4, 14) }, 'ends_at'],
      [{ starts_at: '明天下午两点' }, 'starts_at'],
      [{ ends_at: `${daysFromToday(4)}T25:00:00+08:00` }, 'ends_at'],
      [{ signup_from: 'soon' }, 'signup_from'],
      [{ starts_at: at(-1, 14), ends_at: at(-1, 16) }, 'starts_at'],
      [{ signup_until: at(4, 15) }, 'signup_until'],
      [{ capacity: 0 }, 'capacity'],
      [{ capacity: -3 }, 'capacity'],
      [{ ...atV, capacity: 101 }, 'capacity'],
      [{ capacity: 100_001 }, 'capacity'],
      [{ capacity: 'fifty' }, 'capacity'],
      [{ require_signup: 'yes' }, 'require_signup'],
      [{ venue: undefined, venue_id: MISSING }, 'venue_id'],
      [{ status: 'pending' }, 'status'],
      [{ signups: 5 }, 'signups'],
      [{ employer_id: 1 }, 'employer_id'],
      [{ speaker: '张老师' }, 'speaker'],
    ];
    await refusesEach(cases, (over) => createEvent(base(over)));
    assert.equal(expectData(await createEvent(eventBody({ venue: '校外体育馆', capacity: 100_000 }, 4)), 201).capacity, 100_000);
  });

  test('refusals: no token 401; students, employers, counselors, staff without events.manage 403; an unknown event 404', async () => {
    expectError(await createEvent(eventBody({ venue: '线上' }), null), 401);
    for (const who of [stu, company, counselor, viewer]) expectError(await createEvent(eventBody({ venue: '线上' }), who.token), 403);
    expectError(await get(`/events/${MISSING}`), 404);
    expectError(await get(`/events/${MISSING}`, { token: manager.token }), 404);
  });

  test('PUT /events/{id}: the event as changed; bad fields 422; refusals', async () => {
    const v = await newVenue({ capacity: 60 });
    const e = await newEvent({ venue: v.id, capacity: 40 }, 5);
    const res = await put(`/events/${e.id}`, { token: manager.token, json: { title: `${e.title}（更新）`, capacity: 60, starts_at: at(5, 15), ends_at: at(5, 17), description: '地点不变，时间推迟一小时。' } });
    const edited = expectData(res);
    remember('event update', manager.id, res, /event/, e.id);
    checkEvent(edited);
    assert.equal(edited.title, `${e.title}（更新）`);
    assert.equal(edited.capacity, 60);
    assert.equal(edited.description, '地点不变，时间推迟一小时。');
    assert.ok(sameInstant(edited.starts_at, at(5, 15)));
    assert.ok(sameInstant(edited.ends_at, at(5, 17)));
    assert.equal(edited.status, 'approved');
    assert.equal(expectData(await get(`/events/${e.id}`)).title, `${e.title}（更新）`);
    const moved = expectData(await put(`/events/${e.id}`, { token: manager.token, json: { venue: '线上（腾讯会议）', capacity: 300 } }));
    assert.equal(moved.venue, '线上（腾讯会议）');
    assert.equal(moved.venue_id ?? null, null);
    assert.equal(moved.capacity, 300);

    const e2 = await newEvent({ venue_id: v.id, capacity: 10 }, 5);
    const tiny = await newVenue({ capacity: 5 });
    await refusesEach([
      [{ capacity: 61 }, 'capacity'], [{ capacity: 0 }, 'capacity'], [{ ends_at: at(5, 13) }, 'ends_at'],
      [{ starts_at: 'tomorrow' }, 'starts_at'], [{ venue_id: MISSING }, 'venue_id'], [{ title: '' }, 'title'],
      [{ status: 'cancelled' }, 'status'], [{ checkins: 3 }, 'checkins'], [{ speaker: 'x' }, 'speaker'],
      [{ venue: undefined, venue_id: tiny.id }, 'capacity'],
    ], (json) => put(`/events/${e2.id}`, { token: manager.token, json }));
    assert.equal(expectData(await get(`/events/${e2.id}`)).capacity, 10, 'a refused edit changed the event');

    expectError(await put(`/events/${e2.id}`, { json: { capacity: 5 } }), 401);
    for (const who of [stu, company, counselor, viewer]) expectError(await put(`/events/${e2.id}`, { token: who.token, json: { capacity: 5 } }), 403);
    expectError(await put(`/events/${MISSING}`, { token: manager.token, json: { capacity: 5 } }), 404);
    // the sign-up window closes no later than the start (e2 starts at 14:00)
    await refusesEach([[{ signup_until: at(5, 15) }, 'signup_until']], (json) => put(`/events/${e2.id}`, { token: manager.token, json }));
  });

  test('GET /events: approved events not yet ended, soonest first; category, kind, q, employer_id, from, to, status', async () => {
    const tag = `列表${RUN}`;
    const v = await newVenue();
    const late = await newEvent({ title: `${tag}晚场`, category: `类别${RUN}`, venue: v.id }, 7);
    const early = await newEvent({ title: `${tag}早场`, venue: v.id }, 6);
    const sess = await newSession(company, tbdLarge.id, { title: `${tag}宣讲`, starts_at: at(6, 18), ends_at: at(6, 20) });
    await approve(sess.id);
    const pend = await newSession(company, tbdLarge.id, { title: `${tag}待审` }, 6);
    const res = await get('/events', { query: { q: tag, per_page: 200 } });
    const { data, meta } = expectList(res);
    data.forEach(checkRow);
    assert.deepEqual(ids(data), [early.id, sess.id, late.id], 'not soonest first, or a pending session listed');
    assert.equal(meta.total, 3);
    hidesCode(res, early.checkin_code);
    assert.deepEqual(ids(await listEvents(stu.token, { q: tag })), [early.id, sess.id, late.id]);
    assert.deepEqual(ids(await listEvents(undefined, { q: tag, category: `类别${RUN}` })), [late.id]);
    assert.deepEqual(ids(await listEvents(undefined, { q: tag, kind: 'info_session' })), [sess.id]);
    assert.deepEqual(ids(await listEvents(undefined, { q: tag, kind: 'event' })), [early.id, late.id]);
    assert.deepEqual(ids(await listEvents(undefined, { q: tag, employer_id: company.employer.id })), [sess.id]);
    assert.deepEqual(ids(await listEvents(undefined, { q: tag, employer_id: rival.employer.id })), []);
    assert.deepEqual(ids(await listEvents(undefined, { q: tag, from: daysFromToday(7) })), [late.id]);
    assert.deepEqual(ids(await listEvents(undefined, { q: tag, to: daysFromToday(6) })), [early.id, sess.id]);
    assert.deepEqual(ids(await listEvents(undefined, { q: tag, from: daysFromToday(6), to: daysFromToday(6) })), [early.id, sess.id]);
    const page = expectList(await get('/events', { query: { q: tag, per_page: 2, page: 2 } }));
    assert.deepEqual(ids(page.data), [late.id]);
    assert.equal(page.meta.total, 3);
    assert.deepEqual(ids(await listEvents(manager.token, { q: tag, status: 'pending' })), [pend.id], 'the office filters by status');
    const sneak = await get('/events', { token: stu.token, query: { q: tag, status: 'pending' } });
    if (sneak.status === 200) assert.ok(sneak.body.data.every((e) => e.status === 'approved'), `a student sees pending events: ${show(sneak)}`);
    else assert.ok([403, 422].includes(sneak.status), show(sneak));
  });
});

describe('info sessions (宣讲会)', () => {
  test('an approved employer applies: 201 pending; the employer and the office see it; 404 to the public, students and other employers', async () => {
    const body = sessionBody(tbdLarge.id, { capacity: 150 });
    const res = await apply(company.token, body);
    const s = expectData(res, 201);
    remember('session apply', company.hr, res, /session|event|apply/, s.id);
    checkEvent(s);
    assert.equal(s.kind, 'info_session');
    assert.equal(s.status, 'pending');
    assert.ok(sameId(s.employer_id, company.employer.id), `employer_id ${s.employer_id}`);
    assert.equal(s.employer_name, company.body.name);
    assert.ok(sameId(s.venue_id, tbdLarge.id));
    assert.equal(s.venue, tbdLarge.name);
    for (const k of ['title', 'description', 'capacity']) assert.equal(s[k], body[k], k);
    assert.ok(sameInstant(s.starts_at, body.starts_at));
    assert.ok(sameInstant(s.ends_at, body.ends_at));
    assert.equal(s.signups, 0);
    assert.ok(Object.hasOwn(s, 'checkin_code'), 'the session\'s employer is not shown checkin_code');
    assert.equal(expectData(await get(`/events/${s.id}`, { token: company.token })).status, 'pending');
    assert.equal(expectData(await get(`/events/${s.id}`, { token: manager.token })).status, 'pending');
    expectError(await get(`/events/${s.id}`), 404);
    expectError(await get(`/events/${s.id}`, { token: stu.token }), 404);
    expectError(await get(`/events/${s.id}`, { token: rival.token }), 404);
    assert.deepEqual(ids(await listEvents(undefined, { q: body.title })), []);
    expectError(await signUp(stu.token, s.id), 404);
  });

  test('capacity defaults to the venue\'s and may not exceed a real venue\'s; bad fields → 422 naming each; no status or employer_id', async () => {
    const dflt = await newSession(company, tbdSmall.id, { capacity: undefined });
    assert.equal(dflt.capacity, tbdSmall.capacity);
    const room = await newVenue({ capacity: 60 });
    const atRoom = await newSession(company, room.id, { capacity: 60 }, 3);
    assert.equal(atRoom.capacity, 60);
    assert.equal(atRoom.venue, room.name);
    await refusesEach(['title', 'starts_at', 'ends_at'].map((f) => [{ [f]: undefined }, f]), (over) => apply(company.token, sessionBody(tbdLarge.id, over, 3)));
    const cases = [
      [{ venue_id: room.id, capacity: 61 }, 'capacity'],
      [{ capacity: 0 }, 'capacity'],
      [{ capacity: 100_001 }, 'capacity'],
      [{ starts_at: at(3, 16), ends_at: at(3, 14) }, 'ends_at'],
      [{ starts_at: '下周三' }, 'starts_at'],
      [{ ends_at: '2026/09/01 16:00' }, 'ends_at'],
      [{ starts_at: at(-2, 14), ends_at: at(-2, 16) }, 'starts_at'],
      [{ venue_id: MISSING }, 'venue_id'],
      [{ status: 'approved' }, 'status'],
      [{ employer_id: rival.employer.id }, 'employer_id'],
      [{ signups: 3 }, 'signups'],
      [{ kind: 'event' }, 'kind'],
    ];
    await refusesEach(cases, (over) => apply(company.token, sessionBody(tbdLarge.id, over, 3)));
    const mine = expectList(await get('/sessions', { token: rival.token, query: { per_page: 200 } })).data;
    assert.ok(mine.every((x) => sameId(x.employer_id, rival.employer.id)), 'a session was made for another employer');
  });

  test('refusals: no token 401; an employer not yet approved 403; students and staff 403', async () => {
    expectError(await apply(null, sessionBody(tbdLarge.id)), 401);
    const res = await apply(pendingCo.token, sessionBody(tbdLarge.id));
    expectError(res, 403);
    for (const who of [stu, manager, viewer, counselor]) expectError(await apply(who.token, sessionBody(tbdLarge.id)), 403);
  });

  test('GET /sessions: an employer sees only its own, newest first; the office sees all; status and q filter', async () => {
    const tag = `场次${RUN}`;
    const a1 = await newSession(company, tbdLarge.id, { title: `${tag}甲` });
    const a2 = await newSession(company, tbdLarge.id, { title: `${tag}乙` });
    const r1 = await newSession(rival, tbdLarge.id, { title: `${tag}丙` });
    const list = async (token, query = {}) => {
      const { data } = expectList(await get('/sessions', { token, query: { q: tag, per_page: 200, ...query } }));
      data.forEach(checkRow);
      return ids(data);
    };
    assert.deepEqual(await list(company.token), [a2.id, a1.id]);
    assert.deepEqual(await list(rival.token), [r1.id]);
    assert.deepEqual(await list(manager.token), [r1.id, a2.id, a1.id]);
    const all = expectList(await get('/sessions', { token: company.token, query: { per_page: 200 } })).data;
    assert.ok(all.length >= 2 && all.every((x) => sameId(x.employer_id, company.employer.id) && x.kind === 'info_session'),
      'an employer sees sessions not its own');
    expectData(await review(a1.id, { decision: 'reject', reason: '时间与校园招聘会冲突' }));
    assert.deepEqual(await list(manager.token, { status: 'rejected' }), [a1.id]);
    assert.deepEqual(await list(company.token, { status: 'pending' }), [a2.id]);
    const rejected = expectList(await get('/sessions', { token: company.token, query: { q: tag, status: 'rejected' } })).data[0];
    assert.equal(rejected.review_reason, '时间与校园招聘会冲突');
    expectError(await get('/sessions'), 401);
    for (const who of [stu, viewer, counselor]) expectError(await get('/sessions', { token: who.token }), 403);
  });
});

describe('review: pending → approved | rejected; approved → cancelled', () => {
  test('approve publishes, moving the session to a real room; approving again → 409', async () => {
    const s = await newSession(company, tbdLarge.id, { capacity: 250 }, 8);
    const room = await newVenue({ capacity: 200 });
    const code = passCode();
    const res = await review(s.id, {
      decision: 'approve', venue_id: room.id, starts_at: at(8, 9), ends_at: at(8, 11), capacity: 180,
      require_signup: false, checkin_code: code, signup_from: at(1, 8), signup_until: at(7, 20),
    });
    const done = expectData(res);
    remember('review approve', manager.id, res, /event|review|session|approve/, s.id);
    checkEvent(done);
    assert.equal(done.status, 'approved');
    assert.ok(sameId(done.venue_id, room.id));
    assert.equal(done.venue, room.name);
    assert.ok(sameInstant(done.starts_at, at(8, 9)));
    assert.ok(sameInstant(done.ends_at, at(8, 11)));
    assert.ok(sameInstant(done.signup_from, at(1, 8)));
    assert.ok(sameInstant(done.signup_until, at(7, 20)));
    assert.equal(done.capacity, 180);
    assert.equal(done.require_signup, false);
    assert.equal(done.checkin_code, code);
    assert.equal(expectData(await get(`/events/${s.id}`)).status, 'approved');
    assert.deepEqual(ids(await listEvents(undefined, { q: s.title })), [s.id]);
    hidesCode(await get(`/events/${s.id}`, { token: rival.token }), code);
    hidesCode(await get(`/events/${s.id}`, { token: stu.token }), code);
    assert.equal(expectData(await get(`/events/${s.id}`, { token: company.token })).checkin_code, code);
    const again = await review(s.id, { decision: 'approve' });
    expectError(again, 409);
    assert.match(again.body.error.message, /approved/);
  });

  test('reject needs a reason; the employer sees it; still 404 to the public; approving a rejected one → 409', async () => {
    const s = await newSession(company, tbdLarge.id, {}, 8);
    expectError(await review(s.id, { decision: 'reject' }), 422, 'reason');
    expectError(await review(s.id, { decision: 'reject', reason: '' }), 422, 'reason');
    const res = await review(s.id, { decision: 'reject', reason: '宣讲内容不完整' });
    const done = expectData(res);
    remember('review reject', manager.id, res, /event|review|session|reject/, s.id);
    assert.equal(done.status, 'rejected');
    assert.equal(done.review_reason, '宣讲内容不完整');
    const seen = expectData(await get(`/events/${s.id}`, { token: company.token }));
    assert.equal(seen.status, 'rejected');
    assert.equal(seen.review_reason, '宣讲内容不完整');
    expectError(await get(`/events/${s.id}`), 404);
    expectError(await get(`/events/${s.id}`, { token: stu.token }), 404);
    expectError(await get(`/events/${s.id}`, { token: rival.token }), 404);
    const back = await review(s.id, { decision: 'approve' });
    expectError(back, 409);
    assert.match(back.body.error.message, /rejected/);
    expectError(await review(s.id, { decision: 'cancel', reason: '取消' }), 409);
  });

  test('cancel needs a reason; a cancelled event leaves the list; rejecting or approving it → 409 naming both states; a pending one cannot be cancelled', async () => {
    const e = await newEvent({ venue: '就业指导中心302' }, 9);
    expectError(await review(e.id, { decision: 'cancel' }), 422, 'reason');
    const res = await review(e.id, { decision: 'cancel', reason: '主讲人临时有事' });
    const done = expectData(res);
    remember('review cancel', manager.id, res, /event|review|cancel/, e.id);
    assert.equal(done.status, 'cancelled');
    assert.equal(done.review_reason, '主讲人临时有事');
    assert.deepEqual(ids(await listEvents(undefined, { q: e.title })), []);
    expectError(await get(`/events/${e.id}`), 404);
    expectError(await get(`/events/${e.id}`, { token: stu.token }), 404);
    assert.equal(expectData(await get(`/events/${e.id}`, { token: manager.token })).status, 'cancelled');
    expectError(await signUp(stu.token, e.id), 404);
    const rej = await review(e.id, { decision: 'reject', reason: '不通过' });
    expectError(rej, 409);
    assert.match(rej.body.error.message, /cancelled/);
    assert.match(rej.body.error.message, /rejected/);
    expectError(await review(e.id, { decision: 'approve' }), 409);
    expectError(await review(e.id, { decision: 'cancel', reason: '再取消' }), 409);

    const s = await newSession(company, tbdLarge.id, {}, 9);
    const early = await review(s.id, { decision: 'cancel', reason: '不办了' });
    expectError(early, 409);
    assert.match(early.body.error.message, /pending/);
    assert.match(early.body.error.message, /cancelled/);
    const sess = await newSession(rival, tbdLarge.id, {}, 9);
    await approve(sess.id);
    const gone = expectData(await review(sess.id, { decision: 'cancel', reason: '企业取消行程' }));
    assert.equal(gone.status, 'cancelled');
    expectError(await get(`/events/${sess.id}`, { token: company.token }), 404);
    assert.equal(expectData(await get(`/events/${sess.id}`, { token: rival.token })).status, 'cancelled');
  });

  test('a bad decision → 422 decision; approve-time fields checked; refusals: 401, 403, unknown event 404', async () => {
    const s = await newSession(company, tbdLarge.id, {}, 10);
    const room = await newVenue({ capacity: 40 });
    expectError(await review(s.id, { decision: 'maybe' }), 422, 'decision');
    expectError(await review(s.id, {}), 422, 'decision');
    expectError(await review(s.id, { decision: 'approve', venue_id: MISSING }), 422, 'venue_id');
    expectError(await review(s.id, { decision: 'approve', venue_id: room.id, capacity: 41 }), 422, 'capacity');
    const inverted = expectError(await review(s.id, { decision: 'approve', starts_at: at(10, 17) }), 422);
    assert.ok(['starts_at', 'ends_at'].includes(inverted.field), `a start after the end names ${inverted.field}`);
    expectError(await review(s.id, { decision: 'approve', title: '改标题' }), 422, 'title');
    expectError(await review(s.id, { decision: 'approve', status: 'approved' }), 422, 'status');
    expectError(await review(s.id, { decision: 'approve', venue_id: room.id }), 422, 'capacity'); // 300 (the placeholder's) > 40
    expectError(await review(s.id, { decision: 'approve' }, null), 401);
    for (const who of [stu, company, rival, counselor, viewer]) expectError(await review(s.id, { decision: 'approve' }, who.token), 403);
    expectError(await review(MISSING, { decision: 'approve' }), 404);
    assert.equal(expectData(await get(`/events/${s.id}`, { token: manager.token })).status, 'pending', 'a refused review changed the session');
    assert.equal(expectData(await review(s.id, { decision: 'approve' }, admin.token)).status, 'approved', 'a CLI admin holds events.manage');
    const late = await newSession(company, tbdLarge.id, {}, 10);
    await refusesEach([[{ signup_until: at(10, 15) }, 'signup_until']], (over) => review(late.id, { decision: 'approve', ...over }));
  });
});

describe('rooms: a real venue never holds two approved events whose times overlap', () => {
  test('creating an overlapping event → 409 naming the first; touching end = start is fine; another venue is fine; a move into the slot → 409', async () => {
    const v = await newVenue();
    const other = await newVenue();
    const a = await newEvent({ venue: v.id, starts_at: at(9, 14), ends_at: at(9, 16) });
    for (const [s, e] of [[at(9, 15), at(9, 17)], [at(9, 14, 30), at(9, 15, 30)], [at(9, 13), at(9, 17)], [at(9, 13), at(9, 14, 1)], [at(9, 14), at(9, 16)]]) {
      namesHolder(await createEvent(eventBody({ venue: v.id, starts_at: s, ends_at: e })), a);
    }
    const after = await newEvent({ venue: v.id, starts_at: at(9, 16), ends_at: at(9, 18) });
    const beforeIt = await newEvent({ venue_id: v.id, starts_at: at(9, 12), ends_at: at(9, 14) });
    assert.ok(sameId(after.venue_id, v.id) && sameId(beforeIt.venue_id, v.id));
    await newEvent({ venue: other.id, starts_at: at(9, 14), ends_at: at(9, 16) });
    await newEvent({ venue: '校外：南京国际博览中心', starts_at: at(9, 14), ends_at: at(9, 16) });
    namesHolder(await put(`/events/${after.id}`, { token: manager.token, json: { starts_at: at(9, 15) } }), a);
    const moved = await newEvent({ venue: other.id, starts_at: at(9, 18), ends_at: at(9, 19) });
    expectError(await put(`/events/${moved.id}`, { token: manager.token, json: { venue: v.id, starts_at: at(9, 17), ends_at: at(9, 19) } }), 409);
    assert.ok(sameId(expectData(await get(`/events/${moved.id}`)).venue_id, other.id), 'a refused move changed the event');
    // a cancelled event gives the room back
    expectData(await review(a.id, { decision: 'cancel', reason: '改期' }));
    await newEvent({ venue: v.id, starts_at: at(9, 14, 30), ends_at: at(9, 15, 30) });
  });

  test('at a 待定 placeholder any number of sessions overlap: both approved', async () => {
    for (const venue of [tbdLarge, tbdSmall]) {
      const s1 = await newSession(company, venue.id, { starts_at: at(10, 14), ends_at: at(10, 16) });
      const s2 = await newSession(rival, venue.id, { starts_at: at(10, 15), ends_at: at(10, 17) });
      assert.equal((await approve(s1.id)).status, 'approved');
      assert.equal((await approve(s2.id)).status, 'approved');
    }
  });

  test('applying for a real room already taken → 409; approving a move into a taken room → 409; pending sessions do not hold a room', async () => {
    const v = await newVenue();
    const a = await newEvent({ venue: v.id, starts_at: at(11, 14), ends_at: at(11, 16) });
    expectError(await apply(company.token, sessionBody(v.id, { starts_at: at(11, 15), ends_at: at(11, 17) })), 409);
    const p = await newSession(company, tbdLarge.id, { starts_at: at(11, 15), ends_at: at(11, 17), capacity: 100 });
    namesHolder(await review(p.id, { decision: 'approve', venue_id: v.id }), a);
    assert.equal(expectData(await get(`/events/${p.id}`, { token: manager.token })).status, 'pending', 'a refused approval changed the session');
    const moved = await approve(p.id, { venue_id: v.id, starts_at: at(11, 16), ends_at: at(11, 18) });
    assert.ok(sameId(moved.venue_id, v.id));
    const q1 = await newSession(company, v.id, { starts_at: at(11, 19), ends_at: at(11, 21) });
    const q2 = await newSession(rival, v.id, { starts_at: at(11, 20), ends_at: at(11, 22) });
    await approve(q1.id);
    namesHolder(await review(q2.id, { decision: 'approve' }), q1);
  });
});

describe('sign-ups (报名)', () => {
  test('a student signs up: 201; counts, mine, the sign-up list and ?mine=1 follow; full → 409; twice → 409; cancelling gives the seat back', async () => {
    const [a, b] = await studentsWithAccounts(admin.token, major, 2);
    const e = await newEvent({ venue: '就业指导中心报告厅', capacity: 1 }, 3);
    const res = await signUp(a.token, e.id);
    const su = expectData(res, 201);
    remember('sign-up', a.id, res, /sign/i);
    assert.ok(su && typeof su === 'object', show(res));
    if (Object.hasOwn(su, 'event_id')) assert.ok(sameId(su.event_id, e.id), `event_id ${su.event_id}`);
    const seen = await eventAs(e.id, a.token);
    assert.equal(seen.signups, 1);
    assert.deepEqual(seen.mine, { signed_up: true, checked_in: false });
    assert.deepEqual((await eventAs(e.id, b.token)).mine, { signed_up: false, checked_in: false });
    expectError(await signUp(b.token, e.id), 409);
    expectError(await signUp(a.token, e.id), 409);
    assert.equal((await eventAs(e.id)).signups, 1, 'a refused sign-up was counted');

    const { data: rows, meta } = expectList(await get(`/events/${e.id}/signups`, { token: manager.token }));
    assert.equal(meta.total, 1);
    const row = rows[0];
    for (const k of ['student_id', 'student_no', 'name', 'college', 'major', 'signed_up_at', 'checked_in_at']) assert.ok(Object.hasOwn(row, k), `sign-up lacks "${k}": ${JSON.stringify(row)}`);
    assert.ok(sameId(row.student_id, a.s.id), `student_id ${row.student_id}, the record is ${a.s.id}`);
    assert.equal(row.student_no, a.s.student_no);
    assert.equal(row.name, a.s.name);
    assert.equal(row.college, major.college);
    assert.equal(row.major, major.name);
    assert.match(row.signed_up_at, ISO_OFFSET);
    assert.ok(within(row.signed_up_at, nowMs()), `signed_up_at ${row.signed_up_at}`);
    assert.equal(row.checked_in_at, null);

    assert.ok(ids(await listEvents(a.token, { mine: 1 })).includes(e.id), '?mine=1 lacks the event signed up for');
    assert.ok(!ids(await listEvents(b.token, { mine: 1 })).includes(e.id), '?mine=1 shows an event not signed up for');
    assert.ok((await listEvents(a.token, { mine: 1 })).every((x) => x.mine === undefined || x.mine.signed_up === true));

    const cres = await cancelSignUp(a.token, e.id);
    const after = expectData(cres);
    remember('sign-up cancel', a.id, cres, /sign|cancel/i);
    checkEvent(after);
    assert.ok(sameId(after.id, e.id));
    assert.equal(after.signups, 0);
    assert.deepEqual((await eventAs(e.id, a.token)).mine, { signed_up: false, checked_in: false });
    expectError(await cancelSignUp(a.token, e.id), 409);
    assert.ok(!ids(await listEvents(a.token, { mine: 1 })).includes(e.id));
    assert.equal(expectList(await get(`/events/${e.id}/signups`, { token: manager.token })).meta.total, 0);
    expectData(await signUp(b.token, e.id), 201);
    assert.equal((await eventAs(e.id)).signups, 1);
  });

  test('the sign-up window: not yet open → 409; closed → 409', async () => {
    const later = await newEvent({ venue: '线上（腾讯会议）', signup_from: at(2, 9), signup_until: at(3, 9) }, 4);
    const closed = await newEvent({ venue: '线上（腾讯会议）', signup_from: cstIso(nowMs() - 2 * 3600_000), signup_until: cstIso(nowMs() - 3600_000) }, 4);
    expectError(await signUp(stu.token, later.id), 409);
    expectError(await signUp(stu.token, closed.id), 409);
    assert.equal((await eventAs(later.id)).signups, 0);
    assert.equal((await eventAs(closed.id)).signups, 0);
    const open = await newEvent({ venue: '线上（腾讯会议）', signup_from: cstIso(nowMs() - 3600_000), signup_until: at(3, 20) }, 4);
    expectData(await signUp(stu.token, open.id), 201);
  });

  test('refusals: no token 401; employers and staff 403; an event not published or unknown 404', async () => {
    const e = await newEvent({ venue: '线上（腾讯会议）' }, 4);
    expectError(await signUp(null, e.id), 401);
    expectError(await cancelSignUp(null, e.id), 401);
    for (const who of [company, manager, counselor]) {
      expectError(await signUp(who.token, e.id), 403);
      expectError(await cancelSignUp(who.token, e.id), 403);
    }
    expectError(await signUp(stu.token, MISSING), 404);
    const s = await newSession(company, tbdLarge.id, {}, 4);
    expectError(await signUp(stu.token, s.id), 404);
    expectError(await cancelSignUp(stu.token, s.id), 404);
    assert.equal(expectData(await get(`/events/${s.id}`, { token: manager.token })).signups, 0);
  });

  test('GET /events/{id}/signups: office with events.manage only; paged', async () => {
    const e = await newEvent({ venue: '线上（腾讯会议）' }, 4);
    const ss = await studentsWithAccounts(admin.token, major, 3);
    for (const x of ss) expectData(await signUp(x.token, e.id), 201);
    const { data, meta } = expectList(await get(`/events/${e.id}/signups`, { token: manager.token, query: { per_page: 2 } }));
    assert.equal(meta.total, 3);
    assert.equal(data.length, 2);
    const second = expectList(await get(`/events/${e.id}/signups`, { token: manager.token, query: { per_page: 2, page: 2 } })).data;
    assert.deepEqual([...data, ...second].map((r) => r.student_no).sort(), ss.map((x) => x.s.student_no).sort());
    expectError(await get(`/events/${e.id}/signups`), 401);
    for (const who of [stu, company, counselor, viewer]) expectError(await get(`/events/${e.id}/signups`, { token: who.token }), 403);
    expectError(await get(`/events/${MISSING}/signups`, { token: manager.token }), 404);
    const s = await newSession(company, tbdLarge.id, {}, 4);
    expectError(await get(`/events/${s.id}/signups`, { token: company.token }), 403);
    assert.equal(expectList(await get(`/events/${s.id}/signups`, { token: manager.token })).meta.total, 0);
  });

  test('PUT capacity below the sign-ups → 409; down to the sign-ups is fine', async () => {
    const e = await newEvent({ venue: '线上（腾讯会议）', capacity: 10 }, 4);
    const ss = await studentsWithAccounts(admin.token, major, 2);
    for (const x of ss) expectData(await signUp(x.token, e.id), 201);
    expectError(await put(`/events/${e.id}`, { token: manager.token, json: { capacity: 1 } }), 409);
    assert.equal((await eventAs(e.id)).capacity, 10);
    assert.equal(expectData(await put(`/events/${e.id}`, { token: manager.token, json: { capacity: 2 } })).capacity, 2);
    expectError(await signUp(stu.token, e.id), 409);
  });
});

describe('check-in (签到): events that start 25 seconds after they are made', () => {
  let live; // the office's event, require_signup, under way
  let over; // an event that has ended (less than an hour ago), sign-up not required
  let session; // an approved info session under way, sign-up not required
  let a; let b; let c; let d; let e; let f; let g; let h; // a and b signed up for live; the rest did not
  let codeMethod; // `method` of a check-in with the pass-code

  before(async () => {
    [a, b, c, d, e, f, g, h] = await studentsWithAccounts(admin.token, major, 8);
    const start = inSeconds(25);
    const plus = (ms) => cstIso(Date.parse(start) + ms);
    live = await newEvent({ title: `签到测试${RUN}`, venue: '就业指导中心报告厅', starts_at: start, ends_at: plus(3 * 3600_000), require_signup: true, checkin_code: passCode() });
    over = await newEvent({ title: `已结束活动${RUN}`, venue: '线上（腾讯会议）', starts_at: start, ends_at: plus(8000), require_signup: false, checkin_code: passCode() });
    session = await newSession(company, tbdLarge.id, { starts_at: start, ends_at: plus(2 * 3600_000) });
    session = await approve(session.id, { require_signup: false, checkin_code: passCode() });
    for (const x of [a, b]) expectData(await signUp(x.token, live.id), 201);
    await waitUntil(over.ends_at, 2000);
  });

  test('with the pass-code: 201 {event_id, student_id, method, at}; mine follows; twice → 409', async () => {
    const res = await checkIn(a.token, live.id, { code: live.checkin_code });
    const ci = expectData(res, 201);
    remember('check-in', a.id, res, /check/i);
    assert.ok(sameId(ci.event_id, live.id), `event_id ${ci.event_id}`);
    assert.ok(sameId(ci.student_id, a.s.id), `student_id ${ci.student_id}, the record is ${a.s.id}`);
    assert.ok(typeof ci.method === 'string' && ci.method.length > 0, `method ${ci.method}`);
    codeMethod = ci.method;
    assert.match(ci.at, ISO_OFFSET);
    assert.ok(within(ci.at, nowMs(), 5 * 60_000), `at ${ci.at}`);
    assert.deepEqual((await eventAs(live.id, a.token)).mine, { signed_up: true, checked_in: true });
    expectError(await checkIn(a.token, live.id, { code: live.checkin_code }), 409);
    const t = await tokenOf(live.id);
    expectError(await checkIn(a.token, live.id, { token: t.token }), 409);
  });

  test('a wrong pass-code → 422 code; a forged, stale or other event\'s token → 422 token; nothing recorded', async () => {
    expectError(await checkIn(b.token, live.id, { code: 'WRONG1' }), 422, 'code');
    const t = await tokenOf(live.id);
    const [n, mac] = splitToken(t.token);
    const flipped = [...mac].map((ch) => (ch === '0' ? '1' : '0')).join('');
    for (const token of [`${n}.${flipped}`, `${n + 1}.${mac}`, `${n - 5}.${mac}`, 'not-a-token', `${n}`, `${n}.`]) {
      expectError(await checkIn(b.token, live.id, { token }), 422, 'token');
    }
    const foreign = await tokenOf(over.id);
    expectError(await checkIn(b.token, live.id, { token: foreign.token }), 422, 'token');
    expectError(await checkIn(b.token, live.id, {}), 422);
    assert.deepEqual((await eventAs(live.id, b.token)).mine, { signed_up: true, checked_in: false });
  });

  test('GET /events/{id}/checkin-token: {token, expires_at, period}; the token checks a student in', async () => {
    const res = await get(`/events/${live.id}/checkin-token`, { token: manager.token });
    const t = expectData(res);
    const [n, mac] = splitToken(t.token);
    assert.ok(Number.isInteger(t.period) && t.period > 0, `period ${t.period}`);
    assert.ok(t.period === n || t.period === 30, `period ${t.period} is neither the token's period ${n} nor its length (30 s)`);
    assert.ok(mac.length >= 8, `mac too short: ${t.token}`);
    assert.match(t.expires_at, ISO_OFFSET);
    assert.ok(Date.parse(t.expires_at) > nowMs() - 1000 && Date.parse(t.expires_at) <= nowMs() + 65_000, `expires_at ${t.expires_at}`);
    const ci = expectData(await checkIn(b.token, live.id, { token: t.token }), 201);
    assert.ok(sameId(ci.student_id, b.s.id));
    assert.ok(typeof ci.method === 'string' && ci.method.length > 0);
    if (codeMethod) assert.notEqual(ci.method, codeMethod, 'a token check-in and a pass-code one have the same method');
    assert.deepEqual((await eventAs(live.id, b.token)).mine, { signed_up: true, checked_in: true });
  });

  test('require_signup: a student who did not sign up → 409; where it is not required anyone checks in', async () => {
    expectError(await checkIn(c.token, live.id, { code: live.checkin_code }), 409);
    const t = await tokenOf(live.id);
    expectError(await checkIn(c.token, live.id, { token: t.token }), 409);
    assert.deepEqual((await eventAs(live.id, c.token)).mine, { signed_up: false, checked_in: false });
    const ci = expectData(await checkIn(d.token, over.id, { code: over.checkin_code }), 201);
    assert.ok(sameId(ci.event_id, over.id));
    assert.deepEqual((await eventAs(over.id, d.token)).mine.checked_in, true);
  });

  test('once the event has begun the sign-up is closed (409) and cannot be cancelled (409)', async () => {
    expectError(await signUp(c.token, live.id), 409);
    expectError(await cancelSignUp(a.token, live.id), 409);
    expectError(await cancelSignUp(b.token, live.id), 409);
    assert.equal((await eventAs(live.id)).signups, 2);
  });

  test('an info session: its employer fetches the token and students check in with it; another employer 404; students 403', async () => {
    const t = expectData(await get(`/events/${session.id}/checkin-token`, { token: company.token }));
    splitToken(t.token);
    const ci = expectData(await checkIn(e.token, session.id, { token: t.token }), 201);
    assert.ok(sameId(ci.event_id, session.id));
    expectError(await checkIn(e.token, session.id, { code: session.checkin_code }), 409);
    expectError(await get(`/events/${session.id}/checkin-token`, { token: rival.token }), 404);
    expectError(await get(`/events/${live.id}/checkin-token`, { token: company.token }), 404);
    expectError(await get(`/events/${session.id}/checkin-token`), 401);
    for (const who of [stu, counselor, viewer]) expectError(await get(`/events/${session.id}/checkin-token`, { token: who.token }), 403);
    expectError(await get(`/events/${MISSING}/checkin-token`, { token: manager.token }), 404);
    const pending = await newSession(company, tbdLarge.id, {}, 5);
    expectError(await checkIn(e.token, pending.id, { code: 'X' }), 404);
  });

  test('refusals: no token 401; employers and staff 403; unknown 404; a student cannot check in someone else or set the check-in', async () => {
    expectError(await checkIn(null, over.id, { code: over.checkin_code }), 401);
    for (const who of [company, manager, counselor]) expectError(await checkIn(who.token, over.id, { code: over.checkin_code }), 403);
    expectError(await checkIn(f.token, MISSING, { code: 'X' }), 404);
    for (const [field, value] of Object.entries({ student_id: c.s.id, status: 'checked_in', at: cstIso(nowMs()), method: 'manual' })) {
      expectError(await checkIn(f.token, over.id, { code: over.checkin_code, [field]: value }), 422, field);
    }
    assert.equal((await eventAs(over.id, f.token)).mine.checked_in, false);
    assert.equal((await eventAs(over.id, c.token)).mine.checked_in, false);
  });

  test('the token rotates: one of the previous period is still accepted, one two periods old is not (up to 70 s)', async () => {
    const first = await tokenOf(over.id);
    // Polls until the current token differs from `than` (the period rolled over).
    const nextToken = async (than) => {
      for (let i = 0; i < 40; i++) {
        const t = await tokenOf(over.id);
        if (t.token !== than) return t;
        await new Promise((resolve) => { setTimeout(resolve, 1000); });
      }
      assert.fail(`the check-in token ${than} did not change within 40 s`);
    };
    const second = await nextToken(first.token);
    assert.notEqual(splitToken(second.token)[0], splitToken(first.token)[0], 'the token changed but not its period');
    expectData(await checkIn(g.token, over.id, { token: first.token }), 201);
    await nextToken(second.token);
    expectError(await checkIn(h.token, over.id, { token: first.token }), 422, 'token');
    assert.equal((await eventAs(over.id, h.token)).mine.checked_in, false);
  });

  test('check-in closes an hour after the event ends: 409 (the event is moved into the past in the database)', async () => {
    const old = await newEvent({ venue: '线上（腾讯会议）', require_signup: false, starts_at: at(3, 14), ends_at: at(3, 15) });
    // No route moves an event into the past: shift its four times back so that it ended two hours ago.
    const shift = Math.round((Date.parse(old.starts_at) - (nowMs() - 3 * 3600_000)) / 1000);
    rootSql(`UPDATE events SET starts_at = starts_at - INTERVAL ${shift} SECOND, ends_at = ends_at - INTERVAL ${shift} SECOND, `
      + `signup_from = signup_from - INTERVAL ${shift} SECOND, signup_until = signup_until - INTERVAL ${shift} SECOND WHERE id = ${old.id}`);
    const moved = await eventAs(old.id, manager.token);
    assert.ok(within(moved.ends_at, nowMs() - 2 * 3600_000, 120_000), `the event was not moved: ends_at ${moved.ends_at}`);
    expectError(await checkIn(f.token, old.id, { code: old.checkin_code }), 409);
    const t = await tokenOf(old.id).catch(() => null);
    if (t) expectError(await checkIn(f.token, old.id, { token: t.token }), 409);
    expectError(await signUp(f.token, old.id), 409);
    assert.equal((await eventAs(old.id)).checkins, 0);
  });

  test('an event that has ended leaves GET /events and is listed with past=1', async () => {
    assert.deepEqual(ids(await listEvents(undefined, { q: over.title })), []);
    assert.deepEqual(ids(await listEvents(undefined, { q: over.title, past: 1 })), [over.id]);
    assert.deepEqual(ids(await listEvents(undefined, { q: live.title })), [live.id], 'an event under way is not listed');
  });

  test('the counts follow: signups and checkins; the sign-up list shows the check-in time', async () => {
    const l = await eventAs(live.id, manager.token);
    assert.equal(l.signups, 2);
    assert.equal(l.checkins, 2);
    const rows = expectList(await get(`/events/${live.id}/signups`, { token: manager.token })).data;
    assert.deepEqual(rows.map((r) => r.student_no).sort(), [a.s.student_no, b.s.student_no].sort());
    for (const r of rows) {
      assert.match(String(r.checked_in_at), ISO_OFFSET, `checked_in_at ${r.checked_in_at}`);
      assert.ok(Date.parse(r.checked_in_at) >= Date.parse(r.signed_up_at));
    }
    const o = await eventAs(over.id);
    assert.equal(o.checkins, 2, 'd and g checked in to the ended event');
    assert.equal(o.signups, 0);
    const s = await eventAs(session.id, company.token);
    assert.equal(s.checkins, 1);
    assert.equal(s.signups, 0);
  });
});

describe('requests at once', () => {
  test('capacity 1: eight students sign up at once → exactly one 201, seven 409; signups = 1', async () => {
    const ss = await studentsWithAccounts(admin.token, major, 8);
    const e = await newEvent({ venue: '并发测试教室（线上）', capacity: 1 }, 5);
    const answers = await Promise.all(ss.map((x) => signUp(x.token, e.id)));
    assert.deepEqual(tally(answers), { 201: 1, 409: 7 }, `answers: ${JSON.stringify(tally(answers))}`);
    for (const r of answers.filter((x) => x.status === 409)) expectError(r, 409);
    const won = ss[answers.findIndex((r) => r.status === 201)];
    assert.equal((await eventAs(e.id)).signups, 1);
    assert.equal(rootSql(`SELECT COUNT(*) FROM event_signups WHERE event_id = ${e.id}`), '1', 'sign-up rows stored');
    const { data, meta } = expectList(await get(`/events/${e.id}/signups`, { token: manager.token }));
    assert.equal(meta.total, 1);
    assert.equal(data[0].student_no, won.s.student_no);
    assert.equal((await eventAs(e.id, won.token)).mine.signed_up, true);
  });

  test('two pending sessions for one real venue at overlapping times approved at once → one 200, one 409', async () => {
    const v = await newVenue();
    const s1 = await newSession(company, v.id, { starts_at: at(12, 14), ends_at: at(12, 16) });
    const s2 = await newSession(rival, v.id, { starts_at: at(12, 15), ends_at: at(12, 17) });
    const answers = await Promise.all([s1, s2].map((s) => review(s.id, { decision: 'approve' })));
    assert.deepEqual(tally(answers), { 200: 1, 409: 1 }, `answers: ${answers.map(show).join(' | ')}`);
    const wi = answers.findIndex((r) => r.status === 200);
    const [winner, loser] = wi === 0 ? [s1, s2] : [s2, s1];
    namesHolder(answers[1 - wi], winner);
    assert.equal(expectData(await get(`/events/${winner.id}`, { token: manager.token })).status, 'approved');
    assert.equal(expectData(await get(`/events/${loser.id}`, { token: manager.token })).status, 'pending');
  });
});

describe('audit log', () => {
  test('every write (venue, event, review, sign-up, cancel, check-in, application) is in the audit log with its actor and request id', async () => {
    await expectAudited(superadmin.token, audited, ['venue create', 'event create', 'review approve', 'review reject', 'review cancel', 'sign-up', 'sign-up cancel', 'check-in', 'session apply']);
  });
});
