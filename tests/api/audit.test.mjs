// tests/api/audit.test.mjs: GET /admin/audit and the entries the routes of this part write
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  ISO_OFFSET, apiAccount, cliAccount, createMajor, expectData, expectError, expectList, findAudit, get, login,
  password, post, put, sameId, uniq,
} from './lib.mjs';
import { importStudents, staffWith, studentRow } from './records.mjs';

const ENTRY_KEYS = ['id', 'at', 'actor_id', 'actor_role', 'action', 'target_type', 'target_id', 'address', 'request_id'];

function checkEntry(e) {
  for (const k of ENTRY_KEYS) assert.ok(Object.hasOwn(e, k), `entry lacks "${k}": ${JSON.stringify(e)}`);
  assert.ok(Number.isInteger(e.id), `id: ${e.id}`);
  assert.match(e.at, ISO_OFFSET);
  assert.equal(typeof e.action, 'string');
  assert.ok(typeof e.address === 'string' && e.address.length > 0, `address: ${e.address}`);
  assert.ok(typeof e.request_id === 'string' && e.request_id.length > 0, `request_id: ${e.request_id}`);
}

let superadmin;
let admin;
let counselor;
before(async () => {
  superadmin = await cliAccount('superadmin');
  admin = await cliAccount('admin');
  counselor = await cliAccount('counselor');
});

describe('GET /admin/audit', () => {
  test('lists entries with meta to a superadmin', async () => {
    const { data, meta } = expectList(await get('/admin/audit', { token: superadmin.token }));
    assert.ok(meta.total >= 1, 'the log is empty although this run has signed in');
    assert.equal(meta.per_page, 20);
    for (const e of data) checkEntry(e);
  });

  test('account.create: actor, target and request id of the creating request', async () => {
    const made = await apiAccount(superadmin.token, { role: 'counselor' });
    const rid = made.res.headers.get('x-request-id');
    const e = await findAudit(superadmin.token, { action: 'account.create', actor_id: superadmin.id },
      (x) => sameId(x.target_id, made.account.id));
    assert.ok(e, `no account.create entry for account ${made.account.id}`);
    checkEntry(e);
    assert.equal(e.action, 'account.create');
    assert.ok(sameId(e.actor_id, superadmin.id));
    assert.equal(e.actor_role, 'superadmin');
    assert.equal(e.request_id, rid);
    assert.ok(Math.abs(Date.parse(e.at) - Date.now()) < 5 * 60_000, `at ${e.at} is not now`);
  });

  test('major.create names the new major', async () => {
    const m = await createMajor(admin.token);
    const e = await findAudit(superadmin.token, { action: 'major.create', actor_id: admin.id }, (x) => sameId(x.target_id, m.id));
    assert.ok(e, `no major.create entry for major ${m.id}`);
    checkEntry(e);
    assert.equal(e.actor_role, 'admin');
  });

  test('account.scope names the advisor whose scope changed', async () => {
    const m = await createMajor(admin.token);
    const adv = await apiAccount(superadmin.token, { role: 'advisor' });
    const res = await put(`/admin/accounts/${adv.account.id}/scope`, { token: superadmin.token, json: { major_ids: [m.id] } });
    assert.equal(res.status, 200, res.text);
    const e = await findAudit(superadmin.token, { action: 'account.scope', actor_id: superadmin.id },
      (x) => sameId(x.target_id, adv.account.id));
    assert.ok(e, `no account.scope entry for account ${adv.account.id}`);
    checkEntry(e);
    assert.equal(e.request_id, res.headers.get('x-request-id'));
  });

  test('auth.login, auth.login_failed and auth.logout are written', async () => {
    const acct = await cliAccount('counselor');
    const l = await login(acct.username, acct.password);
    const loginRid = l.res.headers.get('x-request-id');
    const failed = await post('/auth/login', { json: { username: acct.username, password: password() } });
    assert.equal(failed.status, 401, failed.text);
    const failedRid = failed.headers.get('x-request-id');
    const out = await post('/auth/logout', { token: l.token });
    assert.equal(out.status, 200, out.text);
    const outRid = out.headers.get('x-request-id');

    const eLogin = await findAudit(superadmin.token, { action: 'auth.login', actor_id: acct.id }, (x) => x.request_id === loginRid);
    assert.ok(eLogin, 'no auth.login entry for the sign-in');
    checkEntry(eLogin);
    assert.equal(eLogin.actor_role, 'counselor');

    const eFailed = await findAudit(superadmin.token, { action: 'auth.login_failed' }, (x) => x.request_id === failedRid);
    assert.ok(eFailed, 'no auth.login_failed entry for the failed sign-in');
    checkEntry(eFailed);

    const eOut = await findAudit(superadmin.token, { action: 'auth.logout', actor_id: acct.id }, (x) => x.request_id === outRid);
    assert.ok(eOut, 'no auth.logout entry for the sign-out');
    checkEntry(eOut);
  });

  test('action and actor_id filter', async () => {
    await createMajor(admin.token);
    const byAction = expectList(await get('/admin/audit', { token: superadmin.token, query: { action: 'major.create', per_page: 50 } }));
    assert.ok(byAction.meta.total >= 1);
    for (const e of byAction.data) assert.equal(e.action, 'major.create');

    const byActor = expectList(await get('/admin/audit', { token: superadmin.token, query: { actor_id: admin.id, per_page: 200 } }));
    assert.ok(byActor.meta.total >= 1);
    for (const e of byActor.data) assert.ok(sameId(e.actor_id, admin.id), `entry of actor ${e.actor_id}`);
  });

  test('a refused write leaves no entry', async () => {
    const username = uniq('noaud');
    const res = await post('/admin/accounts', {
      token: counselor.token,
      json: { username, password: password(), name: 'x', role: 'counselor', permissions: [], major_ids: [] },
    });
    assert.equal(res.status, 403, res.text);
    const e = await findAudit(superadmin.token, { action: 'account.create', actor_id: counselor.id }, () => true);
    assert.equal(e, undefined, `an account.create entry for a refused request: ${JSON.stringify(e)}`);
  });

  test('reading unmasked ID cards and phones is logged (one student, a list page); a masked read is not', async () => {
    const m = await createMajor(admin.token, { college: uniq('敏感学院'), name: uniq('敏感专业') });
    const [s] = await importStudents(admin.token, [studentRow(m)]);
    const sensitive = await staffWith(admin.token, 'admin', ['students.view', 'students.sensitive']);
    const plain = await staffWith(admin.token, 'admin', ['students.view']);

    const seen = expectData(await get(`/students/${s.id}`, { token: sensitive.token }));
    assert.equal(seen.id_card.includes('*'), false, 'the reader holds students.sensitive');
    const read = await findAudit(superadmin.token, { action: 'student.sensitive_read', actor_id: sensitive.account.id }, () => true);
    assert.ok(read, 'no student.sensitive_read entry');
    assert.ok(sameId(read.target_id, s.id), JSON.stringify(read));

    expectList(await get('/students', { token: sensitive.token, query: { major_id: m.id } }));
    const listed = await findAudit(superadmin.token, { action: 'student.sensitive_list', actor_id: sensitive.account.id }, () => true);
    assert.ok(listed, 'no student.sensitive_list entry');
    assert.deepEqual(listed.detail.ids.map(Number), [Number(s.id)]);

    expectData(await get(`/students/${s.id}`, { token: plain.token }));
    expectList(await get('/students', { token: plain.token, query: { major_id: m.id } }));
    const masked = await findAudit(superadmin.token, { actor_id: plain.account.id }, (e) => e.action.startsWith('student.sensitive'));
    assert.equal(masked, undefined, `a masked read was logged: ${JSON.stringify(masked)}`);
  });

  test('pages: per_page 201 → 422 field per_page', async () => {
    expectError(await get('/admin/audit', { token: superadmin.token, query: { per_page: 201 } }), 422, 'per_page');
  });

  test('an admin (even holding every item) → 403; a counselor → 403; no token → 401', async () => {
    expectError(await get('/admin/audit', { token: admin.token }), 403);
    expectError(await get('/admin/audit', { token: counselor.token }), 403);
    expectError(await get('/admin/audit'), 401);
  });
});
