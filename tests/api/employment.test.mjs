// tests/api/employment.test.mjs: PUT /students/{id}/employment (就业信息: direct staff entries
// and students' reports), GET and POST /employment/reviews (审核)
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  ISO_OFFSET, RUN, cliAccount, createMajor, expectData, expectError, expectList, get, lazy, post, put,
} from './lib.mjs';
import {
  advisorFor, creditCode, daysFromToday, employmentBody, expectTalliesMatch, importStudents,
  putEmployment, staffWith, studentRow, today,
} from './records.mjs';

const CATEGORY = {
  10: 'employed', 11: 'employed', 12: 'employed', 27: 'employed', 46: 'employed', 50: 'employed',
  51: 'employed', 75: 'employed', 76: 'employed', 80: 'further_study', 85: 'further_study',
  70: 'pending', 71: 'pending', 72: 'pending',
};
const RECORD_KEYS = [
  'destination_code', 'destination_name', 'destination_category', 'employer_name', 'credit_code',
  'industry_code', 'region_code', 'unit_nature_code', 'job_title', 'salary', 'school',
  'effective_date', 'review_state',
];
const REVIEW_KEYS = [
  'id', 'student_id', 'student_no', 'name', 'graduation_year', 'college', 'major', 'state',
  'submitted_at', 'reviewed_at', 'review_reason', 'current', 'proposed', 'changed_fields',
];

// Asserts a record answer matches the body sent (every field given). The current record names
// the destination and its category; a pending report carries its id instead.
function checkRecord(rec, body, reviewState) {
  const keys = reviewState === 'pending'
    ? ['id', ...RECORD_KEYS.filter((k) => k !== 'destination_name' && k !== 'destination_category')]
    : RECORD_KEYS;
  for (const k of keys) assert.ok(Object.hasOwn(rec, k), `record lacks "${k}": ${JSON.stringify(rec)}`);
  assert.equal(rec.review_state, reviewState);
  if (reviewState !== 'pending') {
    assert.equal(rec.destination_category, CATEGORY[body.destination_code]);
    assert.equal(typeof rec.destination_name, 'string');
    assert.ok(rec.destination_name.length > 0);
  }
  for (const [k, v] of Object.entries(body)) {
    if (k === 'salary') assert.equal(Number(rec.salary), v, 'salary');
    else assert.equal(rec[k], v, `record.${k}`);
  }
}

let admin; // CLI admin
let college;
let majorA;
let majorB;
const employer = lazy(() => cliAccount('employer'));

before(async () => {
  admin = await cliAccount('admin');
  college = `就业学院${RUN}`;
  majorA = await createMajor(admin.token, { college, name: `就业甲专业${RUN}` });
  majorB = await createMajor(admin.token, { college, name: `就业乙专业${RUN}` });
});

// Fresh students of a major (list rows).
const students = (n, major = majorA) => importStudents(admin.token, Array.from({ length: n }, () => studentRow(major)));
const fresh = async (major) => (await students(1, major))[0];
// A fresh student with an activated account: {s (list row), token}.
async function studentWithAccount(major = majorA) {
  const s = await fresh(major);
  const acc = await cliAccount('student', { username: s.student_no });
  return { s, token: acc.token };
}
const record = async (id) => expectData(await get(`/students/${id}`, { token: admin.token }));
const reviews = (query, token = admin.token) => get('/employment/reviews', { token, query });
const decide = (json, token = admin.token) => post('/employment/reviews', { token, json });

// Pages through the review queue of `state` until the report `id` is found.
async function findReport(id, state = 'pending', token = admin.token) {
  for (let page = 1; page <= 100; page++) {
    const { data, meta } = expectList(await reviews({ state, page, per_page: 200 }, token));
    const hit = data.find((r) => r.id === id);
    if (hit) return hit;
    if (page * meta.per_page >= meta.total) return undefined;
  }
  return undefined;
}

describe('PUT /students/{id}/employment by staff: recorded at once', () => {
  test('an admin records a destination: 200 with the current record, review_state approved', async () => {
    const s = await fresh();
    const body = employmentBody('10', { effective_date: '2026-06-01', credit_code: creditCode() });
    const rec = expectData(await putEmployment(admin.token, s.id, body));
    checkRecord(rec, body, 'approved');
    assert.equal(rec.destination_name, '签就业协议形式就业');

    const doc = await record(s.id);
    checkRecord(doc.employment, body, 'approved');
    assert.equal(doc.pending_employment, null);
    assert.equal(doc.destination_code, '10');
    const { data } = expectList(await get('/students', { token: admin.token, query: { student_nos: s.student_no } }));
    assert.equal(data[0].destination_code, '10');
    assert.equal(data[0].destination_category, 'employed');
  });

  test('without effective_date the entry is dated today', async () => {
    const s = await fresh();
    const rec = expectData(await putEmployment(admin.token, s.id, employmentBody('75')));
    assert.equal(rec.effective_date, today());
  });

  test('every code of the national table, with its category', async () => {
    const s = await fresh();
    for (const code of Object.keys(CATEGORY)) {
      const body = employmentBody(code);
      const rec = expectData(await putEmployment(admin.token, s.id, body));
      checkRecord(rec, body, 'approved');
    }
  });

  test('46, 75, 76 and 70 need no employer; 80 and 85 need no employer either', async () => {
    const s = await fresh();
    for (const code of ['46', '75', '76', '70', '71', '72']) {
      expectData(await putEmployment(admin.token, s.id, { destination_code: code }));
    }
    expectData(await putEmployment(admin.token, s.id, { destination_code: '85', school: 'University of Edinburgh' }));
  });

  describe('422 naming the field, and the current record stays as it was', () => {
    let s;
    before(async () => {
      s = await fresh();
      expectData(await putEmployment(admin.token, s.id, employmentBody('80', { effective_date: '2026-07-01' })));
    });
    const cases = [
      ['no destination_code', 'destination_code', { destination_code: undefined }, '46'],
      ['destination_code 99 (not in the table)', 'destination_code', { destination_code: '99' }, '46'],
      ['an empty destination_code', 'destination_code', { destination_code: '' }, '46'],
      ...['10', '11', '12', '27', '50', '51'].map((c) => [`${c} without employer_name`, 'employer_name', { employer_name: undefined }, c]),
      ['80 without school', 'school', { school: undefined }, '80'],
      ['85 without school', 'school', { school: undefined }, '85'],
      ['a credit code with a wrong check character', 'credit_code', { credit_code: '91350100M000100Y44' }, '10'],
      ['a credit code of 17 characters', 'credit_code', { credit_code: '91350100M000100Y4' }, '10'],
      ['industry_code U', 'industry_code', { industry_code: 'U' }, '10'],
      ['region_code 999999', 'region_code', { region_code: '999999' }, '10'],
      ['unit_nature_code 98', 'unit_nature_code', { unit_nature_code: '98' }, '10'],
      ['salary -1', 'salary', { salary: -1 }, '10'],
      ['salary as text', 'salary', { salary: 'abc' }, '10'],
      ['effective_date tomorrow', 'effective_date', { effective_date: daysFromToday(1) }, '46'],
      ['effective_date 2026-02-30', 'effective_date', { effective_date: '2026-02-30' }, '46'],
      ['effective_date 2026/06/01', 'effective_date', { effective_date: '2026/06/01' }, '46'],
      ['an unknown field review_state', 'review_state', { review_state: 'approved' }, '46'],
      ['an unknown field student_id', 'student_id', { student_id: 1 }, '46'],
    ];
    for (const [what, field, over, code] of cases) {
      test(`${what} → 422 ${field}`, async () => {
        const body = employmentBody(code, over);
        for (const [k, v] of Object.entries(over)) if (v === undefined) delete body[k];
        expectError(await putEmployment(admin.token, s.id, body), 422, field);
        const doc = await record(s.id);
        assert.equal(doc.employment.destination_code, '80');
        assert.equal(doc.employment.effective_date, '2026-07-01');
      });
    }

    test('a body that is not JSON → 400', async () => {
      expectError(await put(`/students/${s.id}/employment`, { token: admin.token, body: '{"destination_code":' }), 400);
    });
  });

  test('absent or non-numeric student → 404', async () => {
    expectError(await putEmployment(admin.token, 2_000_000_000, employmentBody('46')), 404);
    expectError(await putEmployment(admin.token, 'abc', employmentBody('46')), 404);
  });

  test('a student of an inactive status (休学) → 409, for staff and for the student', async () => {
    const s = await fresh();
    const acc = await cliAccount('student', { username: s.student_no });
    expectData(await put(`/students/${s.id}/status`, { token: admin.token, json: { status: '休学', reason: '因病休学' } }));
    const err = expectError(await putEmployment(admin.token, s.id, employmentBody('46')), 409);
    assert.match(err.message, /休学/);
    expectError(await putEmployment(acc.token, s.id, employmentBody('46')), 409);
    expectData(await put(`/students/${s.id}/status`, { token: admin.token, json: { status: '在读', reason: '复学' } }));
    expectData(await putEmployment(admin.token, s.id, employmentBody('46')));
  });

  test('status changes: unknown status or no reason → 422, the same status → 409, student → 403', async () => {
    const s = await fresh();
    expectError(await put(`/students/${s.id}/status`, { token: admin.token, json: { status: '放假', reason: 'x' } }), 422, 'status');
    expectError(await put(`/students/${s.id}/status`, { token: admin.token, json: { status: '休学' } }), 422, 'reason');
    expectError(await put(`/students/${s.id}/status`, { token: admin.token, json: { status: '在读', reason: 'x' } }), 409);
    const acc = await cliAccount('student', { username: s.student_no });
    expectError(await put(`/students/${s.id}/status`, { token: acc.token, json: { status: '退学', reason: 'x' } }), 403);
    expectError(await put(`/students/2000000000/status`, { token: admin.token, json: { status: '休学', reason: 'x' } }), 404);
  });

  describe('who may record', () => {
    let s;
    before(async () => { s = await fresh(); });

    test('a counselor with students.edit may; without it → 403', async () => {
      const c = await staffWith(admin.token, 'counselor', ['students.edit', 'students.view']);
      checkRecord(expectData(await putEmployment(c.token, s.id, { destination_code: '46' })), { destination_code: '46' }, 'approved');
      const no = await staffWith(admin.token, 'counselor', ['students.view']);
      expectError(await putEmployment(no.token, s.id, { destination_code: '75' }), 403);
      assert.equal((await record(s.id)).employment.destination_code, '46');
    });

    test('an admin without students.edit → 403', async () => {
      const a = await staffWith(admin.token, 'admin', ['students.view']);
      expectError(await putEmployment(a.token, s.id, { destination_code: '75' }), 403);
    });

    test('an advisor needs no item in their majors; outside them → 404', async () => {
      const adv = await advisorFor(admin.token, [majorA.id]);
      checkRecord(expectData(await putEmployment(adv.token, s.id, { destination_code: '76' })), { destination_code: '76' }, 'approved');
      const b = await fresh(majorB);
      expectError(await putEmployment(adv.token, b.id, { destination_code: '76' }), 404);
      assert.notEqual((await record(b.id)).destination_code, '76');
    });

    test('an employer → 403; no token → 401', async () => {
      expectError(await putEmployment((await employer()).token, s.id, { destination_code: '75' }), 403);
      expectError(await put(`/students/${s.id}/employment`, { json: { destination_code: '75' } }), 401);
      assert.equal((await record(s.id)).destination_code, '76');
    });
  });
});

describe('PUT /students/{id}/employment by the student: a report for review', () => {
  test('the answer is the pending report; the current record is unchanged', async () => {
    const { s, token } = await studentWithAccount();
    const staff = employmentBody('70', { effective_date: '2026-06-15' });
    expectData(await putEmployment(admin.token, s.id, staff));
    const body = employmentBody('11', { employer_name: `学生申报单位${RUN}` });
    const rep = expectData(await putEmployment(token, s.id, body));
    assert.ok(Number.isInteger(rep.id) && rep.id > 0, `report id: ${JSON.stringify(rep)}`);
    checkRecord(rep, body, 'pending');
    assert.equal(rep.effective_date, today(), 'a student\'s report is dated today');

    const doc = await record(s.id);
    assert.equal(doc.employment.destination_code, '70');
    assert.equal(doc.employment.effective_date, '2026-06-15');
    assert.equal(doc.destination_code, '70');
    assert.equal(doc.pending_employment.id, rep.id);
    assert.equal(doc.pending_employment.employer_name, `学生申报单位${RUN}`);
    assert.equal(doc.pending_employment.review_state, 'pending');
    const own = expectData(await get(`/students/${s.id}`, { token }));
    assert.equal(own.pending_employment.id, rep.id);
    assert.equal(own.employment.destination_code, '70');
  });

  test('a student\'s effective_date is not taken: the report is dated today (or 422)', async () => {
    const { s, token } = await studentWithAccount();
    const res = await putEmployment(token, s.id, { destination_code: '75', effective_date: '2026-01-05' });
    if (res.status === 422) expectError(res, 422, 'effective_date');
    else assert.equal(expectData(res).effective_date, today());
  });

  test('a second report replaces the first pending one', async () => {
    const { s, token } = await studentWithAccount();
    const first = expectData(await putEmployment(token, s.id, { destination_code: '75' }));
    const second = expectData(await putEmployment(token, s.id, { destination_code: '76' }));
    assert.notEqual(first.id, second.id);
    const doc = await record(s.id);
    assert.equal(doc.pending_employment.id, second.id);
    assert.equal(doc.pending_employment.destination_code, '76');
    assert.equal(await findReport(first.id), undefined, 'the replaced report is still pending');
    assert.ok(await findReport(second.id));
    expectError(await decide({ ids: [first.id], decision: 'approve' }), 409);
  });

  test('the same rules apply: 80 without school → 422 school; an unknown field → 422', async () => {
    const { s, token } = await studentWithAccount();
    expectError(await putEmployment(token, s.id, { destination_code: '80' }), 422, 'school');
    expectError(await putEmployment(token, s.id, { destination_code: '75', review_state: 'approved' }), 422, 'review_state');
    assert.equal((await record(s.id)).pending_employment, null);
  });

  test('another student\'s record → 404', async () => {
    const { token } = await studentWithAccount();
    const other = await fresh();
    expectError(await putEmployment(token, other.id, { destination_code: '75' }), 404);
    assert.equal((await record(other.id)).pending_employment, null);
  });
});

describe('GET /employment/reviews', () => {
  let s;
  let rep;
  before(async () => {
    const st = await studentWithAccount();
    s = st.s;
    expectData(await putEmployment(admin.token, s.id, employmentBody('10', { employer_name: `旧单位${RUN}`, salary: 8000, effective_date: '2026-07-01' })));
    rep = expectData(await putEmployment(st.token, s.id, employmentBody('10', { employer_name: `新单位${RUN}`, salary: 9000 })));
  });

  test('a pending report: student, current and proposed side by side, changed_fields', async () => {
    const r = await findReport(rep.id);
    assert.ok(r, 'the report is not in the pending queue');
    for (const k of REVIEW_KEYS) assert.ok(Object.hasOwn(r, k), `review row lacks "${k}": ${JSON.stringify(r)}`);
    assert.equal(r.student_id, s.id);
    assert.equal(r.student_no, s.student_no);
    assert.equal(r.name, s.name);
    assert.equal(r.graduation_year, 2026);
    assert.equal(r.college, college);
    assert.equal(r.major, majorA.name);
    assert.equal(r.state, 'pending');
    assert.match(r.submitted_at, ISO_OFFSET);
    assert.equal(r.reviewed_at, null);
    assert.equal(r.current.employer_name, `旧单位${RUN}`);
    assert.equal(r.proposed.employer_name, `新单位${RUN}`);
    assert.equal(r.current.destination_code, '10');
    assert.equal(r.proposed.destination_code, '10');
    assert.deepEqual([...r.changed_fields].sort(), ['employer_name', 'salary']);
  });

  test('the default state is pending; state=approved and rejected list decided reports', async () => {
    const { data } = expectList(await reviews({ per_page: 200 }));
    for (const r of data) assert.equal(r.state, 'pending');
    for (const state of ['approved', 'rejected']) {
      const { data: d } = expectList(await reviews({ state, per_page: 50 }));
      for (const r of d) assert.equal(r.state, state);
    }
  });

  test('pages', async () => {
    const { meta } = expectList(await reviews({ per_page: 1, page: 1 }));
    assert.equal(meta.per_page, 1);
    assert.ok(meta.total >= 1);
  });

  test('bad query values → 422 naming them', async () => {
    expectError(await reviews({ state: 'maybe' }), 422, 'state');
    expectError(await reviews({ per_page: 500 }), 422, 'per_page');
    expectError(await reviews({ page: 0 }), 422, 'page');
  });

  test('an advisor sees only the reports of their majors, with no item', async () => {
    const b = await studentWithAccount(majorB);
    const repB = expectData(await putEmployment(b.token, b.s.id, { destination_code: '75' }));
    const advA = await advisorFor(admin.token, [majorA.id]);
    assert.ok(await findReport(rep.id, 'pending', advA.token), 'the advisor misses a report of their major');
    assert.equal(await findReport(repB.id, 'pending', advA.token), undefined, 'the advisor sees a report outside their majors');
    const { data } = expectList(await reviews({ per_page: 200 }, advA.token));
    for (const r of data) assert.equal(r.major === majorB.name, false);
  });

  test('who may read the queue', async () => {
    const c = await staffWith(admin.token, 'counselor', ['students.review']);
    expectList(await reviews({}, c.token));
    const cNo = await staffWith(admin.token, 'counselor', ['students.view', 'students.edit']);
    expectError(await reviews({}, cNo.token), 403);
    const aNo = await staffWith(admin.token, 'admin', ['students.view']);
    expectError(await reviews({}, aNo.token), 403);
    const stu = await studentWithAccount();
    expectError(await reviews({}, stu.token), 403);
    expectError(await reviews({}, (await employer()).token), 403);
    expectError(await get('/employment/reviews'), 401);
  });
});

describe('POST /employment/reviews', () => {
  // A fresh student with a pending report: {s, rep, token}.
  async function reported(body = employmentBody('12', { employer_name: `审核单位${RUN}` }), major = majorA) {
    const { s, token } = await studentWithAccount(major);
    const rep = expectData(await putEmployment(token, s.id, body));
    return { s, rep, token };
  }

  test('approve: the report becomes the current record', async () => {
    const { s, rep, token } = await reported();
    const res = expectData(await decide({ ids: [rep.id], decision: 'approve' }));
    assert.deepEqual(res, { decided: 1, decision: 'approve' });
    const doc = await record(s.id);
    assert.equal(doc.employment.destination_code, '12');
    assert.equal(doc.employment.employer_name, `审核单位${RUN}`);
    assert.equal(doc.employment.review_state, 'approved');
    assert.equal(doc.pending_employment, null);
    assert.equal(doc.destination_code, '12');
    const { data } = expectList(await get('/students', { token: admin.token, query: { student_nos: s.student_no } }));
    assert.equal(data[0].destination_code, '12');
    const own = expectData(await get(`/students/${s.id}`, { token }));
    assert.equal(own.employment.destination_code, '12');
    const r = await findReport(rep.id, 'approved');
    assert.ok(r, 'the report is not among the approved');
    assert.equal(r.state, 'approved');
    assert.match(r.reviewed_at, ISO_OFFSET);
    assert.equal(await findReport(rep.id, 'pending'), undefined);
  });

  test('reject needs a reason: without → 422 reason and nothing changes; with → rejected, current unchanged', async () => {
    const { s, rep } = await reported();
    expectError(await decide({ ids: [rep.id], decision: 'reject' }), 422, 'reason');
    assert.equal((await record(s.id)).pending_employment.id, rep.id);
    const res = expectData(await decide({ ids: [rep.id], decision: 'reject', reason: '单位名称与协议不符' }));
    assert.deepEqual(res, { decided: 1, decision: 'reject' });
    const doc = await record(s.id);
    assert.equal(doc.pending_employment, null);
    assert.notEqual(doc.destination_code, '12');
    const r = await findReport(rep.id, 'rejected');
    assert.ok(r, 'the report is not among the rejected');
    assert.equal(r.review_reason, '单位名称与协议不符');
    assert.match(r.reviewed_at, ISO_OFFSET);
  });

  test('several ids at once', async () => {
    const a = await reported({ destination_code: '75' });
    const b = await reported({ destination_code: '80', school: '东南大学' });
    const res = expectData(await decide({ ids: [a.rep.id, b.rep.id], decision: 'approve', reason: '核实无误' }));
    assert.deepEqual(res, { decided: 2, decision: 'approve' });
    assert.equal((await record(a.s.id)).destination_code, '75');
    assert.equal((await record(b.s.id)).destination_code, '80');
  });

  test('all or nothing: an absent id → 404 field ids, and the other id stays pending', async () => {
    const { s, rep } = await reported();
    const err = expectError(await decide({ ids: [rep.id, 2_000_000_000], decision: 'approve' }), 404);
    assert.equal(err.field, 'ids');
    const doc = await record(s.id);
    assert.equal(doc.pending_employment.id, rep.id);
    assert.notEqual(doc.destination_code, '12');
  });

  test('all or nothing: an id no longer pending → 409 naming both states, and the other stays pending', async () => {
    const done = await reported();
    expectData(await decide({ ids: [done.rep.id], decision: 'reject', reason: '材料不全' }));
    const { s, rep } = await reported();
    const err = expectError(await decide({ ids: [rep.id, done.rep.id], decision: 'approve' }), 409);
    assert.match(err.message, /rejected|已驳回|驳回/, `the message names the report's state: ${err.message}`);
    assert.match(err.message, /approve|pending|通过|待审/, `the message names the state asked for: ${err.message}`);
    assert.equal((await record(s.id)).pending_employment.id, rep.id);
    expectError(await decide({ ids: [done.rep.id], decision: 'reject', reason: '再次驳回' }), 409);
  });

  test('an advisor decides reports of their majors with no item; outside them → 404 and nothing changes', async () => {
    const inA = await reported();
    const inB = await reported(undefined, majorB);
    const adv = await advisorFor(admin.token, [majorA.id]);
    expectError(await decide({ ids: [inA.rep.id, inB.rep.id], decision: 'approve' }, adv.token), 404);
    assert.equal((await record(inA.s.id)).pending_employment.id, inA.rep.id);
    assert.equal((await record(inB.s.id)).pending_employment.id, inB.rep.id);
    assert.deepEqual(expectData(await decide({ ids: [inA.rep.id], decision: 'approve' }, adv.token)), { decided: 1, decision: 'approve' });
    assert.equal((await record(inA.s.id)).destination_code, '12');
  });

  describe('422', () => {
    const cases = [
      ['empty ids', 'ids', { ids: [], decision: 'approve' }],
      ['ids not an array', 'ids', { ids: 5, decision: 'approve' }],
      ['no ids', 'ids', { decision: 'approve' }],
      ['decision maybe', 'decision', { ids: [1], decision: 'maybe' }],
      ['no decision', 'decision', { ids: [1] }],
    ];
    for (const [what, field, body] of cases) {
      test(`${what} → 422 ${field}`, async () => {
        expectError(await decide(body), 422, field);
      });
    }
  });

  test('who may decide', async () => {
    const { s, rep, token } = await reported();
    const cNo = await staffWith(admin.token, 'counselor', ['students.view', 'students.edit']);
    expectError(await decide({ ids: [rep.id], decision: 'approve' }, cNo.token), 403);
    const aNo = await staffWith(admin.token, 'admin', ['students.view']);
    expectError(await decide({ ids: [rep.id], decision: 'approve' }, aNo.token), 403);
    expectError(await decide({ ids: [rep.id], decision: 'approve' }, token), 403);
    expectError(await decide({ ids: [rep.id], decision: 'approve' }, (await employer()).token), 403);
    expectError(await post('/employment/reviews', { json: { ids: [rep.id], decision: 'approve' } }), 401);
    assert.equal((await record(s.id)).pending_employment.id, rep.id);
    const c = await staffWith(admin.token, 'counselor', ['students.review']);
    expectData(await decide({ ids: [rep.id], decision: 'approve' }, c.token));
    assert.equal((await record(s.id)).employment.destination_code, '12');
  });
});

// Whatever the tests above wrote, the statistics' tallies still count the records exactly.
test('the tallies the triggers keep match the records', () => expectTalliesMatch());
