// tests/api/employers.test.mjs: employers registering themselves (POST /employers/register), their
// record, edits (key details of an approved employer wait for a second review), the licence,
// HR users, and the office's review and list (seed manual §4.1).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  RUN, cliAccount, expectData, expectError, expectList, findAudit, get, login, password, post, put,
  redisCommand, request, show, uniq,
} from './lib.mjs';
import { creditCode, download, staffWith } from './records.mjs';
import { registered, registration } from './recruitment.mjs';

let admin; // CLI admin: every item
let reviewer; // an admin holding employers.review only
let viewer; // staff without employers.review

before(async () => {
  admin = await cliAccount('admin');
  reviewer = await staffWith(admin.token, 'admin', ['employers.review']);
  viewer = await staffWith(admin.token, 'admin', ['students.view']);
});

const review = (id, json, token = admin.token) => post(`/admin/employers/${id}/review`, { token, json });
// A refused review: 409 on decision, its message naming the state the employer is in and the one asked for.
function namesBoth(res, from, to) {
  const err = expectError(res, 409, 'decision');
  for (const s of [from, to]) assert.match(err.message, new RegExp(`\\b${s}\\b`), `the 409 does not name ${s}: ${show(res)}`);
}
const record = async (id, token = admin.token) => expectData(await get(`/employers/${id}`, { token }));
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(64, 7)]);
const putLicence = (id, token, body, type = 'image/png') => request('PUT', `/employers/${id}/licence`, { token, body, headers: { 'content-type': type } });

describe('POST /employers/register', () => {
  test('201: the employer pending, its first HR user signs in at once and reads its own record', async () => {
    const { employer, token, body } = await registered();
    assert.equal(employer.status, 'pending');
    for (const k of ['name', 'credit_code', 'contact_name', 'contact_phone', 'email', 'industry_code', 'region_code']) assert.equal(employer[k], body[k], k);
    assert.equal(employer.licence_uploaded, false);
    assert.deepEqual(employer.hr_users.map((u) => u.username), [body.username]);
    const me = expectData(await get('/me', { token }));
    assert.equal(me.role, 'employer');
    // The employer reads its record as staff do, but for the office's notes on the relationship.
    const { cooperation_level: level, tags, relation_owner: owner, ...asStaff } = await record(employer.id);
    assert.deepEqual({ level, tags, owner }, { level: null, tags: [], owner: null });
    assert.deepEqual(await record(employer.id, token), asStaff);
    const superadmin = await cliAccount('superadmin');
    const audit = await findAudit(superadmin.token, { action: 'employer.register' }, (e) => e.target_id === employer.id);
    assert.ok(audit, 'no employer.register entry');
  });

  test('one account per company name and per credit code (409 naming it); a taken username → 409', async () => {
    const { body } = await registered();
    expectError(await post('/employers/register', { json: registration({ name: body.name }) }), 409, 'name');
    expectError(await post('/employers/register', { json: registration({ credit_code: body.credit_code }) }), 409, 'credit_code');
    expectError(await post('/employers/register', { json: registration({ username: body.username }) }), 409, 'username');
  });

  test('bad fields → 422 naming each; a registration cannot set its status or role', async () => {
    const bad = {
      credit_code: '91320102MA1XXXXXX0', contact_phone: '12', email: 'not-mail', industry_code: 'Z',
      region_code: '999999', website: 'ftp://x', name: 'A',
    };
    for (const [field, value] of Object.entries(bad)) expectError(await post('/employers/register', { json: registration({ [field]: value }) }), 422, field);
    for (const field of ['name', 'credit_code', 'contact_name', 'contact_phone', 'email', 'username', 'password']) {
      const body = registration();
      delete body[field];
      expectError(await post('/employers/register', { json: body }), 422, field);
    }
    for (const field of ['status', 'role', 'id', 'licence_file']) expectError(await post('/employers/register', { json: registration({ [field]: 'approved' }) }), 422, field);
  });

  test('registrations are counted per address: over the limit 429 with Retry-After', async () => {
    const key = 'qiao:rate:registrations:address:127.0.0.1';
    redisCommand('SET', key, 1_000_000, 'EX', 600); // far over any QIAO_RATE_REGISTRATIONS
    try {
      const res = await post('/employers/register', { json: registration() });
      expectError(res, 429);
      assert.ok(Number(res.headers.get('retry-after')) >= 1);
    } finally {
      redisCommand('DEL', key);
    }
  });
});

describe('the office reviews: pending → approved or rejected; any other state 409', () => {
  test('approve: status approved, reviewed_at set, audited', async () => {
    const { employer } = await registered();
    const done = expectData(await review(employer.id, { decision: 'approve' }, reviewer.token));
    assert.equal(done.status, 'approved');
    assert.ok(done.reviewed_at);
    expectError(await review(employer.id, { decision: 'approve' }), 409, 'decision');
    namesBoth(await review(employer.id, { decision: 'reject', reason: '重复' }), 'approved', 'rejected');
  });

  test('reject needs a reason; rejected, an edit by the employer makes it pending again', async () => {
    const { employer, token } = await registered();
    expectError(await review(employer.id, { decision: 'reject' }), 422, 'reason');
    const rejected = expectData(await review(employer.id, { decision: 'reject', reason: '营业执照不清晰' }));
    assert.equal(rejected.status, 'rejected');
    assert.equal(rejected.review_reason, '营业执照不清晰');
    const again = expectData(await put(`/employers/${employer.id}`, { token, json: { contact_name: '李经理' } }));
    assert.equal(again.status, 'pending');
  });

  test('a rejected employer approved or rejected again → 409 naming both states; it stays rejected', async () => {
    const { employer } = await registered();
    expectData(await review(employer.id, { decision: 'reject', reason: '营业执照不清晰' }));
    namesBoth(await review(employer.id, { decision: 'approve' }, reviewer.token), 'rejected', 'approved');
    namesBoth(await review(employer.id, { decision: 'reject', reason: '再次驳回' }, reviewer.token), 'rejected', 'rejected');
    const still = await record(employer.id);
    assert.equal(still.status, 'rejected');
    assert.equal(still.review_reason, '营业执照不清晰', 'a refused review changed the reason');
  });

  test('who may review: employers.review; others 403; an unknown employer 404', async () => {
    const { employer, token } = await registered();
    expectError(await review(employer.id, { decision: 'approve' }, viewer.token), 403);
    expectError(await review(employer.id, { decision: 'approve' }, token), 403);
    expectError(await review(2_000_000_000, { decision: 'approve' }), 404);
    expectError(await review(2_000_000_000, { decision: 'reject', reason: '不存在' }), 404);
    expectError(await review('abc', { decision: 'approve' }), 404);
    expectError(await review(employer.id, { decision: 'maybe' }), 422, 'decision');
    assert.equal((await record(employer.id)).status, 'pending');
  });

  test('two decisions at once: exactly one wins', async () => {
    const { employer } = await registered();
    const answers = await Promise.all([review(employer.id, { decision: 'approve' }), review(employer.id, { decision: 'reject', reason: '并发' })]);
    assert.deepEqual(answers.map((r) => r.status).sort(), [200, 409]);
    // the loser read the winner's state: its 409 names that and its own
    const asked = ['approved', 'rejected'];
    const won = answers.findIndex((r) => r.status === 200);
    namesBoth(answers[1 - won], asked[won], asked[1 - won]);
    assert.equal((await record(employer.id)).status, asked[won]);
  });
});

describe('edits: an approved employer\'s key details wait for a second review (待复审)', () => {
  test('contact details apply at once; a new name waits in pending_changes while the old one stays', async () => {
    const { employer, token } = await registered();
    expectData(await review(employer.id, { decision: 'approve' }));
    const contact = expectData(await put(`/employers/${employer.id}`, { token, json: { contact_phone: '025-83591234', website: 'https://hr.example.cn' } }));
    assert.equal(contact.status, 'approved');
    assert.equal(contact.contact_phone, '025-83591234');
    const newName = `改名${uniq('co')}有限公司`;
    const held = expectData(await put(`/employers/${employer.id}`, { token, json: { name: newName, industry_code: 'M' } }));
    assert.equal(held.status, 'rereview');
    assert.equal(held.name, employer.name, 'the old name stays in use');
    assert.deepEqual(held.pending_changes, { name: newName, industry_code: 'M' });
    const approved = expectData(await review(employer.id, { decision: 'approve' }));
    assert.equal(approved.status, 'approved');
    assert.equal(approved.name, newName);
    assert.equal(approved.industry_code, 'M');
    assert.equal(approved.pending_changes, null);
  });

  test('a rejected second review keeps the old details and returns to approved', async () => {
    const { employer, token } = await registered();
    expectData(await review(employer.id, { decision: 'approve' }));
    expectData(await put(`/employers/${employer.id}`, { token, json: { credit_code: creditCode() } }));
    const back = expectData(await review(employer.id, { decision: 'reject', reason: '信用代码与执照不符' }));
    assert.equal(back.status, 'approved');
    assert.equal(back.credit_code, employer.credit_code);
    assert.equal(back.pending_changes, null);
    assert.equal(back.review_reason, '信用代码与执照不符');
  });

  test('another employer\'s name (even one waiting for review) → 409; clearing a key detail → 422', async () => {
    const a = await registered();
    const b = await registered();
    expectError(await put(`/employers/${b.employer.id}`, { token: b.token, json: { name: a.body.name } }), 409, 'name');
    expectData(await review(a.employer.id, { decision: 'approve' }));
    const waiting = `等待${uniq('co')}公司`;
    expectData(await put(`/employers/${a.employer.id}`, { token: a.token, json: { name: waiting } }));
    expectError(await put(`/employers/${b.employer.id}`, { token: b.token, json: { name: waiting } }), 409, 'name');
    expectError(await put(`/employers/${b.employer.id}`, { token: b.token, json: { industry_code: null } }), 422, 'industry_code');
    expectError(await put(`/employers/${b.employer.id}`, { token: b.token, json: { status: 'approved' } }), 422, 'status');
  });

  test('only the employer\'s own HR users edit; another employer 404; staff 403', async () => {
    const a = await registered();
    const b = await registered();
    expectError(await put(`/employers/${a.employer.id}`, { token: b.token, json: { contact_name: '越权' } }), 404);
    expectError(await put(`/employers/${a.employer.id}`, { token: admin.token, json: { contact_name: '越权' } }), 403);
    expectError(await get(`/employers/${a.employer.id}`, { token: b.token }), 404);
    assert.equal((await record(a.employer.id)).contact_name, a.body.contact_name);
  });
});

describe('the licence (营业执照)', () => {
  test('PNG, JPEG or PDF by their bytes; replaced by a new upload; read back by the employer and reviewers only', async () => {
    const { employer, token } = await registered();
    const up = expectData(await putLicence(employer.id, token, PNG));
    assert.equal(up.licence_uploaded, true);
    assert.equal(up.licence_type, 'image/png');
    const pdf = Buffer.from('%PDF-1.4\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n', 'latin1');
    expectData(await putLicence(employer.id, token, pdf, 'application/octet-stream'));
    const mine = await download(`/employers/${employer.id}/licence`, { token });
    assert.equal(mine.status, 200);
    assert.equal(mine.headers.get('content-type'), 'application/pdf');
    assert.deepEqual(mine.buf, pdf);
    assert.equal((await download(`/employers/${employer.id}/licence`, { token: reviewer.token })).status, 200);
    assert.equal((await download(`/employers/${employer.id}/licence`, { token: viewer.token })).status, 404);
    const other = await registered();
    assert.equal((await download(`/employers/${employer.id}/licence`, { token: other.token })).status, 404);
  });

  test('not an image or PDF (whatever the content type) → 422 file; empty → 422; too large → 413', async () => {
    const { employer, token } = await registered();
    expectError(await putLicence(employer.id, token, Buffer.from('<html>hi</html>'), 'image/png'), 422, 'file');
    expectError(await putLicence(employer.id, token, Buffer.from('GIF89a....'), 'image/gif'), 422, 'file');
    expectError(await putLicence(employer.id, token, Buffer.alloc(0)), 422, 'file');
    expectError(await putLicence(employer.id, token, Buffer.concat([PNG, Buffer.alloc(6 << 20)])), 413);
    assert.equal((await record(employer.id)).licence_uploaded, false);
  });

  test('a new licence of an approved employer sends it to a second review', async () => {
    const { employer, token } = await registered();
    expectData(await review(employer.id, { decision: 'approve' }));
    assert.equal(expectData(await putLicence(employer.id, token, PNG)).status, 'rereview');
    assert.equal(expectData(await review(employer.id, { decision: 'approve' })).status, 'approved');
  });
});

describe('HR users and the console list', () => {
  test('an HR user adds another; both sign in; a taken username 409', async () => {
    const { employer, token } = await registered();
    const second = { username: uniq('hr2'), password: password(), name: '第二位HR' };
    const doc = expectData(await post(`/employers/${employer.id}/users`, { token, json: second }), 201);
    assert.equal(doc.hr_users.length, 2);
    const { token: t2 } = await login(second.username, second.password);
    assert.equal((await record(employer.id, t2)).id, employer.id);
    expectError(await post(`/employers/${employer.id}/users`, { token, json: second }), 409, 'username');
    const other = await registered();
    expectError(await post(`/employers/${employer.id}/users`, { token: other.token, json: { ...second, username: uniq('x') } }), 404);
  });

  test('GET /employers: staff filter by status, industry, region and name or credit code; others 403', async () => {
    const { employer, body } = await registered({ industry_code: 'C', region_code: '320102' });
    const find = async (query) => expectList(await get('/employers', { token: viewer.token, query: { per_page: 200, ...query } })).data.map((e) => e.id);
    assert.ok((await find({ q: body.name })).includes(employer.id));
    assert.deepEqual(await find({ q: body.credit_code }), [employer.id]);
    assert.ok((await find({ q: body.name, status: 'pending', industry: 'C', region: '320000' })).includes(employer.id));
    assert.ok(!(await find({ q: body.name, status: 'approved' })).includes(employer.id));
    assert.ok(!(await find({ q: body.name, region: '110000' })).includes(employer.id));
    const row = expectList(await get('/employers', { token: viewer.token, query: { q: body.credit_code } })).data[0];
    assert.equal(row.licence_uploaded, false);
    assert.equal(row.wechat_bound, false);
    assert.equal(row.hr_count, 1);
    expectError(await get('/employers', { token: viewer.token, query: { status: 'open' } }), 422, 'status');
    const { token } = await registered();
    expectError(await get('/employers', { token }), 403);
    expectError(await get('/employers'), 401);
  });
});

test(`registration names stay unique even for names registered in this run (${RUN})`, async () => {
  const body = registration();
  const answers = await Promise.all([post('/employers/register', { json: body }), post('/employers/register', { json: { ...body, username: `${body.username}b` } })]);
  assert.deepEqual(answers.map((r) => r.status).sort(), [201, 409]);
});
