// tests/api/relations.test.mjs: the employer file's relationship side (issue 7): cooperation
// levels the office keeps, an employer's level, tags and follow-up owner (filters of the
// employer list; never shown to the employer), and the contacts and follow-ups log (联络对接).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  RUN, cliAccount, expectData, expectError, expectList, get, post, put,
} from './lib.mjs';
import { advisorFor, staffWith } from './records.mjs';
import { registered } from './recruitment.mjs';

let admin;
let company;

before(async () => {
  admin = await cliAccount('admin');
  company = await registered();
  expectData(await post(`/admin/employers/${company.employer.id}/review`, { token: admin.token, json: { decision: 'approve' } }));
});

const relations = (json, token = admin.token) => put(`/employers/${company.employer.id}/relations`, { token, json });

describe('cooperation levels', () => {
  test('the office keeps the list: three to start with, a new one, retired ones hidden unless all=1', async () => {
    const levels = expectData(await get('/cooperation-levels', { token: admin.token }));
    assert.deepEqual(levels.slice(0, 3).map((l) => l.code), ['strategic', 'key', 'ordinary']);
    const code = `lvl_${RUN}`.toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 20);
    const made = expectData(await put(`/admin/cooperation-levels/${code}`, { token: admin.token, json: { name: '测试合作等级', sort_order: 99 } }), 201);
    assert.equal(made.active, true);
    expectData(await put(`/admin/cooperation-levels/${code}`, { token: admin.token, json: { active: false } }));
    assert.ok(!expectData(await get('/cooperation-levels', { token: admin.token })).some((l) => l.code === code));
    assert.ok(expectData(await get('/cooperation-levels', { token: admin.token, query: { all: 1 } })).some((l) => l.code === code && !l.active));
    expectError(await put('/admin/cooperation-levels/Bad-Code', { token: admin.token, json: { name: 'x' } }), 422, 'code');
    expectError(await put('/admin/cooperation-levels/brand_new', { token: admin.token, json: { sort_order: 1 } }), 422, 'name');
    expectError(await put(`/admin/cooperation-levels/${code}`, { token: admin.token, json: { active: 'no' } }), 422, 'active');
  });
});

describe('an employer\'s level, tags and owner', () => {
  test('set, filtered by in the list, cleared; the employer never sees them', async () => {
    const set = expectData(await relations({ cooperation_level: 'strategic', tags: ['校友企业', `标签${RUN}`], owner: '王老师' }));
    assert.deepEqual(set, { cooperation_level: 'strategic', tags: ['校友企业', `标签${RUN}`], relation_owner: '王老师' });
    const { data } = expectList(await get('/employers', { token: admin.token, query: { tag: `标签${RUN}`, cooperation_level: 'strategic' } }));
    assert.deepEqual(data.map((e) => e.id), [company.employer.id]);
    assert.equal(expectList(await get('/employers', { token: admin.token, query: { tag: `标签${RUN}`, cooperation_level: 'key' } })).meta.total, 0);
    const seen = expectData(await get(`/employers/${company.employer.id}`, { token: admin.token }));
    assert.equal(seen.cooperation_level, 'strategic');
    const own = expectData(await get(`/employers/${company.employer.id}`, { token: company.token }));
    for (const k of ['cooperation_level', 'tags', 'relation_owner']) assert.equal(own[k], undefined, `the employer sees ${k}`);
    const kept = expectData(await relations({ owner: null }));
    assert.equal(kept.cooperation_level, 'strategic', 'a field not sent stays');
    assert.equal(kept.relation_owner, null);
    expectData(await relations({ cooperation_level: null, tags: null }));
  });

  test('bad fields → 422 naming them; refusals', async () => {
    expectError(await relations({ cooperation_level: 'nonexistent' }), 422, 'cooperation_level');
    expectError(await relations({ cooperation_level: 3 }), 422, 'cooperation_level');
    expectError(await relations({ tags: 'IT' }), 422, 'tags');
    expectError(await relations({ tags: ['x'.repeat(21)] }), 422, 'tags');
    expectError(await relations({ tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }), 422, 'tags');
    expectError(await relations({}), 422);
    expectError(await relations({ status: 'approved' }), 422, 'status');
    expectError(await put('/employers/2000000000/relations', { token: admin.token, json: { owner: 'x' } }), 404);
    expectError(await relations({ owner: 'x' }, null), 401);
    expectError(await relations({ owner: 'x' }, company.token), 403);
    const other = await staffWith(admin.token, 'admin', ['jobs.review']);
    expectError(await relations({ owner: 'x' }, other.token), 403);
  });
});

describe('follow-ups (联络对接)', () => {
  const body = { date: '2026-11-20', contact_name: '李经理', method: 'meeting', summary: '走访企业，商谈实习基地', next_step: '寄送协议', next_on: '2026-12-31', owner: '王老师' };

  test('recorded, listed newest first, corrected; advisors read them', async () => {
    const first = expectData(await post(`/employers/${company.employer.id}/followups`, { token: admin.token, json: body }), 201);
    assert.equal(first.date, body.date);
    assert.equal(first.method, 'meeting');
    assert.equal(first.next_on, '2026-12-31');
    const second = expectData(await post(`/employers/${company.employer.id}/followups`, { token: admin.token, json: { ...body, date: '2026-11-25', method: 'phone', next_step: null, next_on: null } }), 201);
    const list = expectList(await get(`/employers/${company.employer.id}/followups`, { token: admin.token }));
    assert.deepEqual(list.data.map((f) => f.id), [second.id, first.id]);
    const fixed = expectData(await put(`/employer-followups/${first.id}`, { token: admin.token, json: { summary: '走访企业，签订实习基地协议', next_on: null } }));
    assert.equal(fixed.summary, '走访企业，签订实习基地协议');
    assert.equal(fixed.next_on, null);
    assert.equal(fixed.contact_name, '李经理', 'a field not sent stays');
    const advisor = await advisorFor(admin.token, [], []);
    assert.equal(expectList(await get(`/employers/${company.employer.id}/followups`, { token: advisor.token })).meta.total, 2);
    expectError(await post(`/employers/${company.employer.id}/followups`, { token: advisor.token, json: body }), 403);
  });

  test('bad fields → 422 naming each; unknown employer or follow-up → 404', async () => {
    const url = `/employers/${company.employer.id}/followups`;
    for (const [over, field] of [
      [{ date: '2026-02-30' }, 'date'], [{ date: undefined }, 'date'], [{ method: 'fax' }, 'method'],
      [{ summary: '' }, 'summary'], [{ contact_name: undefined }, 'contact_name'], [{ next_on: 'soon' }, 'next_on'],
      [{ employer_id: 1 }, 'employer_id'],
    ]) {
      expectError(await post(url, { token: admin.token, json: { ...body, ...over } }), 422, field);
    }
    expectError(await post('/employers/2000000000/followups', { token: admin.token, json: body }), 404);
    expectError(await put('/employer-followups/2000000000', { token: admin.token, json: { summary: 'x' } }), 404);
    expectError(await put('/employer-followups/1', { token: admin.token, json: {} }), 422);
    expectError(await get(url), 401);
    expectError(await get(url, { token: company.token }), 403);
  });
});
