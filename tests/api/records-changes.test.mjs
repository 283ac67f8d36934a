// tests/api/records-changes.test.mjs: PUT /students/{id} (生源信息修改), PUT /students/{id}/dispatch
// (派遣信息), the change history GET /students/changes and its review POST /students/changes/review
// (docs/records-changes.md): staff edits applied at once, students' reports pending, every refusal,
// and that a refused write changes nothing.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  ISO_OFFSET, RUN, cliAccount, createMajor, expectData, expectError, expectList, get, lazy, put,
} from './lib.mjs';
import {
  advisorFor, badIdCard, expectTalliesMatch, expectValidationWithoutField, getStudent, idCard,
  idCardEndingX, importStudents, listChanges, putDispatch, putProfile, reviewChanges, setStatus,
  staffWith, studentRow,
} from './records.mjs';

const PROFILE = ['name', 'gender', 'id_card', 'enrolment_year', 'level', 'phone', 'email', 'origin_region_code', 'political_status'];
const DISPATCH = ['dispatch_type', 'unit_name', 'unit_address', 'archive_unit', 'archive_address', 'hukou_address'];
const CHANGE_KEYS = [
  'id', 'kind', 'student_id', 'student_no', 'name', 'graduation_year', 'college', 'major', 'state',
  'submitted_by', 'submitted_at', 'reviewed_by', 'reviewed_at', 'review_reason', 'current', 'proposed',
  'changed_fields',
];
const masked = (s) => s.slice(0, 3) + '*'.repeat(s.length - 7) + s.slice(-4);
const pick = (obj, keys) => Object.fromEntries(keys.map((k) => [k, obj?.[k] ?? null]));
const phone = () => `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

let admin; // CLI admin: every item, students.sensitive included
let college;
let mA; // college X
let mB; // college X
let mC; // college Y
let advX; // advisor of mA and mB
let advY; // advisor of mC
const employer = lazy(() => cliAccount('employer'));
const editorNoSensitive = lazy(() => staffWith(admin.token, 'admin', ['students.view', 'students.edit', 'students.review']));
const viewerOnly = lazy(() => staffWith(admin.token, 'admin', ['students.view']));
const editorNoReview = lazy(() => staffWith(admin.token, 'admin', ['students.view', 'students.edit']));

before(async () => {
  admin = await cliAccount('admin');
  college = `变更学院${RUN}`;
  mA = await createMajor(admin.token, { college, name: `变更甲专业${RUN}` });
  mB = await createMajor(admin.token, { college, name: `变更乙专业${RUN}` });
  mC = await createMajor(admin.token, { college: `变更丙学院${RUN}`, name: `变更丙专业${RUN}` });
  advX = await advisorFor(admin.token, [mA.id, mB.id]);
  advY = await advisorFor(admin.token, [mC.id]);
});

// A fresh student (list row) of `major`.
const fresh = async (major = mA, over = {}) => (await importStudents(admin.token, [studentRow(major, over)]))[0];
// A fresh student with an activated account: {s, token, id (account id)}.
async function withAccount(major = mA) {
  const s = await fresh(major);
  const acc = await cliAccount('student', { username: s.student_no });
  return { s, token: acc.token, id: acc.id };
}
const record = async (id, token = admin.token) => expectData(await getStudent(token, id));
// Every change of a student in `state` (as the CLI admin unless `token`).
async function changesOf(studentId, state, token = admin.token, query = {}) {
  return expectList(await listChanges(token, { student_id: studentId, state, per_page: 200, ...query })).data;
}
// Asserts the profile and dispatch of record `id` are still `before`.
async function unchanged(id, before) {
  const now = await record(id);
  assert.deepEqual(pick(now, PROFILE), pick(before, PROFILE), 'the profile changed');
  assert.deepEqual(pick(now.dispatch, DISPATCH), pick(before.dispatch, DISPATCH), 'the dispatch changed');
  assert.deepEqual(now.pending_profile, before.pending_profile, 'pending_profile changed');
  assert.deepEqual(now.pending_dispatch, before.pending_dispatch, 'pending_dispatch changed');
  return now;
}
function checkPending(p, proposed) {
  assert.ok(p && typeof p === 'object', `no pending change: ${JSON.stringify(p)}`);
  assert.ok(Number.isInteger(p.id) && p.id > 0, `pending id: ${JSON.stringify(p)}`);
  assert.match(String(p.submitted_at), ISO_OFFSET);
  for (const [k, v] of Object.entries(proposed)) assert.equal(p.proposed[k], v, `pending.proposed.${k}`);
}

describe('PUT /students/{id} by staff: applied at once, kept as an approved change', () => {
  test('an admin edits every staff field: 200 with the record, the history holds an approved entry', async () => {
    const s = await fresh();
    const before0 = await record(s.id);
    assert.equal(before0.pending_profile, null);
    const body = {
      name: `改名${RUN}`, gender: before0.gender === '男' ? '女' : '男', enrolment_year: 2021, level: '硕士研究生',
      phone: phone(), email: `changed.${RUN}@stu.example.cn`, origin_region_code: '110108', political_status: '03',
    };
    const res = await putProfile(admin.token, s.id, body);
    const rec = expectData(res);
    assert.equal(rec.id, s.id);
    assert.equal(rec.student_no, s.student_no);
    for (const [k, v] of Object.entries(body)) assert.equal(rec[k], v, `answer.${k}`);
    for (const k of ['pending_profile', 'pending_dispatch', 'pending_transfer', 'dispatch', 'employment']) {
      assert.ok(Object.hasOwn(rec, k), `the record lacks "${k}"`);
    }
    assert.equal(rec.pending_profile, null);
    assert.equal(rec.pending_dispatch, null);
    assert.equal(rec.pending_transfer, null);
    assert.deepEqual(rec, await record(s.id), 'the answer is the record as GET gives it');
    const listed = expectList(await get('/students', { token: admin.token, query: { student_nos: s.student_no } })).data[0];
    assert.equal(listed.name, body.name);

    const rows = await changesOf(s.id, 'approved');
    assert.equal(rows.length, 1, JSON.stringify(rows));
    const c = rows[0];
    for (const k of CHANGE_KEYS) assert.ok(Object.hasOwn(c, k), `change lacks "${k}": ${JSON.stringify(c)}`);
    assert.equal(c.kind, 'profile');
    assert.equal(c.state, 'approved');
    assert.equal(c.student_id, s.id);
    assert.equal(c.student_no, s.student_no);
    assert.equal(c.graduation_year, 2026);
    assert.equal(c.college, college);
    assert.equal(c.major, mA.name);
    assert.equal(Number(c.submitted_by), admin.id);
    assert.match(c.submitted_at, ISO_OFFSET);
    assert.match(String(c.reviewed_at), ISO_OFFSET);
    for (const [k, v] of Object.entries(body)) {
      assert.equal(c.proposed[k], v, `proposed.${k}`);
      assert.equal(c.current[k], v, `current.${k} (the record now)`);
    }
    assert.deepEqual(await changesOf(s.id, 'pending'), [], 'a staff edit never waits');
  });

  test('only the fields sent change; null clears an optional field', async () => {
    const s = await fresh();
    const before0 = await record(s.id);
    expectData(await putProfile(admin.token, s.id, { political_status: '01' }));
    const rec = expectData(await putProfile(admin.token, s.id, { phone: null, email: null, origin_region_code: null }));
    assert.equal(rec.phone, null);
    assert.equal(rec.email, null);
    assert.equal(rec.origin_region_code, null);
    assert.equal(rec.political_status, '01');
    for (const k of ['name', 'gender', 'id_card', 'enrolment_year', 'level']) assert.equal(rec[k], before0[k], k);
    assert.equal((await changesOf(s.id, 'approved')).length, 2);
  });

  test('id_card with students.sensitive: applied; a lower-case x is stored as X', async () => {
    const s = await fresh();
    const id = idCardEndingX();
    const rec = expectData(await putProfile(admin.token, s.id, { id_card: id.toLowerCase() }));
    assert.equal(rec.id_card, id);
    assert.equal((await record(s.id)).id_card, id);
  });

  test('id_card without students.sensitive → 403, nothing changes; other fields work and answer masked', async () => {
    const s = await fresh();
    const before0 = await record(s.id);
    const ed = await editorNoSensitive();
    expectError(await putProfile(ed.token, s.id, { id_card: idCard() }), 403);
    expectError(await putProfile(ed.token, s.id, { id_card: idCard(), phone: phone() }), 403);
    await unchanged(s.id, before0);
    assert.equal((await changesOf(s.id, 'approved')).length, 0);
    const p = phone();
    const rec = expectData(await putProfile(ed.token, s.id, { phone: p }));
    assert.equal(rec.phone, masked(p), 'the answer masks the phone for a caller without students.sensitive');
    assert.equal((await record(s.id)).phone, p);
  });

  describe('422 naming the field; the record and its history stay as they were', () => {
    let s;
    let before0;
    before(async () => {
      s = await fresh();
      before0 = await record(s.id);
    });
    const cases = [
      ['an empty name', 'name', { name: '' }],
      ['a name of 101 characters', 'name', { name: '名'.repeat(101) }],
      ['name null (required)', 'name', { name: null }],
      ['name as a number', 'name', { name: 123 }],
      ['gender M', 'gender', { gender: 'M' }],
      ['an ID card with a wrong check character', 'id_card', { id_card: badIdCard() }],
      ['an ID card of 15 digits', 'id_card', { id_card: '320102900101123' }],
      ['enrolment year after the graduation year', 'enrolment_year', { enrolment_year: 2027 }],
      ['enrolment year 13 years before graduation', 'enrolment_year', { enrolment_year: 2013 }],
      ['enrolment year as text', 'enrolment_year', { enrolment_year: 'abc' }],
      ['level 本科 (not the fixed word)', 'level', { level: '本科' }],
      ['a phone of 10 digits', 'phone', { phone: '1381234567' }],
      ['a phone not starting with 1', 'phone', { phone: '23812345678' }],
      ['a phone with a letter', 'phone', { phone: '1381234567a' }],
      ['an e-mail without @', 'email', { email: 'student.example.cn' }],
      ['an e-mail without domain', 'email', { email: 'x@' }],
      ['origin region 999999', 'origin_region_code', { origin_region_code: '999999' }],
      ['political status 99', 'political_status', { political_status: '99' }],
      ['political status by name, not code', 'political_status', { political_status: '群众' }],
      ['a field the route does not know (status)', 'status', { status: '退学' }],
      ['graduation_year (moves go through transfers)', 'graduation_year', { graduation_year: 2027 }],
      ['major_id (moves go through transfers)', 'major_id', { major_id: 1 }],
      ['a good phone with a bad e-mail: neither applies', 'email', { phone: '13700000001', email: 'bad' }],
    ];
    for (const [what, field, body] of cases) {
      test(`${what} → 422 ${field}`, async () => {
        expectError(await putProfile(admin.token, s.id, body), 422, field);
        await unchanged(s.id, before0);
        assert.equal((await changesOf(s.id, 'approved')).length, 0, 'a refused edit left a history entry');
      });
    }

    test('a body where every field equals the record → 422 "nothing changes" (field null)', async () => {
      expectValidationWithoutField(await putProfile(admin.token, s.id, { name: before0.name, phone: before0.phone }));
      expectValidationWithoutField(await putProfile(admin.token, s.id, { email: before0.email }));
      await unchanged(s.id, before0);
      assert.equal((await changesOf(s.id, 'approved')).length, 0);
    });

    test('an empty object → 422; malformed JSON or an array → 400', async () => {
      assert.equal((await putProfile(admin.token, s.id, {})).status, 422);
      expectError(await put(`/students/${s.id}`, { token: admin.token, body: '{"name":' }), 400);
      expectError(await put(`/students/${s.id}`, { token: admin.token, body: '["name"]' }), 400);
      await unchanged(s.id, before0);
    });
  });

  describe('who may', () => {
    let s;
    let before0;
    before(async () => {
      s = await fresh();
      before0 = await record(s.id);
    });

    test('no token → 401', async () => {
      expectError(await putProfile(undefined, s.id, { phone: phone() }), 401);
      await unchanged(s.id, before0);
    });

    test('an employer → 403; an admin without students.edit → 403', async () => {
      expectError(await putProfile((await employer()).token, s.id, { phone: phone() }), 403);
      expectError(await putProfile((await viewerOnly()).token, s.id, { phone: phone() }), 403);
      await unchanged(s.id, before0);
    });

    test('an advisor of another college → 404; unknown and malformed ids → 404', async () => {
      expectError(await putProfile(advY.token, s.id, { phone: phone() }), 404);
      expectError(await putProfile(admin.token, 999_999_999, { phone: phone() }), 404);
      expectError(await putProfile(admin.token, 'abc', { phone: phone() }), 404);
      await unchanged(s.id, before0);
      assert.equal((await changesOf(s.id, 'approved')).length, 0);
    });

    test('another student → 404 and nothing changes', async () => {
      const other = await withAccount();
      expectError(await putProfile(other.token, s.id, { phone: phone() }), 404);
      await unchanged(s.id, before0);
      assert.equal((await changesOf(s.id, 'pending')).length, 0);
    });

    test('the advisor of the major needs no item: applied at once, submitted_by the advisor', async () => {
      const t = await fresh(mB);
      const p = phone();
      const rec = expectData(await putProfile(advX.token, t.id, { phone: p, name: `辅导员改${RUN}` }));
      assert.equal(rec.phone, masked(p), 'an advisor without students.sensitive sees the phone masked');
      assert.equal(rec.name, `辅导员改${RUN}`);
      assert.equal((await record(t.id)).phone, p);
      const [c] = await changesOf(t.id, 'approved');
      assert.equal(Number(c.submitted_by), advX.id);
    });
  });
});

describe('PUT /students/{id} by the student: waits for review', () => {
  test('phone and e-mail → 200, the record unchanged, pending_profile carries the proposal', async () => {
    const me = await withAccount();
    const before0 = await record(me.s.id);
    const body = { phone: phone(), email: `mine.${RUN}@stu.example.cn` };
    const rec = expectData(await putProfile(me.token, me.s.id, body));
    assert.equal(rec.phone, before0.phone, 'the phone must not change before review');
    assert.equal(rec.email, before0.email);
    checkPending(rec.pending_profile, body);
    assert.equal(rec.pending_dispatch, null);
    const seen = await record(me.s.id);
    assert.equal(seen.phone, before0.phone);
    assert.deepEqual(seen.pending_profile, rec.pending_profile, 'staff see the same pending change');
    assert.deepEqual((await record(me.s.id, me.token)).pending_profile, rec.pending_profile);

    const [c] = await changesOf(me.s.id, 'pending');
    assert.equal(c.id, rec.pending_profile.id);
    assert.equal(c.kind, 'profile');
    assert.equal(c.state, 'pending');
    assert.equal(Number(c.submitted_by), me.id);
    assert.equal(c.reviewed_at, null);
    assert.equal(c.reviewed_by, null);
    assert.deepEqual([...c.changed_fields].sort(), ['email', 'phone']);
    assert.equal(c.current.phone, before0.phone);
    assert.equal(c.current.email, before0.email);
    assert.equal(c.proposed.phone, body.phone);
    assert.equal(c.proposed.email, body.email);
  });

  test('origin region and political status may be reported too; changed_fields names only what differs', async () => {
    const me = await withAccount();
    const before0 = await record(me.s.id);
    const rec = expectData(await putProfile(me.token, me.s.id, { origin_region_code: '110108', political_status: '13', email: before0.email }));
    checkPending(rec.pending_profile, { origin_region_code: '110108', political_status: '13' });
    const [c] = await changesOf(me.s.id, 'pending');
    assert.deepEqual([...c.changed_fields].sort(), ['origin_region_code', 'political_status']);
  });

  test('a newer report replaces the pending one, which becomes rejected ("superseded")', async () => {
    const me = await withAccount();
    const first = expectData(await putProfile(me.token, me.s.id, { phone: phone() })).pending_profile;
    const p2 = phone();
    const second = expectData(await putProfile(me.token, me.s.id, { phone: p2 })).pending_profile;
    assert.notEqual(second.id, first.id, 'the newer report is a new change');
    assert.equal(second.proposed.phone, p2);
    const pending = await changesOf(me.s.id, 'pending');
    assert.deepEqual(pending.map((c) => c.id), [second.id], 'exactly one pending profile change');
    const old = (await changesOf(me.s.id, 'rejected')).find((c) => c.id === first.id);
    assert.ok(old, 'the older report is not listed as rejected');
    assert.match(String(old.review_reason), /supersed/i);
  });

  const refused = [
    ['name', { name: '自己改名' }],
    ['gender', { gender: '女' }],
    ['id_card', { id_card: idCard() }],
    ['enrolment_year', { enrolment_year: 2021 }],
    ['level', { level: '硕士研究生' }],
  ];
  for (const [field, body] of refused) {
    test(`a student sending ${field} → 422 ${field}, no report is made`, async () => {
      const me = await withAccount();
      const before0 = await record(me.s.id);
      expectError(await putProfile(me.token, me.s.id, { ...body, phone: phone() }), 422, field);
      await unchanged(me.s.id, before0);
      assert.deepEqual(await changesOf(me.s.id, 'pending'), []);
    });
  }

  test('a student: invalid phone → 422 phone; nothing changes → 422 without field', async () => {
    const me = await withAccount();
    const before0 = await record(me.s.id);
    expectError(await putProfile(me.token, me.s.id, { phone: '12' }), 422, 'phone');
    expectError(await putProfile(me.token, me.s.id, { email: 'nope' }), 422, 'email');
    expectError(await putProfile(me.token, me.s.id, { origin_region_code: '999999' }), 422, 'origin_region_code');
    expectError(await putProfile(me.token, me.s.id, { political_status: '99' }), 422, 'political_status');
    expectValidationWithoutField(await putProfile(me.token, me.s.id, { phone: before0.phone }));
    await unchanged(me.s.id, before0);
    assert.deepEqual(await changesOf(me.s.id, 'pending'), []);
  });
});

describe('PUT /students/{id}/dispatch', () => {
  const toUnit = () => ({
    dispatch_type: '派遣到单位', unit_name: `派遣单位${RUN}`, unit_address: '南京市玄武区某路1号',
    archive_unit: '南京市人才服务中心', archive_address: '南京市鼓楼区某路2号', hukou_address: '南京市玄武区某街道',
  });

  test('staff: applied at once; the record shows the dispatch; an approved dispatch change is kept', async () => {
    const s = await fresh();
    const body = toUnit();
    const rec = expectData(await putDispatch(admin.token, s.id, body));
    for (const [k, v] of Object.entries(body)) assert.equal(rec.dispatch?.[k], v, `dispatch.${k}`);
    assert.equal(rec.pending_dispatch, null);
    const again = await record(s.id);
    for (const [k, v] of Object.entries(body)) assert.equal(again.dispatch[k], v, `dispatch.${k} after re-reading`);
    const [c] = await changesOf(s.id, 'approved', admin.token, { kind: 'dispatch' });
    assert.equal(c.kind, 'dispatch');
    assert.equal(c.state, 'approved');
    assert.equal(c.proposed.unit_name, body.unit_name);
    assert.deepEqual(await changesOf(s.id, 'approved', admin.token, { kind: 'profile' }), []);
  });

  test('派遣到单位 without unit_name → 422 unit_name, the dispatch stays', async () => {
    const s = await fresh();
    const before0 = await record(s.id);
    expectError(await putDispatch(admin.token, s.id, { dispatch_type: '派遣到单位' }), 422, 'unit_name');
    expectError(await putDispatch(admin.token, s.id, { dispatch_type: '派遣到单位', unit_address: '某地' }), 422, 'unit_name');
    await unchanged(s.id, before0);
  });

  test('the rule is checked on the record as it would be: clearing unit_name of a 派遣到单位 → 422; 升学 then may drop it', async () => {
    const s = await fresh();
    expectData(await putDispatch(admin.token, s.id, toUnit()));
    const before0 = await record(s.id);
    expectError(await putDispatch(admin.token, s.id, { unit_name: null }), 422, 'unit_name');
    await unchanged(s.id, before0);
    const rec = expectData(await putDispatch(admin.token, s.id, { dispatch_type: '升学', unit_name: null }));
    assert.equal(rec.dispatch.dispatch_type, '升学');
    assert.equal(rec.dispatch.unit_name, null);
    // The unit is already recorded: naming only the type is enough.
    expectData(await putDispatch(admin.token, s.id, { unit_name: '再派单位' }));
    assert.equal(expectData(await putDispatch(admin.token, s.id, { dispatch_type: '派遣到单位' })).dispatch.dispatch_type, '派遣到单位');
  });

  const cases = [
    ['an unknown dispatch type', 'dispatch_type', { dispatch_type: '去火星' }],
    ['unit_name of 201 characters', 'unit_name', { dispatch_type: '派遣到单位', unit_name: '单'.repeat(201) }],
    ['hukou_address of 201 characters', 'hukou_address', { hukou_address: '址'.repeat(201) }],
    ['a profile field on the dispatch route', 'phone', { phone: '13700000002' }],
  ];
  for (const [what, field, body] of cases) {
    test(`${what} → 422 ${field}, nothing changes`, async () => {
      const s = await fresh();
      const before0 = await record(s.id);
      expectError(await putDispatch(admin.token, s.id, body), 422, field);
      await unchanged(s.id, before0);
      assert.equal((await changesOf(s.id, 'approved')).length, 0);
    });
  }

  test('nothing changes → 422 without field', async () => {
    const s = await fresh();
    const rec = expectData(await putDispatch(admin.token, s.id, { dispatch_type: '升学' }));
    expectValidationWithoutField(await putDispatch(admin.token, s.id, { dispatch_type: rec.dispatch.dispatch_type }));
  });

  test('a student whose status is 休学 → 409 (staff and the student), nothing changes', async () => {
    const me = await withAccount();
    await setStatus(admin.token, me.s.id, '休学', '因病休学一年');
    const before0 = await record(me.s.id);
    expectError(await putDispatch(admin.token, me.s.id, { dispatch_type: '升学' }), 409);
    expectError(await putDispatch(advX.token, me.s.id, toUnit()), 409);
    expectError(await putDispatch(me.token, me.s.id, { dispatch_type: '升学' }), 409);
    await unchanged(me.s.id, before0);
    assert.deepEqual(await changesOf(me.s.id, 'pending'), []);
    assert.deepEqual(await changesOf(me.s.id, 'approved'), []);
  });

  test('the student reports: pending_dispatch; the profile report is independent of it', async () => {
    const me = await withAccount();
    const before0 = await record(me.s.id);
    const prof = expectData(await putProfile(me.token, me.s.id, { phone: phone() })).pending_profile;
    const rec = expectData(await putDispatch(me.token, me.s.id, toUnit()));
    assert.equal(rec.dispatch?.dispatch_type ?? null, before0.dispatch?.dispatch_type ?? null, 'the dispatch must not change before review');
    checkPending(rec.pending_dispatch, toUnit());
    assert.equal(rec.pending_profile.id, prof.id, 'a dispatch report must not supersede the profile report');
    const newer = expectData(await putDispatch(me.token, me.s.id, { dispatch_type: '升学' })).pending_dispatch;
    assert.notEqual(newer.id, rec.pending_dispatch.id);
    const pending = await changesOf(me.s.id, 'pending');
    assert.deepEqual(pending.map((c) => c.id).sort((a, b) => a - b), [prof.id, newer.id].sort((a, b) => a - b));
    assert.deepEqual((await changesOf(me.s.id, 'pending', admin.token, { kind: 'dispatch' })).map((c) => c.id), [newer.id]);
  });

  test('the student: 派遣到单位 without a unit → 422 unit_name, no report', async () => {
    const me = await withAccount();
    expectError(await putDispatch(me.token, me.s.id, { dispatch_type: '派遣到单位' }), 422, 'unit_name');
    assert.deepEqual(await changesOf(me.s.id, 'pending'), []);
  });

  describe('who may', () => {
    let s;
    let before0;
    before(async () => {
      s = await fresh();
      before0 = await record(s.id);
    });
    test('no token → 401; employer → 403; admin without students.edit → 403', async () => {
      expectError(await putDispatch(undefined, s.id, { dispatch_type: '升学' }), 401);
      expectError(await putDispatch((await employer()).token, s.id, { dispatch_type: '升学' }), 403);
      expectError(await putDispatch((await viewerOnly()).token, s.id, { dispatch_type: '升学' }), 403);
      await unchanged(s.id, before0);
    });
    test('advisor of another college, another student, unknown id → 404', async () => {
      const other = await withAccount();
      expectError(await putDispatch(advY.token, s.id, { dispatch_type: '升学' }), 404);
      expectError(await putDispatch(other.token, s.id, { dispatch_type: '升学' }), 404);
      expectError(await putDispatch(admin.token, 999_999_999, { dispatch_type: '升学' }), 404);
      await unchanged(s.id, before0);
    });
    test('the advisor of the major: applied at once', async () => {
      const rec = expectData(await putDispatch(advX.token, s.id, { dispatch_type: '暂缓派遣' }));
      assert.equal(rec.dispatch.dispatch_type, '暂缓派遣');
    });
  });
});

describe('GET /students/changes', () => {
  test('kind filters; the pending queue is oldest first, decided changes newest first', async () => {
    const me = await withAccount();
    const p = expectData(await putProfile(me.token, me.s.id, { phone: phone() })).pending_profile;
    const d = expectData(await putDispatch(me.token, me.s.id, { dispatch_type: '升学' })).pending_dispatch;
    assert.deepEqual((await changesOf(me.s.id, 'pending')).map((c) => c.id), [p.id, d.id], 'oldest first');
    const byDefault = expectList(await listChanges(admin.token, { student_id: me.s.id })).data;
    assert.deepEqual(byDefault.map((c) => c.id), [p.id, d.id], 'state defaults to pending, both kinds');
    assert.deepEqual((await changesOf(me.s.id, 'pending', admin.token, { kind: 'profile' })).map((c) => c.kind), ['profile']);
    assert.deepEqual((await changesOf(me.s.id, 'pending', admin.token, { kind: 'dispatch' })).map((c) => c.kind), ['dispatch']);

    const s = await fresh();
    expectData(await putProfile(admin.token, s.id, { phone: phone() }));
    expectData(await putProfile(admin.token, s.id, { phone: phone() }));
    const ids = (await changesOf(s.id, 'approved')).map((c) => c.id);
    assert.equal(ids.length, 2);
    assert.ok(ids[0] > ids[1], `approved changes newest first: ${ids}`);
  });

  test('phones and ID cards are masked without students.sensitive, in proposed and current alike', async () => {
    const me = await withAccount();
    const before0 = await record(me.s.id);
    const p = phone();
    expectData(await putProfile(me.token, me.s.id, { phone: p }));
    const s = await fresh();
    const id = idCard();
    expectData(await putProfile(admin.token, s.id, { id_card: id }));

    const full = (await changesOf(me.s.id, 'pending'))[0];
    assert.equal(full.proposed.phone, p);
    assert.equal(full.current.phone, before0.phone);
    const ed = await editorNoSensitive();
    const hidden = (await changesOf(me.s.id, 'pending', ed.token))[0];
    assert.equal(hidden.proposed.phone, masked(p));
    assert.equal(hidden.current.phone, masked(before0.phone));
    assert.deepEqual(hidden.changed_fields, ['phone'], 'masking must not hide that the phone changes');
    const idRow = (await changesOf(s.id, 'approved', ed.token))[0];
    assert.equal(idRow.proposed.id_card, masked(id));
    assert.ok(!JSON.stringify(hidden).includes(p), 'the full phone leaks somewhere in the row');
    assert.ok(!JSON.stringify(idRow).includes(id), 'the full ID card leaks somewhere in the row');
  });

  test('an advisor sees the changes of their majors only', async () => {
    const me = await withAccount(mA);
    expectData(await putProfile(me.token, me.s.id, { phone: phone() }));
    assert.equal((await changesOf(me.s.id, 'pending', advX.token)).length, 1);
    assert.equal((await changesOf(me.s.id, 'pending', advY.token)).length, 0);
  });

  test('422 naming the parameter', async () => {
    expectError(await listChanges(admin.token, { state: 'foo' }), 422, 'state');
    expectError(await listChanges(admin.token, { kind: 'employment' }), 422, 'kind');
    expectError(await listChanges(admin.token, { student_id: 'abc' }), 422, 'student_id');
    expectError(await listChanges(admin.token, { per_page: 500 }), 422, 'per_page');
  });

  test('no token → 401; a student, an employer, an admin without students.review → 403', async () => {
    const me = await withAccount();
    expectError(await listChanges(undefined, {}), 401);
    expectError(await listChanges(me.token, {}), 403);
    expectError(await listChanges((await employer()).token, {}), 403);
    expectError(await listChanges((await editorNoReview()).token, {}), 403);
  });
});

describe('POST /students/changes/review', () => {
  test('a batch approve applies every change: profile and dispatch', async () => {
    const a = await withAccount();
    const b = await withAccount();
    const p = phone();
    const c1 = expectData(await putProfile(a.token, a.s.id, { phone: p, political_status: '03' })).pending_profile;
    const c2 = expectData(await putDispatch(b.token, b.s.id, { dispatch_type: '升学' })).pending_dispatch;
    const data = expectData(await reviewChanges(admin.token, { ids: [c1.id, c2.id], decision: 'approve' }));
    assert.deepEqual(data, { decided: 2, decision: 'approve' });
    const ra = await record(a.s.id);
    assert.equal(ra.phone, p);
    assert.equal(ra.political_status, '03');
    assert.equal(ra.pending_profile, null);
    const rb = await record(b.s.id);
    assert.equal(rb.dispatch.dispatch_type, '升学');
    assert.equal(rb.pending_dispatch, null);
    const done = (await changesOf(a.s.id, 'approved')).find((c) => c.id === c1.id);
    assert.ok(done, 'the approved change is not listed');
    assert.equal(Number(done.reviewed_by), admin.id);
    assert.match(String(done.reviewed_at), ISO_OFFSET);
  });

  test('approving applies the proposal to the record as it is now (a staff edit since is kept)', async () => {
    const me = await withAccount();
    const p = phone();
    const c = expectData(await putProfile(me.token, me.s.id, { phone: p })).pending_profile;
    const email = `staff.${RUN}@stu.example.cn`;
    expectData(await putProfile(admin.token, me.s.id, { email }));
    expectData(await reviewChanges(advX.token, { ids: [c.id], decision: 'approve' }));
    const rec = await record(me.s.id);
    assert.equal(rec.phone, p);
    assert.equal(rec.email, email);
  });

  test('a rejection needs a reason (422 reason, nothing decided); with one the record stays', async () => {
    const me = await withAccount();
    const before0 = await record(me.s.id);
    const c = expectData(await putProfile(me.token, me.s.id, { phone: phone() })).pending_profile;
    expectError(await reviewChanges(admin.token, { ids: [c.id], decision: 'reject' }), 422, 'reason');
    expectError(await reviewChanges(admin.token, { ids: [c.id], decision: 'reject', reason: '' }), 422, 'reason');
    assert.deepEqual((await changesOf(me.s.id, 'pending')).map((x) => x.id), [c.id]);
    expectData(await reviewChanges(admin.token, { ids: [c.id], decision: 'reject', reason: '号码与学籍系统不符' }));
    const rec = await record(me.s.id);
    assert.equal(rec.phone, before0.phone);
    assert.equal(rec.pending_profile, null);
    const r = (await changesOf(me.s.id, 'rejected')).find((x) => x.id === c.id);
    assert.equal(r.review_reason, '号码与学籍系统不符');
    assert.equal(r.state, 'rejected');
  });

  test('an id out of the caller\'s scope → 404 (field ids) and nothing is decided', async () => {
    const x = await withAccount(mA);
    const y = await withAccount(mC);
    const cx = expectData(await putProfile(x.token, x.s.id, { phone: phone() })).pending_profile;
    const cy = expectData(await putProfile(y.token, y.s.id, { phone: phone() })).pending_profile;
    expectError(await reviewChanges(advY.token, { ids: [cy.id, cx.id], decision: 'approve' }), 404, 'ids');
    expectError(await reviewChanges(advY.token, { ids: [cx.id], decision: 'reject', reason: '越权' }), 404, 'ids');
    assert.equal((await changesOf(y.s.id, 'pending')).length, 1, 'the in-scope change was decided');
    assert.equal((await changesOf(x.s.id, 'pending')).length, 1);
    assert.notEqual((await record(y.s.id)).phone, cy.proposed.phone);
    expectError(await reviewChanges(admin.token, { ids: [cy.id, 999_999_999], decision: 'approve' }), 404, 'ids');
    assert.equal((await changesOf(y.s.id, 'pending')).length, 1);
  });

  test('a change no longer pending → 409, and the others in the batch stay pending', async () => {
    const a = await withAccount();
    const b = await withAccount();
    const ca = expectData(await putProfile(a.token, a.s.id, { phone: phone() })).pending_profile;
    const cb = expectData(await putProfile(b.token, b.s.id, { phone: phone() })).pending_profile;
    expectData(await reviewChanges(admin.token, { ids: [ca.id], decision: 'approve' }));
    expectError(await reviewChanges(admin.token, { ids: [ca.id], decision: 'approve' }), 409);
    expectError(await reviewChanges(admin.token, { ids: [cb.id, ca.id], decision: 'reject', reason: '重复' }), 409);
    assert.deepEqual((await changesOf(b.s.id, 'pending')).map((c) => c.id), [cb.id]);
    assert.equal((await changesOf(a.s.id, 'approved')).find((c) => c.id === ca.id)?.state, 'approved');
  });

  test('422: no ids, too many ids, a decision other than approve/reject, an unknown field', async () => {
    const me = await withAccount();
    const c = expectData(await putProfile(me.token, me.s.id, { phone: phone() })).pending_profile;
    expectError(await reviewChanges(admin.token, { ids: [], decision: 'approve' }), 422, 'ids');
    expectError(await reviewChanges(admin.token, { decision: 'approve' }), 422, 'ids');
    expectError(await reviewChanges(admin.token, { ids: Array.from({ length: 1001 }, (_, i) => i + 1), decision: 'approve' }), 422, 'ids');
    expectError(await reviewChanges(admin.token, { ids: [c.id], decision: 'maybe' }), 422, 'decision');
    expectError(await reviewChanges(admin.token, { ids: [c.id], decision: 'approve', state: 'approved' }), 422, 'state');
    assert.deepEqual((await changesOf(me.s.id, 'pending')).map((x) => x.id), [c.id]);
  });

  test('no token → 401; a student, an employer, an admin without students.review → 403; nothing decided', async () => {
    const me = await withAccount();
    const c = expectData(await putProfile(me.token, me.s.id, { phone: phone() })).pending_profile;
    const body = { ids: [c.id], decision: 'approve' };
    expectError(await reviewChanges(undefined, body), 401);
    expectError(await reviewChanges(me.token, body), 403);
    expectError(await reviewChanges((await employer()).token, body), 403);
    expectError(await reviewChanges((await editorNoReview()).token, body), 403);
    assert.deepEqual((await changesOf(me.s.id, 'pending')).map((x) => x.id), [c.id]);
  });
});

// Whatever the tests above wrote, the statistics' tallies still count the records exactly.
test('the tallies the triggers keep match the records', () => expectTalliesMatch());
