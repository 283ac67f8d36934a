// tests/api/appeals.test.mjs: employers' account appeals (用人单位账号申诉, seed manual §4.2): a
// company appeals with its credit code; the office rejects it with a reason or approves it,
// which makes the applicant the contact and mails a one-time link (30 minutes) to set a new
// password — to the applicant, never to staff. The mail is caught by an SMTP server of the
// suite's own (tests/api/smtp.mjs) on QIAO_TEST_SMTP_PORT, where the stack sends it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  cliAccount, expectData, expectError, expectList, get, login, password, post, request, show, uniq,
} from './lib.mjs';
import { creditCode, staffWith } from './records.mjs';
import { registered } from './recruitment.mjs';
import { smtpServer } from './smtp.mjs';

const SMTP_PORT = Number(process.env.QIAO_TEST_SMTP_PORT || 0);

let admin;
let company; // an approved employer whose HR lost access
let smtp;

const appeal = (over = {}) => ({
  credit_code: company.body.credit_code, username: company.body.username, applicant_name: '新联系人',
  applicant_phone: '13700001111', applicant_email: `new.${uniq('hr')}@example.cn`,
  reason: '原招聘专员离职，账号密码无人知晓，申请找回。', ...over,
});
const review = (id, json, token = admin.token) => post(`/admin/employer-appeals/${id}/review`, { token, json });
// A refused review: 409 on state, its message naming the state the appeal is in and the one asked for.
function namesBoth(res, from, to) {
  const err = expectError(res, 409, 'state');
  for (const s of [from, to]) assert.match(err.message, new RegExp(`\\b${s}\\b`), `the 409 does not name ${s}: ${show(res)}`);
}

before(async () => {
  admin = await cliAccount('admin');
  company = await registered();
  expectData(await post(`/admin/employers/${company.employer.id}/review`, { token: admin.token, json: { decision: 'approve' } }));
  if (SMTP_PORT) smtp = await smtpServer(SMTP_PORT);
});
after(async () => smtp?.close());

describe('POST /employer-appeals', () => {
  test('bad fields → 422 naming each; an unknown company or account → 422; a second pending one → 409', async () => {
    const cases = [
      [{ credit_code: undefined }, 'credit_code'],
      [{ credit_code: '91350100M000100Y4X' }, 'credit_code'],
      [{ credit_code: creditCode() }, 'credit_code'], // valid, but no employer has it
      [{ username: 'nobody_here' }, 'username'],
      [{ applicant_phone: '1234' }, 'applicant_phone'],
      [{ applicant_email: 'not-an-address' }, 'applicant_email'],
      [{ applicant_email: 'a@b.cn\r\nBcc: x@y.cn' }, 'applicant_email'],
      [{ reason: '' }, 'reason'],
      [{ reason: undefined }, 'reason'],
      [{ state: 'approved' }, 'state'],
    ];
    for (const [over, field] of cases) expectError(await post('/employer-appeals', { json: appeal(over) }), 422, field);
    const first = expectData(await post('/employer-appeals', { json: appeal() }), 201);
    assert.equal(first.state, 'pending');
    expectError(await post('/employer-appeals', { json: appeal() }), 409);
    expectData(await review(first.id, { decision: 'reject', reason: '测试：先驳回' }));
  });
});

describe('the office reviews appeals', () => {
  test('only the office holding employers.review lists and decides them', async () => {
    expectError(await get('/admin/employer-appeals'), 401);
    const other = await staffWith(admin.token, 'admin', ['jobs.review']);
    expectError(await get('/admin/employer-appeals', { token: other.token }), 403);
    expectError(await review(1, { decision: 'reject', reason: 'x' }, other.token), 403);
    expectError(await get('/admin/employer-appeals', { token: company.token }), 403);
    expectError(await review(2_000_000_000, { decision: 'reject', reason: 'x' }), 404);
  });

  test('a rejection needs a reason; rejected, the appeal is decided and the account unchanged', async () => {
    const a = expectData(await post('/employer-appeals', { json: appeal() }), 201);
    const { data } = expectList(await get('/admin/employer-appeals', { token: admin.token, query: { state: 'pending', q: company.employer.name } }));
    const row = data.find((r) => r.id === a.id);
    assert.equal(row.employer_id, company.employer.id);
    assert.equal(row.current.contact_name, company.body.contact_name, 'the current contact beside the applicant');
    assert.equal(row.applicant_name, '新联系人');
    expectError(await review(a.id, { decision: 'reject' }), 422, 'reason');
    const done = expectData(await review(a.id, { decision: 'reject', reason: '营业执照与申请人不符' }));
    assert.equal(done.state, 'rejected');
    assert.equal(done.review_reason, '营业执照与申请人不符');
    namesBoth(await review(a.id, { decision: 'approve' }), 'rejected', 'approved');
    namesBoth(await review(a.id, { decision: 'reject', reason: '再次驳回' }), 'rejected', 'rejected');
    const still = expectList(await get('/admin/employer-appeals', { token: admin.token, query: { q: company.employer.name, per_page: 200 } })).data.find((r) => r.id === a.id);
    assert.equal(still.review_reason, '营业执照与申请人不符', 'a refused review changed the reason');
    await login(company.body.username, company.body.password);
  });

  // An approval needs no mail server to be decided: the mail waits in the outbox.
  test('approved, an appeal is decided: approving or rejecting it again → 409 naming both states', async () => {
    const other = await registered();
    expectData(await post(`/admin/employers/${other.employer.id}/review`, { token: admin.token, json: { decision: 'approve' } }));
    const a = expectData(await post('/employer-appeals', { json: appeal({ credit_code: other.body.credit_code, username: other.body.username }) }), 201);
    assert.equal(expectData(await review(a.id, { decision: 'approve' })).state, 'approved');
    namesBoth(await review(a.id, { decision: 'reject', reason: '改为驳回' }), 'approved', 'rejected');
    namesBoth(await review(a.id, { decision: 'approve' }), 'approved', 'approved');
    const { data } = expectList(await get('/admin/employer-appeals', { token: admin.token, query: { state: 'approved', q: other.employer.name } }));
    assert.deepEqual(data.map((r) => r.id), [a.id]);
  });

  test('two decisions at once on one appeal: one 200, the other 409 naming both states; one review in the audit log', async () => {
    const other = await registered();
    expectData(await post(`/admin/employers/${other.employer.id}/review`, { token: admin.token, json: { decision: 'approve' } }));
    const a = expectData(await post('/employer-appeals', { json: appeal({ credit_code: other.body.credit_code, username: other.body.username }) }), 201);
    const asked = ['approved', 'rejected'];
    const answers = await Promise.all([review(a.id, { decision: 'approve' }), review(a.id, { decision: 'reject', reason: '并发驳回' })]);
    assert.deepEqual(answers.map((r) => r.status).sort(), [200, 409], answers.map(show).join('\n'));
    const won = answers.findIndex((r) => r.status === 200);
    assert.equal(answers[won].body.data.state, asked[won]);
    namesBoth(answers[1 - won], asked[won], asked[1 - won]);
    const root = (await cliAccount('superadmin')).token;
    const audit = expectList(await get('/admin/audit', { token: root, query: { target_type: 'employer_appeal', target_id: a.id, per_page: 200 } }));
    assert.equal(audit.data.filter((e) => e.action === 'employer_appeal.review').length, 1, 'the losing decision was logged');
  });

  test('approved: the applicant becomes the contact and gets a one-time link by mail; staff never see it', { skip: !SMTP_PORT && 'QIAO_TEST_SMTP_PORT is not set' }, async () => {
    const body = appeal();
    // The person who left is still signed in somewhere.
    const { token: leaver } = await login(company.body.username, company.body.password);
    await new Promise((r) => setTimeout(r, 1100)); // tokens carry whole seconds
    const a = expectData(await post('/employer-appeals', { json: body }), 201);
    const res = await review(a.id, { decision: 'approve' });
    const done = expectData(res);
    assert.equal(done.state, 'approved');
    assert.equal(done.reset_link.sent_to, body.applicant_email);
    assert.equal(done.reset_link.valid_minutes, 30);
    assert.doesNotMatch(res.text, /[0-9a-f]{64}/, 'the answer to staff carries no token');
    const employer = expectData(await get(`/employers/${company.employer.id}`, { token: admin.token }));
    assert.equal(employer.contact_name, body.applicant_name);
    assert.equal(employer.email, body.applicant_email);

    const mail = await smtp.waitFor((m) => m.to.includes(body.applicant_email));
    assert.ok(mail, 'the reset mail arrived');
    assert.equal(mail.from, 'career@qiao.test');
    assert.match(mail.subject, /申诉已通过/);
    const token = mail.body.match(/\/activate\?token=([0-9a-f]{64})/)?.[1];
    assert.ok(token, `a link in the mail: ${mail.body}`);

    const fresh = password();
    expectError(await post('/auth/activate', { json: { token, password: 'short' } }), 422, 'password');
    const used = expectData(await post('/auth/activate', { json: { token, password: fresh } }));
    assert.equal(used.username, company.body.username);
    expectError(await post('/auth/activate', { json: { token, password: password() } }), 422, 'token');
    await login(company.body.username, fresh);
    const old = await post('/auth/login', { json: { username: company.body.username, password: company.body.password } });
    assert.equal(old.status, 401, 'the lost password no longer works');
    expectError(await get('/me', { token: leaver }), 401);
    const root = (await cliAccount('superadmin')).token;
    const audit = expectList(await get('/admin/audit', { token: root, query: { target_type: 'employer_appeal', target_id: a.id } }));
    assert.ok(audit.data.some((e) => e.action === 'employer_appeal.review'));
    const contact = expectList(await get('/admin/audit', { token: root, query: { target_type: 'employer', target_id: company.employer.id } }));
    assert.ok(contact.data.some((e) => e.action === 'employer.update'), 'the contact change is logged as an update of the employer');
  });

  test('an appeal without a username recovers the company\'s first account', { skip: !SMTP_PORT && 'QIAO_TEST_SMTP_PORT is not set' }, async () => {
    const other = await registered();
    expectData(await post(`/admin/employers/${other.employer.id}/review`, { token: admin.token, json: { decision: 'approve' } }));
    const body = { ...appeal(), credit_code: other.body.credit_code, username: undefined };
    const a = expectData(await post('/employer-appeals', { json: body }), 201);
    expectData(await review(a.id, { decision: 'approve' }));
    const mail = await smtp.waitFor((m) => m.to.includes(body.applicant_email));
    const token = mail?.body.match(/token=([0-9a-f]{64})/)?.[1];
    const used = expectData(await request('POST', '/auth/activate', { json: { token, password: password() } }));
    assert.equal(used.username, other.body.username);
  });
});
