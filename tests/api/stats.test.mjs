// tests/api/stats.test.mjs: GET /stats/employment (毕业去向落实率 by college or major, as of a
// date, scoped for advisors, never stale after a write). Each test uses a college of its own,
// so students of other tests never change its counts.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  RUN, cliAccount, createMajor, expectData, expectError, get, lazy, post, put, sameId, uniq,
} from './lib.mjs';
import {
  advisorFor, daysFromToday, employmentBody, importStudents, putEmployment, requestTransfer, setScope, staffWith,
  studentRow, today,
} from './records.mjs';

const YEAR = 2026;
const ROW_KEYS = ['key', 'label', 'total', 'employed', 'further_study', 'pending', 'rate'];

let admin;
const employer = lazy(() => cliAccount('employer'));

before(async () => {
  admin = await cliAccount('admin');
});

// A college of its own with two majors and n1 + n2 students of YEAR: {college, m1, m2, s1, s2}.
async function cohort(n1, n2 = 0) {
  const college = `统计学院${uniq('c')}`;
  const m1 = await createMajor(admin.token, { college, name: `统计甲${RUN}` });
  const m2 = await createMajor(admin.token, { college, name: `统计乙${RUN}` });
  const rows1 = Array.from({ length: n1 }, () => studentRow(m1));
  const rows2 = Array.from({ length: n2 }, () => studentRow(m2));
  const all = await importStudents(admin.token, [...rows1, ...rows2]);
  return { college, m1, m2, s1: all.slice(0, n1), s2: all.slice(n1) };
}

const stats = (query, token = admin.token) => get('/stats/employment', { token, query: { year: YEAR, ...query } });

// The rows of an answer, checked for shape.
async function rowsOf(query, token) {
  const res = await stats(query, token);
  const data = expectData(res);
  assert.ok(Array.isArray(data), `data is not an array: ${res.text}`);
  for (const r of data) {
    for (const k of ROW_KEYS) assert.ok(Object.hasOwn(r, k), `row lacks "${k}": ${JSON.stringify(r)}`);
    assert.equal(r.total, r.employed + r.further_study + r.pending, `counts do not add up: ${JSON.stringify(r)}`);
  }
  return data;
}

// The row of one college (group_by=college) or one major (group_by=major), or undefined.
async function rowFor(key, query = {}, token = admin.token) {
  const data = await rowsOf(query, token);
  return data.find((r) => (query.group_by === 'major' ? sameId(r.key, key) : r.key === key));
}

// Asserts a row's counts {total, employed, further_study, pending, rate}.
function counts(row, expected) {
  assert.ok(row, 'no row');
  const got = Object.fromEntries(Object.keys(expected).map((k) => [k, row[k]]));
  assert.deepEqual(got, expected);
}

const set = async (s, code, over = {}) => expectData(await putEmployment(admin.token, s.id, employmentBody(code, over)));

describe('GET /stats/employment', () => {
  test('by college (the default): key and label are the college; counts and rate', async () => {
    const c = await cohort(4);
    await set(c.s1[0], '10');
    await set(c.s1[1], '80');
    await set(c.s1[2], '70');
    const row = await rowFor(c.college);
    assert.equal(row.label, c.college);
    counts(row, { total: 4, employed: 1, further_study: 1, pending: 2, rate: 0.5 });
    counts(await rowFor(c.college, { group_by: 'college' }), { total: 4, employed: 1, further_study: 1, pending: 2, rate: 0.5 });
  });

  test('by major: key is the major id, with label and college; rate rounded to 4 decimals', async () => {
    const c = await cohort(3, 3);
    await set(c.s1[0], '11');
    await set(c.s2[0], '85');
    await set(c.s2[1], '76');
    const data = await rowsOf({ group_by: 'major' });
    const r1 = data.find((r) => sameId(r.key, c.m1.id));
    const r2 = data.find((r) => sameId(r.key, c.m2.id));
    counts(r1, { total: 3, employed: 1, further_study: 0, pending: 2, rate: 0.3333 });
    counts(r2, { total: 3, employed: 1, further_study: 1, pending: 1, rate: 0.6667 });
    for (const r of [r1, r2]) {
      assert.equal(r.college, c.college);
      assert.equal(typeof r.label, 'string');
      assert.ok(r.label.length > 0);
    }
    assert.ok(r1.label.includes(c.m1.name), `label ${r1.label} does not name the major`);
    counts(await rowFor(c.college), { total: 6, employed: 2, further_study: 1, pending: 3, rate: 0.5 });
  });

  test('every destination code counts in its category', async () => {
    const codes = { 10: 'employed', 11: 'employed', 12: 'employed', 27: 'employed', 46: 'employed', 50: 'employed', 51: 'employed', 75: 'employed', 76: 'employed', 80: 'further_study', 85: 'further_study', 70: 'pending', 71: 'pending', 72: 'pending' };
    const list = Object.keys(codes);
    const c = await cohort(list.length + 1);
    for (const [i, code] of list.entries()) await set(c.s1[i], code);
    counts(await rowFor(c.college), { total: 15, employed: 9, further_study: 2, pending: 4, rate: 0.7333 });
  });

  test('a college with nobody placed has rate 0', async () => {
    const c = await cohort(2);
    counts(await rowFor(c.college), { total: 2, employed: 0, further_study: 0, pending: 2, rate: 0 });
  });

  test('only the graduation year asked for counts', async () => {
    const c = await cohort(2);
    const later = (await importStudents(admin.token, [studentRow(c.m1, { graduation_year: 2027, enrolment_year: 2023 })]))[0];
    await set(later, '10');
    counts(await rowFor(c.college), { total: 2, employed: 0 });
    counts(await rowFor(c.college, { year: 2027 }), { total: 1, employed: 1, rate: 1 });
    assert.equal(await rowFor(c.college, { year: 2031 }), undefined);
  });

  test('never stale: an employment update, an approved report and an import show at once', async () => {
    const c = await cohort(3);
    counts(await rowFor(c.college), { total: 3, employed: 0 });
    await set(c.s1[0], '10');
    counts(await rowFor(c.college), { total: 3, employed: 1 });
    counts(await rowFor(c.m1.id, { group_by: 'major' }), { total: 3, employed: 1 });
    await set(c.s1[0], '70');
    counts(await rowFor(c.college), { total: 3, employed: 0 });

    const acc = await cliAccount('student', { username: c.s1[1].student_no });
    const rep = expectData(await putEmployment(acc.token, c.s1[1].id, { destination_code: '80', school: '复旦大学' }));
    counts(await rowFor(c.college), { total: 3, further_study: 0 });
    expectData(await post('/employment/reviews', { token: admin.token, json: { ids: [rep.id], decision: 'approve' } }));
    counts(await rowFor(c.college), { total: 3, further_study: 1 });

    await importStudents(admin.token, [studentRow(c.m1)]);
    counts(await rowFor(c.college), { total: 4, further_study: 1, pending: 3, rate: 0.25 });
    counts(await rowFor(c.m1.id, { group_by: 'major' }), { total: 4 });
  });

  test('as_of: the figures from the approved history by effective date', async () => {
    const c = await cohort(3);
    await set(c.s1[0], '10', { effective_date: '2026-06-01' });
    await set(c.s1[1], '80', { effective_date: '2026-07-01' });
    counts(await rowFor(c.college, { as_of: '2026-05-31' }), { total: 3, employed: 0, further_study: 0, pending: 3, rate: 0 });
    counts(await rowFor(c.college, { as_of: '2026-06-01' }), { total: 3, employed: 1, further_study: 0, pending: 2, rate: 0.3333 });
    counts(await rowFor(c.college, { as_of: '2026-06-30' }), { employed: 1, further_study: 0 });
    counts(await rowFor(c.college, { as_of: '2026-07-01' }), { employed: 1, further_study: 1, rate: 0.6667 });
    counts(await rowFor(c.m1.id, { group_by: 'major', as_of: '2026-06-01' }), { total: 3, employed: 1 });

    // A later change of destination: before its date the earlier one still counts.
    await set(c.s1[0], '70', { effective_date: '2026-08-01' });
    counts(await rowFor(c.college, { as_of: '2026-07-15' }), { employed: 1, further_study: 1 });
    counts(await rowFor(c.college, { as_of: '2026-08-01' }), { employed: 0, further_study: 1 });
    counts(await rowFor(c.college), { employed: 0, further_study: 1 });
  });

  test('as_of: a report approved today counts as of today, not as of yesterday', async () => {
    const c = await cohort(2);
    const acc = await cliAccount('student', { username: c.s1[0].student_no });
    const rep = expectData(await putEmployment(acc.token, c.s1[0].id, { destination_code: '75' }));
    expectData(await post('/employment/reviews', { token: admin.token, json: { ids: [rep.id], decision: 'approve' } }));
    counts(await rowFor(c.college, { as_of: daysFromToday(-1) }), { employed: 0 });
    counts(await rowFor(c.college, { as_of: today() }), { employed: 1 });
    counts(await rowFor(c.college), { employed: 1 });
  });

  test('the task queue drains: after a write the worker refreshes the dashboards', async () => {
    const c = await cohort(1);
    await set(c.s1[0], '10');
    let queue;
    for (let i = 0; i < 60; i++) {
      queue = expectData(await get('/health')).queue;
      if (queue && queue.waiting === 0 && queue.worker === true) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.deepEqual(queue, { waiting: 0, worker: true });
    counts(await rowFor(c.college), { total: 1, employed: 1 });
  });

  test('a move to another major or graduation year takes the student\'s count with it', async () => {
    const c = await cohort(2, 1);
    await set(c.s1[0], '10');
    expectData(await requestTransfer(admin.token, c.s1[0].id, { major_id: c.m2.id, reason: '转专业' }), 201);
    counts(await rowFor(c.m1.id, { group_by: 'major' }), { total: 1, employed: 0 });
    counts(await rowFor(c.m2.id, { group_by: 'major' }), { total: 2, employed: 1 });
    expectData(await requestTransfer(admin.token, c.s1[0].id, { graduation_year: 2027, reason: '延期毕业' }), 201);
    counts(await rowFor(c.m2.id, { group_by: 'major' }), { total: 1, employed: 0 });
    counts(await rowFor(c.m2.id, { group_by: 'major', year: 2027 }), { total: 1, employed: 1 });
    counts(await rowFor(c.college), { total: 2, employed: 0 });
  });

  test('students of an inactive status (休学, 退学 …) do not count', async () => {
    const c = await cohort(3);
    await set(c.s1[0], '10');
    counts(await rowFor(c.college), { total: 3, employed: 1 });
    expectData(await put(`/students/${c.s1[0].id}/status`, { token: admin.token, json: { status: '退学', reason: '本人申请退学' } }));
    counts(await rowFor(c.college), { total: 2, employed: 0, pending: 2, rate: 0 });
    expectData(await put(`/students/${c.s1[1].id}/status`, { token: admin.token, json: { status: '休学', reason: '因病休学' } }));
    counts(await rowFor(c.college), { total: 1 });
  });

  describe('advisors: only rows of their majors, counting only their students', () => {
    let c;
    before(async () => {
      c = await cohort(2, 3);
      await set(c.s1[0], '10');
      await set(c.s2[0], '80');
      await set(c.s2[1], '80');
    });

    test('by major: only their majors\' rows', async () => {
      const adv = await advisorFor(admin.token, [c.m1.id]);
      const data = await rowsOf({ group_by: 'major' }, adv.token);
      counts(data.find((r) => sameId(r.key, c.m1.id)), { total: 2, employed: 1, further_study: 0, pending: 1, rate: 0.5 });
      assert.equal(data.find((r) => sameId(r.key, c.m2.id)), undefined, 'a row of a major outside the scope');
      for (const r of data) assert.ok(adv.account.major_ids.some((m) => sameId(m, r.key)), `row ${r.key} is outside the scope`);
    });

    test('by college: the college row counts only their students', async () => {
      const adv = await advisorFor(admin.token, [c.m2.id]);
      counts(await rowFor(c.college, {}, adv.token), { total: 3, employed: 0, further_study: 2, pending: 1, rate: 0.6667 });
      const data = await rowsOf({}, adv.token);
      assert.deepEqual(data.map((r) => r.key), [c.college]);
    });

    test('a scope change applies on the next request', async () => {
      const adv = await advisorFor(admin.token, [c.m1.id]);
      counts(await rowFor(c.college, {}, adv.token), { total: 2 });
      await setScope(admin.token, adv.id, [c.m1.id, c.m2.id]);
      counts(await rowFor(c.college, {}, adv.token), { total: 5, employed: 1, further_study: 2 });
      await setScope(admin.token, adv.id, []);
      assert.deepEqual(await rowsOf({}, adv.token), []);
    });
  });

  describe('422 naming the parameter', () => {
    const cases = [
      ['group_by=foo', 'group_by', { group_by: 'foo' }],
      ['as_of=2026-02-30', 'as_of', { as_of: '2026-02-30' }],
      ['as_of=abc', 'as_of', { as_of: 'abc' }],
      ['as_of=2026-6-1', 'as_of', { as_of: '2026-6-1' }],
      ['year=abc', 'year', { year: 'abc' }],
    ];
    for (const [what, field, query] of cases) {
      test(`${what} → 422 ${field}`, async () => {
        expectError(await stats(query), 422, field);
      });
    }
  });

  describe('who may read', () => {
    test('a counselor with stats.view may; without → 403', async () => {
      const c = await cohort(1);
      const yes = await staffWith(admin.token, 'counselor', ['stats.view']);
      counts(await rowFor(c.college, {}, yes.token), { total: 1 });
      const no = await staffWith(admin.token, 'counselor', ['students.view']);
      expectError(await stats({}, no.token), 403);
    });

    test('an admin without stats.view → 403', async () => {
      const a = await staffWith(admin.token, 'admin', ['students.view']);
      expectError(await stats({}, a.token), 403);
    });

    test('a student and an employer → 403; no token → 401', async () => {
      const s = await cliAccount('student', { username: `2095${Date.now().toString().slice(-8)}` });
      expectError(await stats({}, s.token), 403);
      expectError(await stats({}, (await employer()).token), 403);
      expectError(await get('/stats/employment'), 401);
    });
  });
});
