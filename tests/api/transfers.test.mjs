// tests/api/transfers.test.mjs: moving a record to another graduation year or major
// (POST /students/{id}/transfers, 转移数据), the receiving college's approval
// (POST /transfers/{id}/decision, 专业转移审核) and GET /transfers (docs/records-changes.md).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  ISO_OFFSET, RUN, cliAccount, createMajor, expectData, expectError, expectList, lazy,
} from './lib.mjs';
import {
  advisorFor, decideTransfer, expectTalliesMatch, expectValidationWithoutField, getStudent,
  importStudents, listTransfers, requestTransfer, staffWith, studentRow,
} from './records.mjs';

const TRANSFER_KEYS = [
  'id', 'student_id', 'student_no', 'name', 'from_year', 'to_year', 'from_major_id', 'from_major',
  'from_college', 'to_major_id', 'to_major', 'to_college', 'reason', 'state', 'requested_by',
  'requested_at', 'decided_by', 'decided_at', 'decision_reason',
];

let admin;
let mA; // college X
let mB; // college X
let mC; // college Y
let mD; // college Z
let advX; // mA, mB
let advY; // mC
let advZ; // mD
const employer = lazy(() => cliAccount('employer'));
const viewerOnly = lazy(() => staffWith(admin.token, 'admin', ['students.view']));
const statsOnly = lazy(() => staffWith(admin.token, 'admin', ['stats.view']));

before(async () => {
  admin = await cliAccount('admin');
  const x = `转出学院${RUN}`;
  mA = await createMajor(admin.token, { college: x, name: `转移甲专业${RUN}` });
  mB = await createMajor(admin.token, { college: x, name: `转移乙专业${RUN}` });
  mC = await createMajor(admin.token, { college: `转入学院${RUN}`, name: `转移丙专业${RUN}` });
  mD = await createMajor(admin.token, { college: `旁观学院${RUN}`, name: `转移丁专业${RUN}` });
  advX = await advisorFor(admin.token, [mA.id, mB.id]);
  advY = await advisorFor(admin.token, [mC.id]);
  advZ = await advisorFor(admin.token, [mD.id]);
});

const fresh = async (major = mA, over = {}) => (await importStudents(admin.token, [studentRow(major, over)]))[0];
const record = async (id, token = admin.token) => expectData(await getStudent(token, id));
const place = (r) => [r.graduation_year, Number(r.major_id)];

function checkTransfer(t, s, want) {
  for (const k of TRANSFER_KEYS) assert.ok(Object.hasOwn(t, k), `transfer lacks "${k}": ${JSON.stringify(t)}`);
  assert.ok(Number.isInteger(t.id) && t.id > 0);
  assert.equal(t.student_id, s.id);
  assert.equal(t.student_no, s.student_no);
  assert.equal(t.name, s.name);
  assert.match(t.requested_at, ISO_OFFSET);
  for (const [k, v] of Object.entries(want)) {
    if (k.endsWith('_id') || k === 'requested_by' || k === 'decided_by') assert.equal(t[k] === null ? null : Number(t[k]), v, k);
    else assert.equal(t[k], v, k);
  }
}

// A pending cross-college transfer of a fresh mA student to mC, requested by advX.
async function pendingTransfer(over = {}) {
  const s = await fresh(mA);
  const t = expectData(await requestTransfer(advX.token, s.id, { major_id: mC.id, reason: '转专业到丙学院', ...over }), 201);
  assert.equal(t.state, 'pending');
  return { s, t };
}

// Pages through GET /transfers as `token` with `query` and returns the ids listed.
async function listedIds(token, query = {}) {
  const ids = [];
  for (let page = 1; page <= 50; page++) {
    const { data, meta } = expectList(await listTransfers(token, { ...query, page, per_page: 200 }));
    ids.push(...data.map((t) => t.id));
    if (page * meta.per_page >= meta.total) break;
  }
  return ids;
}

describe('POST /students/{id}/transfers inside the caller\'s majors: made at once', () => {
  test('an advisor moves a record to another year and another of their majors: 201 approved, the record moved', async () => {
    const s = await fresh(mA);
    const t = expectData(await requestTransfer(advX.token, s.id, { graduation_year: 2027, major_id: mB.id, reason: '延期一年并转专业' }), 201);
    checkTransfer(t, s, {
      from_year: 2026, to_year: 2027, from_major_id: mA.id, to_major_id: mB.id, from_major: mA.name,
      to_major: mB.name, from_college: mA.college, to_college: mB.college, reason: '延期一年并转专业',
      state: 'approved', requested_by: advX.id, decided_by: advX.id,
    });
    assert.match(String(t.decided_at), ISO_OFFSET);
    const rec = await record(s.id);
    assert.deepEqual(place(rec), [2027, mB.id]);
    assert.equal(rec.major, mB.name);
    assert.equal(rec.pending_transfer, null);
  });

  test('an admin (every major in scope) moves only the year: approved at once', async () => {
    const s = await fresh(mC);
    const t = expectData(await requestTransfer(admin.token, s.id, { graduation_year: 2025, reason: '提前毕业' }), 201);
    assert.equal(t.state, 'approved');
    assert.equal(Number(t.to_major_id), mC.id);
    assert.deepEqual(place(await record(s.id)), [2025, mC.id]);
  });

  test('an admin moves a record across colleges: approved at once', async () => {
    const s = await fresh(mA);
    const t = expectData(await requestTransfer(admin.token, s.id, { major_id: mD.id, reason: '学院调整' }), 201);
    assert.equal(t.state, 'approved');
    assert.deepEqual(place(await record(s.id)), [2026, mD.id]);
  });
});

describe('a move to another college waits for the receiving college', () => {
  test('201 pending; the record stays and shows pending_transfer; the receiver approves and the record moves', async () => {
    const { s, t } = await pendingTransfer();
    checkTransfer(t, s, {
      from_year: 2026, to_year: 2026, from_major_id: mA.id, to_major_id: mC.id, to_college: mC.college,
      state: 'pending', requested_by: advX.id, decided_by: null,
    });
    assert.equal(t.decided_at, null);
    const rec = await record(s.id);
    assert.deepEqual(place(rec), [2026, mA.id]);
    assert.equal(rec.pending_transfer?.id, t.id);
    assert.equal((await record(s.id, advX.token)).pending_transfer?.id, t.id);

    const done = expectData(await decideTransfer(advY.token, t.id, { decision: 'approve' }));
    checkTransfer(done, s, { state: 'approved', decided_by: advY.id, to_major_id: mC.id });
    assert.match(String(done.decided_at), ISO_OFFSET);
    const moved = await record(s.id);
    assert.deepEqual(place(moved), [2026, mC.id]);
    assert.equal(moved.pending_transfer, null);
    // Scope follows the record: now the receiving advisor's, no longer the requester's.
    assert.equal((await record(s.id, advY.token)).id, s.id);
    expectError(await getStudent(advX.token, s.id), 404);
  });

  test('the requesting advisor cannot approve or reject (403); the receiver cannot withdraw (403); nothing changes', async () => {
    const { s, t } = await pendingTransfer();
    expectError(await decideTransfer(advX.token, t.id, { decision: 'approve' }), 403);
    expectError(await decideTransfer(advX.token, t.id, { decision: 'reject', reason: '自己驳回' }), 403);
    expectError(await decideTransfer(advY.token, t.id, { decision: 'withdraw' }), 403);
    assert.deepEqual(place(await record(s.id)), [2026, mA.id]);
    assert.equal((await record(s.id)).pending_transfer?.id, t.id);
  });

  test('an advisor of a third college → 404 for every decision; an unknown transfer → 404', async () => {
    const { s, t } = await pendingTransfer();
    for (const body of [{ decision: 'approve' }, { decision: 'reject', reason: '无关' }, { decision: 'withdraw' }]) {
      expectError(await decideTransfer(advZ.token, t.id, body), 404);
    }
    expectError(await decideTransfer(admin.token, 999_999_999, { decision: 'approve' }), 404);
    expectError(await decideTransfer(admin.token, 'abc', { decision: 'approve' }), 404);
    assert.equal((await record(s.id)).pending_transfer?.id, t.id);
  });

  test('a rejection needs a reason (422, still pending); rejected, the record stays and a new request is possible', async () => {
    const { s, t } = await pendingTransfer();
    expectError(await decideTransfer(advY.token, t.id, { decision: 'reject' }), 422, 'reason');
    expectError(await decideTransfer(advY.token, t.id, { decision: 'reject', reason: '' }), 422, 'reason');
    assert.equal((await record(s.id)).pending_transfer?.id, t.id);
    const r = expectData(await decideTransfer(advY.token, t.id, { decision: 'reject', reason: '名额已满' }));
    assert.equal(r.state, 'rejected');
    assert.equal(r.decision_reason, '名额已满');
    assert.equal(Number(r.decided_by), advY.id);
    const rec = await record(s.id);
    assert.deepEqual(place(rec), [2026, mA.id]);
    assert.equal(rec.pending_transfer, null);
    expectData(await requestTransfer(advX.token, s.id, { major_id: mC.id, reason: '再次申请' }), 201);
  });

  test('the requester withdraws: withdrawn, the record stays', async () => {
    const { s, t } = await pendingTransfer();
    const w = expectData(await decideTransfer(advX.token, t.id, { decision: 'withdraw' }));
    assert.equal(w.state, 'withdrawn');
    assert.deepEqual(place(await record(s.id)), [2026, mA.id]);
    assert.equal((await record(s.id)).pending_transfer, null);
  });

  test('a transfer no longer pending → 409 for any decision', async () => {
    const { s, t } = await pendingTransfer();
    expectData(await decideTransfer(advY.token, t.id, { decision: 'approve' }));
    expectError(await decideTransfer(advY.token, t.id, { decision: 'approve' }), 409);
    expectError(await decideTransfer(advY.token, t.id, { decision: 'reject', reason: '晚了' }), 409);
    expectError(await decideTransfer(advX.token, t.id, { decision: 'withdraw' }), 409);
    assert.deepEqual(place(await record(s.id)), [2026, mC.id]);
  });

  test('a second transfer while one is pending → 409, even one the caller could make at once', async () => {
    const { s, t } = await pendingTransfer();
    expectError(await requestTransfer(advX.token, s.id, { major_id: mD.id, reason: '第二个' }), 409);
    expectError(await requestTransfer(advX.token, s.id, { major_id: mB.id, reason: '院内转' }), 409);
    expectError(await requestTransfer(admin.token, s.id, { graduation_year: 2027, reason: '管理员' }), 409);
    const rec = await record(s.id);
    assert.deepEqual(place(rec), [2026, mA.id]);
    assert.equal(rec.pending_transfer?.id, t.id);
  });

  test('approving when the target year meanwhile got a record of that number → 409; the transfer stays pending', async () => {
    const { s, t } = await pendingTransfer({ graduation_year: 2027 });
    await importStudents(admin.token, [studentRow(mD, { student_no: s.student_no, graduation_year: 2027, enrolment_year: 2023 })]);
    expectError(await decideTransfer(advY.token, t.id, { decision: 'approve' }), 409);
    const rec = await record(s.id);
    assert.deepEqual(place(rec), [2026, mA.id]);
    assert.equal(rec.pending_transfer?.id, t.id, 'the refused approval must leave the transfer pending');
    assert.ok((await listedIds(advY.token, { state: 'pending', direction: 'incoming' })).includes(t.id));
  });

  test('parallel approve and withdraw of one transfer: exactly one wins, the other gets 409', async () => {
    for (let round = 0; round < 3; round++) {
      const { s, t } = await pendingTransfer();
      const [ap, wd] = await Promise.all([
        decideTransfer(advY.token, t.id, { decision: 'approve' }),
        decideTransfer(advX.token, t.id, { decision: 'withdraw' }),
      ]);
      assert.deepEqual([ap.status, wd.status].sort(), [200, 409], `approve ${ap.status} ${ap.text} / withdraw ${wd.status} ${wd.text}`);
      const winner = ap.status === 200 ? 'approved' : 'withdrawn';
      expectError(ap.status === 200 ? wd : ap, 409);
      const rec = await record(s.id);
      assert.deepEqual(place(rec), winner === 'approved' ? [2026, mC.id] : [2026, mA.id], `the record after ${winner}`);
      assert.equal(rec.pending_transfer, null);
      const listed = expectList(await listTransfers(admin.token, { state: winner, per_page: 200 })).data;
      assert.equal(listed.find((x) => x.id === t.id)?.state, winner);
    }
  });
});

describe('POST /students/{id}/transfers: refusals change nothing', () => {
  let s;
  before(async () => { s = await fresh(mA); });
  const unchanged = async () => {
    const rec = await record(s.id);
    assert.deepEqual(place(rec), [2026, mA.id]);
    assert.equal(rec.pending_transfer, null);
  };

  test('the target year already holds this student number → 409 graduation_year', async () => {
    const t = await fresh(mA);
    await importStudents(admin.token, [studentRow(mB, { student_no: t.student_no, graduation_year: 2027, enrolment_year: 2023 })]);
    expectError(await requestTransfer(advX.token, t.id, { graduation_year: 2027, reason: '延期' }), 409, 'graduation_year');
    expectError(await requestTransfer(advX.token, t.id, { graduation_year: 2027, major_id: mC.id, reason: '延期转院' }), 409, 'graduation_year');
    const rec = await record(t.id);
    assert.deepEqual(place(rec), [2026, mA.id]);
    assert.equal(rec.pending_transfer, null);
  });

  const cases = [
    ['no reason', 'reason', { major_id: 'B' }],
    ['an empty reason', 'reason', { major_id: 'B', reason: '' }],
    ['a reason of 501 characters', 'reason', { major_id: 'B', reason: '因'.repeat(501) }],
    ['an unknown major', 'major_id', { major_id: 999_999_999, reason: '无此专业' }],
    ['major_id as text', 'major_id', { major_id: 'abc', reason: '文本' }],
    ['graduation_year as text', 'graduation_year', { graduation_year: 'abc', reason: '文本' }],
    ['graduation_year 1800', 'graduation_year', { graduation_year: 1800, reason: '太早' }],
    ['an unknown field', 'status', { major_id: 'B', reason: '多字段', status: '在读' }],
  ];
  for (const [what, field, body] of cases) {
    test(`${what} → 422 ${field}`, async () => {
      const b = { ...body };
      if (b.major_id === 'B') b.major_id = mB.id;
      expectError(await requestTransfer(advX.token, s.id, b), 422, field);
      await unchanged();
    });
  }

  test('neither year nor major differs → 422', async () => {
    expectValidationWithoutField(await requestTransfer(advX.token, s.id, { graduation_year: 2026, major_id: mA.id, reason: '原地' }));
    expectValidationWithoutField(await requestTransfer(advX.token, s.id, { reason: '什么也不改' }));
    await unchanged();
  });

  test('no token → 401; a student, an employer, an admin without students.edit → 403', async () => {
    const me = await cliAccount('student', { username: s.student_no });
    const body = { major_id: mB.id, reason: '越权' };
    expectError(await requestTransfer(undefined, s.id, body), 401);
    expectError(await requestTransfer(me.token, s.id, body), 403);
    expectError(await requestTransfer((await employer()).token, s.id, body), 403);
    expectError(await requestTransfer((await viewerOnly()).token, s.id, body), 403);
    await unchanged();
  });

  test('an advisor of another college (even the target one) → 404; an unknown student → 404', async () => {
    expectError(await requestTransfer(advY.token, s.id, { major_id: mC.id, reason: '抢人' }), 404);
    expectError(await requestTransfer(advZ.token, s.id, { major_id: mD.id, reason: '抢人' }), 404);
    expectError(await requestTransfer(admin.token, 999_999_999, { major_id: mB.id, reason: '无此人' }), 404);
    await unchanged();
  });
});

describe('GET /transfers', () => {
  let t1; // mA → mC, pending
  let t2; // mC → mB (requested by advY), pending
  let t3; // mA → mB, approved at once
  before(async () => {
    t1 = (await pendingTransfer()).t;
    const sc = await fresh(mC);
    t2 = expectData(await requestTransfer(advY.token, sc.id, { major_id: mB.id, reason: '转回' }), 201);
    assert.equal(t2.state, 'pending');
    const sa = await fresh(mA);
    t3 = expectData(await requestTransfer(advX.token, sa.id, { major_id: mB.id, reason: '院内' }), 201);
    assert.equal(t3.state, 'approved');
  });

  test('rows carry every field; newest first', async () => {
    const { data } = expectList(await listTransfers(advX.token, { per_page: 200 }));
    for (const t of data) for (const k of TRANSFER_KEYS) assert.ok(Object.hasOwn(t, k), `row lacks "${k}"`);
    const ids = data.map((t) => t.id);
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');
  });

  test('direction: incoming = the target in scope, outgoing = the source in scope; default both', async () => {
    const x = await listedIds(advX.token);
    const xIn = await listedIds(advX.token, { direction: 'incoming' });
    const xOut = await listedIds(advX.token, { direction: 'outgoing' });
    for (const t of [t1, t2, t3]) assert.ok(x.includes(t.id), `advX should see ${t.id}`);
    assert.ok(xOut.includes(t1.id) && !xIn.includes(t1.id), 't1 is outgoing for X');
    assert.ok(xIn.includes(t2.id) && !xOut.includes(t2.id), 't2 is incoming for X');
    assert.ok(xIn.includes(t3.id) && xOut.includes(t3.id), 't3 is both for X');
    const yIn = await listedIds(advY.token, { direction: 'incoming' });
    const yOut = await listedIds(advY.token, { direction: 'outgoing' });
    assert.ok(yIn.includes(t1.id) && !yOut.includes(t1.id));
    assert.ok(yOut.includes(t2.id) && !yIn.includes(t2.id));
    assert.ok(!yIn.includes(t3.id) && !yOut.includes(t3.id), 'Y has no side in t3');
    const z = await listedIds(advZ.token);
    for (const t of [t1, t2, t3]) assert.ok(!z.includes(t.id), `advZ must not see ${t.id}`);
  });

  test('state filters', async () => {
    const pending = await listedIds(advX.token, { state: 'pending' });
    const approved = await listedIds(advX.token, { state: 'approved' });
    assert.ok(pending.includes(t1.id) && pending.includes(t2.id) && !pending.includes(t3.id));
    assert.ok(approved.includes(t3.id) && !approved.includes(t1.id));
    const { data } = expectList(await listTransfers(advX.token, { state: 'pending', per_page: 200 }));
    for (const t of data) assert.equal(t.state, 'pending');
  });

  test('422 for state, direction, per_page', async () => {
    expectError(await listTransfers(admin.token, { state: 'done' }), 422, 'state');
    expectError(await listTransfers(admin.token, { direction: 'sideways' }), 422, 'direction');
    expectError(await listTransfers(admin.token, { per_page: 0 }), 422, 'per_page');
  });

  test('no token → 401; a student, an employer, an admin without students.view → 403; an admin with it sees all', async () => {
    const s = await fresh(mA);
    const me = await cliAccount('student', { username: s.student_no });
    expectError(await listTransfers(undefined, {}), 401);
    expectError(await listTransfers(me.token, {}), 403);
    expectError(await listTransfers((await employer()).token, {}), 403);
    expectError(await listTransfers((await statsOnly()).token, {}), 403);
    const all = await listedIds((await viewerOnly()).token, { state: 'pending' });
    assert.ok(all.includes(t1.id) && all.includes(t2.id));
  });
});

describe('POST /transfers/{id}/decision: who and what', () => {
  test('no token → 401; a student, an employer, an admin without students.edit → 403; a bad decision → 422', async () => {
    const { s, t } = await pendingTransfer();
    const me = await cliAccount('student', { username: s.student_no });
    expectError(await decideTransfer(undefined, t.id, { decision: 'approve' }), 401);
    expectError(await decideTransfer(me.token, t.id, { decision: 'withdraw' }), 403);
    expectError(await decideTransfer((await employer()).token, t.id, { decision: 'approve' }), 403);
    expectError(await decideTransfer((await viewerOnly()).token, t.id, { decision: 'approve' }), 403);
    expectError(await decideTransfer(advY.token, t.id, { decision: 'maybe' }), 422, 'decision');
    expectError(await decideTransfer(advY.token, t.id, {}), 422, 'decision');
    expectError(await decideTransfer(advY.token, t.id, { decision: 'approve', to_major_id: mD.id }), 422, 'to_major_id');
    const rec = await record(s.id);
    assert.deepEqual(place(rec), [2026, mA.id]);
    assert.equal(rec.pending_transfer?.id, t.id);
  });

  test('an admin (both sides in scope) may approve a pending transfer', async () => {
    const { s, t } = await pendingTransfer();
    assert.equal(expectData(await decideTransfer(admin.token, t.id, { decision: 'approve' })).state, 'approved');
    assert.deepEqual(place(await record(s.id)), [2026, mC.id]);
  });
});

// Whatever the tests above wrote, the statistics' tallies still count the records exactly.
test('the tallies the triggers keep match the records', () => expectTalliesMatch());
