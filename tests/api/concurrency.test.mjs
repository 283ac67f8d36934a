// tests/api/concurrency.test.mjs: every state transition and counter fired at from many requests
// at once (issue: MariaDB's REPEATABLE READ allows lost updates, so each is a conditional UPDATE
// or a SELECT … FOR UPDATE checked by its affected rows). For a transition, exactly one request
// wins and the others get 409 (or 422 for a spent link), never 5xx, and the record and its
// history hold the winner alone; for a counter, the figures equal the rows counted directly.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  RUN, cliAccount, createMajor, expectData, expectError, get, login, password, post, put, rootSql, show, uniq,
} from './lib.mjs';
import {
  advisorFor, employmentBody, expectTalliesMatch, getStudent, importRows, importStudents,
  putEmployment, putProfile, requestTransfer, reviewChanges, studentRow,
} from './records.mjs';
import {
  approvedEmployer, eventBody, passCode, sessionBody, studentsWithAccounts, venueBody,
} from './events.mjs';
import { registered } from './recruitment.mjs';

const AT_ONCE = 8;

let admin;
let major;
before(async () => {
  admin = await cliAccount('admin');
  major = await createMajor(admin.token, { college: `并发学院${RUN}`, name: `并发专业${RUN}` });
});

const fresh = async (n = 1, m = major) => importStudents(admin.token, Array.from({ length: n }, () => studentRow(m)));
async function studentWithAccount() {
  const [s] = await fresh();
  const acc = await cliAccount('student', { username: s.student_no });
  return { s, token: acc.token };
}

// The statuses of answers, counted: {200: 1, 409: 7}.
const tally = (answers) => answers.reduce((t, r) => ({ ...t, [r.status]: (t[r.status] || 0) + 1 }), {});

function oneWinner(answers, loser = 409) {
  const t = tally(answers);
  assert.deepEqual(t, { [answers.find((r) => r.status < 300)?.status ?? 200]: 1, [loser]: AT_ONCE - 1 }, `answers: ${JSON.stringify(t)}`);
  return answers.findIndex((r) => r.status < 300);
}

describe(`${AT_ONCE} requests at once on one transition: one wins, the rest 409, the history holds one`, () => {
  test('a status change: the same change at once applies once', async () => {
    const [s] = await fresh();
    const answers = await Promise.all(Array.from({ length: AT_ONCE }, () => put(`/students/${s.id}/status`, { token: admin.token, json: { status: '休学', reason: '并发测试' } })));
    oneWinner(answers);
    assert.equal(expectData(await getStudent(admin.token, s.id)).status, '休学');
    assert.equal(rootSql(`SELECT COUNT(*) FROM student_status_changes WHERE student_id = ${s.id}`), '1');
  });

  test('different status changes at once: each applies to the status it read, none is lost', async () => {
    const [s] = await fresh();
    const to = ['休学', '退学', '延期毕业', '在读', '休学', '退学', '延期毕业', '在读'];
    const answers = await Promise.all(to.map((status) => put(`/students/${s.id}/status`, { token: admin.token, json: { status, reason: '并发测试' } })));
    for (const r of answers) assert.ok([200, 409].includes(r.status), `answered ${r.status}`);
    // The history is one chain from 在读: each change starts where the one before ended, and the
    // record ends where the chain does; as many links as 200s.
    const chain = rootSql(`SELECT from_status, to_status FROM student_status_changes WHERE student_id = ${s.id} ORDER BY id`)
      .split('\n').filter(Boolean).map((l) => l.split('\t'));
    assert.equal(chain.length, answers.filter((r) => r.status === 200).length);
    let at = '在读';
    for (const [from, toStatus] of chain) {
      assert.equal(from, at, `a change from ${from} after the status became ${at}: ${JSON.stringify(chain)}`);
      at = toStatus;
    }
    assert.equal(expectData(await getStudent(admin.token, s.id)).status, at);
  });

  test('a review of a profile change: approvals and rejections at once', async () => {
    const { s, token } = await studentWithAccount();
    const email = `race.${RUN}@stu.example.cn`;
    const change = expectData(await putProfile(token, s.id, { email })).pending_profile;
    assert.ok(change?.id, 'no pending change');
    const answers = await Promise.all(Array.from({ length: AT_ONCE }, (_, i) => reviewChanges(admin.token, i % 2
      ? { ids: [change.id], decision: 'reject', reason: '并发测试' }
      : { ids: [change.id], decision: 'approve' })));
    const won = oneWinner(answers);
    const rec = expectData(await getStudent(admin.token, s.id));
    assert.equal(rec.pending_profile, null);
    assert.equal(rec.email === email, won % 2 === 0, `approved ${won % 2 === 0}, email ${rec.email}`);
    assert.equal(rootSql(`SELECT state FROM record_changes WHERE id = ${change.id}`), won % 2 ? 'rejected' : 'approved');
  });

  test('a review of a destination report: approvals and rejections at once', async () => {
    const { s, token } = await studentWithAccount();
    const report = expectData(await putEmployment(token, s.id, employmentBody('11', { employer_name: `并发单位${RUN}` })));
    const answers = await Promise.all(Array.from({ length: AT_ONCE }, (_, i) => post('/employment/reviews', {
      token: admin.token, json: i % 2 ? { ids: [report.id], decision: 'reject', reason: '并发测试' } : { ids: [report.id], decision: 'approve' },
    })));
    const won = oneWinner(answers);
    const rec = expectData(await getStudent(admin.token, s.id));
    assert.equal(rec.pending_employment, null);
    assert.equal(rec.destination_code === '11', won % 2 === 0);
    assert.equal(rootSql(`SELECT COUNT(*) FROM employment_history WHERE student_id = ${s.id} AND state = 'approved' AND destination_code = '11'`), won % 2 ? '0' : '1');
  });

  test('a transfer decision: the receiver approves while the requester withdraws', async () => {
    const other = await createMajor(admin.token, { college: `并发接收学院${RUN}`, name: `并发接收专业${RUN}` });
    const from = await advisorFor(admin.token, [major.id]);
    const to = await advisorFor(admin.token, [other.id]);
    const [s] = await fresh();
    const t = expectData(await requestTransfer(from.token, s.id, { major_id: other.id, reason: '并发测试' }), 201);
    const answers = await Promise.all(Array.from({ length: AT_ONCE }, (_, i) => post(`/transfers/${t.id}/decision`, i % 2
      ? { token: from.token, json: { decision: 'withdraw' } }
      : { token: to.token, json: { decision: 'approve' } })));
    const won = oneWinner(answers);
    const rec = expectData(await getStudent(admin.token, s.id));
    assert.equal(Number(rec.major_id), won % 2 ? major.id : other.id);
    assert.equal(rootSql(`SELECT state FROM student_transfers WHERE id = ${t.id}`), won % 2 ? 'withdrawn' : 'approved');
  });

  test('an activation link used by several at once: one password is set, the others 422 token', async () => {
    const [s] = await fresh();
    const link = expectData(await post(`/students/${s.id}/activation`, { token: admin.token }), 201);
    const passwords = Array.from({ length: AT_ONCE }, () => password());
    const answers = await Promise.all(passwords.map((pw) => post('/auth/activate', { json: { token: link.token, password: pw } })));
    const won = oneWinner(answers, 422);
    for (const r of answers.filter((x) => x.status === 422)) assert.equal(r.body.error.field, 'token');
    await login(s.student_no, passwords[won]);
    const others = await Promise.all(passwords.filter((_, i) => i !== won).slice(0, 2)
      .map((pw) => post('/auth/login', { json: { username: s.student_no, password: pw } })));
    assert.deepEqual(others.map((r) => r.status), [401, 401]);
  });
});

// A 409 of a review that lost: its message names the state the record is in and the one asked for.
function namesBoth(res, field, from, to) {
  const err = expectError(res, 409, field);
  for (const x of [from, to]) assert.match(err.message, new RegExp(`\\b${x}\\b`), `the 409 does not name ${x}: ${show(res)}`);
}

describe(`${AT_ONCE} reviews at once of one job or appeal: one decision, the rest 409 naming both states`, () => {
  let company;
  before(async () => {
    company = await approvedEmployer(admin.token);
  });
  const newJob = async () => expectData(await post('/jobs', { token: company.token, json: { title: `并发审核职位${uniq('j')}`, description: '并发审核测试用的职位。', city: '南京' } }), 201);
  const reviewJob = (id, json) => post(`/admin/jobs/${id}/review`, { token: admin.token, json });

  test('a job approved by several at once is approved once: one 200, one audit entry, one interaction derived', async () => {
    const job = await newJob();
    const answers = await Promise.all(Array.from({ length: AT_ONCE }, () => reviewJob(job.id, { decision: 'approve' })));
    oneWinner(answers);
    for (const r of answers.filter((x) => x.status === 409)) namesBoth(r, 'decision', 'approved', 'approved');
    assert.equal(rootSql(`SELECT status FROM jobs WHERE id = ${job.id}`), 'approved');
    assert.equal(rootSql(`SELECT COUNT(*) FROM audit_log WHERE action = 'job.review' AND target_id = ${job.id}`), '1');
    assert.equal(rootSql(`SELECT COUNT(*) FROM employer_interactions WHERE source = 'job' AND source_id = ${job.id}`), '1');
  });

  test('a job approved and rejected at once: the winner\'s decision holds; each 409 names it and its own', async () => {
    const job = await newJob();
    const asked = (i) => (i % 2 ? 'rejected' : 'approved');
    const answers = await Promise.all(Array.from({ length: AT_ONCE }, (_, i) => reviewJob(job.id, i % 2 ? { decision: 'reject', reason: '并发测试' } : { decision: 'approve' })));
    const won = oneWinner(answers);
    for (const [i, r] of answers.entries()) if (i !== won) namesBoth(r, 'decision', asked(won), asked(i));
    assert.equal(rootSql(`SELECT status FROM jobs WHERE id = ${job.id}`), asked(won));
    assert.equal(rootSql(`SELECT COUNT(*) FROM employer_interactions WHERE source = 'job' AND source_id = ${job.id}`), won % 2 ? '0' : '1');
  });

  test('an appeal approved and rejected at once: one decision, one audit entry, at most one reset link', async () => {
    const other = await registered();
    expectData(await post(`/admin/employers/${other.employer.id}/review`, { token: admin.token, json: { decision: 'approve' } }));
    const appeal = expectData(await post('/employer-appeals', { json: {
      credit_code: other.body.credit_code, username: other.body.username, applicant_name: '并发申诉人', applicant_phone: '13700002222',
      applicant_email: `race.${uniq('ap')}@example.cn`, reason: '并发测试：原联系人离职。',
    } }), 201);
    const asked = (i) => (i % 2 ? 'rejected' : 'approved');
    const answers = await Promise.all(Array.from({ length: AT_ONCE }, (_, i) => post(`/admin/employer-appeals/${appeal.id}/review`, {
      token: admin.token, json: i % 2 ? { decision: 'reject', reason: '并发测试' } : { decision: 'approve' },
    })));
    const won = oneWinner(answers);
    for (const [i, r] of answers.entries()) if (i !== won) namesBoth(r, 'state', asked(won), asked(i));
    assert.equal(rootSql(`SELECT state FROM employer_appeals WHERE id = ${appeal.id}`), asked(won));
    assert.equal(rootSql(`SELECT COUNT(*) FROM audit_log WHERE action = 'employer_appeal.review' AND target_id = ${appeal.id}`), '1');
    const account = rootSql(`SELECT id FROM accounts WHERE username = '${other.body.username}'`);
    assert.equal(rootSql(`SELECT COUNT(*) FROM activation_tokens WHERE account_id = ${account} AND purpose = 'reset'`), won % 2 ? '0' : '1');
  });
});

describe('seats and check-ins at once', () => {
  test('the last seat of an info session: its holder cancelling (twice) while two others sign up never takes the count past capacity nor below zero', async () => {
    const company = await approvedEmployer(admin.token);
    const venue = expectData(await post('/venues', { token: admin.token, json: venueBody() }), 201);
    const session = expectData(await post('/sessions', { token: company.token, json: sessionBody(venue.id, { capacity: 1 }, 3) }), 201);
    expectData(await post(`/admin/events/${session.id}/review`, { token: admin.token, json: { decision: 'approve' } }));
    const ROUNDS = 5;
    const students = await studentsWithAccounts(admin.token, major, 1 + 2 * ROUNDS);
    const signUp = (x) => post(`/events/${session.id}/signups`, { token: x.token });
    const cancel = (x) => post(`/events/${session.id}/signups/cancel`, { token: x.token });
    // The count as the event shows it, and the sign-up rows, agree and stay within 0..capacity.
    const seats = async () => {
      const shown = expectData(await get(`/events/${session.id}`, { token: admin.token })).signups;
      const rows = Number(rootSql(`SELECT COUNT(*) FROM event_signups WHERE event_id = ${session.id}`));
      assert.equal(shown, rows, `the count says ${shown}, the rows ${rows}`);
      assert.ok(shown >= 0 && shown <= 1, `signups ${shown} with capacity 1`);
      return shown;
    };
    let holder = students[0];
    expectData(await signUp(holder), 201);
    for (let round = 0; round < ROUNDS; round++) {
      const [x, y] = students.slice(1 + 2 * round, 3 + 2 * round);
      const answers = await Promise.all([cancel(holder), cancel(holder), signUp(x), signUp(y)]);
      for (const r of answers) assert.ok([200, 201, 409].includes(r.status), `round ${round}: ${show(r)}`);
      assert.deepEqual(answers.slice(0, 2).map((r) => r.status).sort(), [200, 409], `round ${round}: the holder's two cancels`);
      const won = answers.slice(2).map((r, i) => (r.status === 201 ? [x, y][i] : null)).filter(Boolean);
      assert.ok(won.length <= 1, `round ${round}: both took the last seat`);
      assert.equal(await seats(), won.length, `round ${round}`);
      // the next round starts from a held seat
      holder = won[0] ?? x;
      if (!won.length) expectData(await signUp(x), 201);
      assert.equal(await seats(), 1);
    }
  });

  test(`one student checking in ${AT_ONCE} times at once (pass-code and QR token) is counted once`, async () => {
    const code = passCode();
    const event = expectData(await post('/events', { token: admin.token, json: eventBody({ venue: '并发签到教室（线上）', require_signup: false, checkin_code: code }, 2) }), 201);
    const [a, b] = await studentsWithAccounts(admin.token, major, 2);
    const { token: qr } = expectData(await get(`/events/${event.id}/checkin-token`, { token: admin.token }));
    for (const st of [a, b]) {
      const answers = await Promise.all(Array.from({ length: AT_ONCE }, (_, i) => post(`/events/${event.id}/checkins`, { token: st.token, json: i % 2 ? { token: qr } : { code } })));
      oneWinner(answers);
      assert.equal(rootSql(`SELECT COUNT(*) FROM event_checkins WHERE event_id = ${event.id} AND student_id = ${st.s.id}`), '1');
    }
    assert.equal(expectData(await get(`/events/${event.id}`, { token: admin.token })).checkins, 2);
  });
});

describe('counters under concurrent writes equal the rows counted directly', () => {
  test(`the employment tally: ${AT_ONCE * 2} destinations recorded at once in one major`, async () => {
    const m = await createMajor(admin.token, { college: `计数学院${RUN}`, name: `计数专业${RUN}` });
    const students = await fresh(AT_ONCE * 2, m);
    const codes = students.map((_, i) => (i % 3 === 0 ? '80' : '10'));
    const answers = await Promise.all(students.map((s, i) => putEmployment(admin.token, s.id, employmentBody(codes[i]))));
    assert.deepEqual(tally(answers), { 200: students.length });
    const rows = expectData(await get('/stats/employment', { token: admin.token, query: { year: 2026, group_by: 'major' } }));
    const row = rows.find((r) => String(r.key) === String(m.id));
    const direct = rootSql(`SELECT COUNT(*), SUM(d.category = 'employed'), SUM(d.category = 'further_study') FROM students s `
      + `JOIN destination_codes d ON d.code = s.destination_code WHERE s.major_id = ${m.id}`).split('\t').map(Number);
    assert.deepEqual([row.total, row.employed, row.further_study], direct);
    assert.deepEqual(direct, [students.length, codes.filter((c) => c === '10').length, codes.filter((c) => c === '80').length]);
  });

  test('two imports of the same students at once: each student lands once, the other import says "already exists"', async () => {
    const m = await createMajor(admin.token, { college: `重复导入学院${RUN}`, name: `重复导入专业${RUN}` });
    const rows = Array.from({ length: 50 }, () => studentRow(m));
    const answers = await Promise.all([importRows(admin.token, rows), importRows(admin.token, rows)]);
    const data = answers.map((r) => expectData(r));
    assert.equal(data[0].imported + data[1].imported, rows.length, JSON.stringify(data.map((d) => [d.imported, d.failed])));
    assert.equal(data[0].failed + data[1].failed, rows.length);
    assert.equal(rootSql(`SELECT COUNT(*) FROM students WHERE major_id = ${m.id}`), String(rows.length));
    assert.equal(rootSql(`SELECT COUNT(*) FROM accounts a JOIN students s ON s.id = a.student_id WHERE s.major_id = ${m.id}`), String(rows.length));
  });
});

// Whatever the tests above wrote, the statistics' tallies still count the records exactly.
test('the tallies the triggers keep match the records', () => expectTalliesMatch());
