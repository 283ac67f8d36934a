// tests/api/accounts.test.mjs: /admin/accounts (create, list, read, scope, permissions, status)
// and GET /admin/permission-items
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  ISO_OFFSET, PERMISSION_ITEMS, RUN, apiAccount, cliAccount, createMajor, expectData, expectError,
  expectList, get, lazy, login, password, post, put, sameId, show, sorted, sortedIds, uniq,
} from './lib.mjs';

const ACCOUNT_KEYS = ['id', 'username', 'name', 'role', 'status', 'permissions', 'major_ids', 'created_at'];

function checkAccount(a, expected = {}) {
  for (const k of ACCOUNT_KEYS) assert.ok(Object.hasOwn(a, k), `account lacks "${k}": ${JSON.stringify(a)}`);
  assert.ok(Number.isInteger(a.id) && a.id > 0, `id: ${a.id}`);
  assert.ok(Array.isArray(a.permissions), 'permissions is not an array');
  assert.ok(Array.isArray(a.major_ids), 'major_ids is not an array');
  for (const m of a.major_ids) assert.ok(Number.isInteger(m), `major id ${m} is not an integer`);
  assert.match(a.created_at, ISO_OFFSET);
  assert.ok(['active', 'disabled'].includes(a.status), `status: ${a.status}`);
  for (const secret of ['password', 'password_hash', 'hash']) {
    assert.equal(a[secret], undefined, `account leaks "${secret}"`);
  }
  for (const [k, v] of Object.entries(expected)) {
    if (k === 'permissions') assert.deepEqual(sorted(a.permissions), sorted(v));
    else if (k === 'major_ids') assert.deepEqual(sortedIds(a.major_ids), sortedIds(v));
    else assert.deepEqual(a[k], v, `account.${k}`);
  }
}

// Shared callers of this file, made once.
let superadmin; // CLI superadmin
let admin; // CLI admin: every permission item
let managerAdmin; // admin made through the API with only accounts.manage
let plainAdmin; // admin made through the API with no permission item
let counselor;
let advisor;
let majors; // two majors made by `admin`, made when a test first needs them
const needMajors = lazy(async () => {
  majors = [await createMajor(admin.token), await createMajor(admin.token)];
});
const student = lazy(() => cliAccount('student', { username: `2099${Date.now().toString().slice(-8)}${Math.floor(Math.random() * 90 + 10)}` }));
const employer = lazy(() => cliAccount('employer'));

before(async () => {
  superadmin = await cliAccount('superadmin');
  admin = await cliAccount('admin');
  counselor = await cliAccount('counselor');
  advisor = await cliAccount('advisor');
  managerAdmin = await apiAccount(superadmin.token, { role: 'admin', permissions: ['accounts.manage'] }, { login: true });
  plainAdmin = await apiAccount(superadmin.token, { role: 'admin', permissions: [] }, { login: true });
});

describe('POST /admin/accounts', () => {
  test('a superadmin creates a counselor: 201 with the account; it signs in at once and GET /me shows what was given', async () => {
    const username = uniq('new');
    const pw = password();
    const body = {
      username, password: pw, name: `新咨询师 𠀋 ${RUN}`, role: 'counselor',
      permissions: ['students.view', 'stats.view'], major_ids: [],
    };
    const res = await post('/admin/accounts', { token: superadmin.token, json: body });
    const a = expectData(res, 201);
    checkAccount(a, { username, name: body.name, role: 'counselor', status: 'active', permissions: body.permissions, major_ids: [] });

    const l = await login(username, pw);
    assert.ok(sameId(l.user.id, a.id));
    const me = expectData(await get('/me', { token: l.token }));
    assert.equal(me.role, 'counselor');
    assert.equal(me.name, body.name);
    assert.deepEqual(sorted(me.permissions), sorted(body.permissions));
    assert.deepEqual(me.major_ids, []);
  });

  test('an advisor made with major_ids sees them in GET /me', async () => {
    await needMajors();
    const ids = majors.map((m) => m.id);
    const made = await apiAccount(superadmin.token, { role: 'advisor', permissions: ['students.view'], major_ids: ids }, { login: true });
    checkAccount(made.account, { role: 'advisor', major_ids: ids, permissions: ['students.view'] });
    const me = expectData(await get('/me', { token: made.token }));
    assert.deepEqual(sortedIds(me.major_ids), sortedIds(ids));
    assert.deepEqual(me.permissions, ['students.view']);
  });

  test('an admin holding every item creates an admin with some items', async () => {
    const made = await apiAccount(admin.token, { role: 'admin', permissions: ['students.view', 'majors.manage'] });
    checkAccount(made.account, { role: 'admin', permissions: ['students.view', 'majors.manage'] });
  });

  test('a superadmin creates a superadmin', async () => {
    const made = await apiAccount(superadmin.token, { role: 'superadmin' }, { login: true });
    checkAccount(made.account, { role: 'superadmin' });
    expectList(await get('/admin/audit', { token: made.token }));
  });

  test('an admin holding only accounts.manage creates a counselor with an item they hold or none', async () => {
    checkAccount((await apiAccount(managerAdmin.token, { role: 'counselor', permissions: [] })).account, { permissions: [] });
    checkAccount((await apiAccount(managerAdmin.token, { role: 'admin', permissions: ['accounts.manage'] })).account,
      { role: 'admin', permissions: ['accounts.manage'] });
  });

  test('a 64-character username is accepted', async () => {
    const username = `u${RUN}${'x'.repeat(64)}`.slice(0, 64);
    const made = await apiAccount(superadmin.token, { username });
    assert.equal(made.account.username, username);
  });

  test('a taken username answers 409 field username (API-made and CLI-made)', async () => {
    const made = await apiAccount(superadmin.token, {});
    const again = await post('/admin/accounts', {
      token: superadmin.token,
      json: { username: made.username, password: password(), name: 'dup', role: 'counselor', permissions: [], major_ids: [] },
    });
    expectError(again, 409, 'username');
    const cliTaken = await post('/admin/accounts', {
      token: superadmin.token,
      json: { username: counselor.username, password: password(), name: 'dup', role: 'counselor', permissions: [], major_ids: [] },
    });
    expectError(cliTaken, 409, 'username');
  });

  test('two concurrent creations of one username: one 201, one 409, never 500', async () => {
    const username = uniq('race');
    const body = () => ({ username, password: password(), name: '并发', role: 'counselor', permissions: [], major_ids: [] });
    const results = await Promise.all([
      post('/admin/accounts', { token: superadmin.token, json: body() }),
      post('/admin/accounts', { token: superadmin.token, json: body() }),
    ]);
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual(statuses, [201, 409], results.map(show).join('\n'));
    expectError(results.find((r) => r.status === 409), 409, 'username');
  });

  describe('422 naming the field', () => {
    const base = () => ({
      username: uniq('bad'), password: password(), name: `坏请求 ${RUN}`, role: 'counselor', permissions: [], major_ids: [],
    });
    const cases = [
      ['an empty username', 'username', (b) => ({ ...b, username: '' })],
      ['a 65-character username', 'username', (b) => ({ ...b, username: `u${RUN}${'y'.repeat(70)}`.slice(0, 65) })],
      ['a username with a space', 'username', (b) => ({ ...b, username: `a b${RUN}` })],
      ['no username', 'username', ({ username, ...b }) => b],
      ['a password shorter than 8', 'password', (b) => ({ ...b, password: 'Ab1!xyz' })],
      ['a password of two classes', 'password', (b) => ({ ...b, password: 'abcdefgh1' })],
      ['a password containing the username', 'password', (b) => ({ ...b, password: `Xy7!${b.username}` })],
      ['no password', 'password', ({ password: _, ...b }) => b],
      ['role student', 'role', (b) => ({ ...b, role: 'student' })],
      ['role employer', 'role', (b) => ({ ...b, role: 'employer' })],
      ['an unknown role', 'role', (b) => ({ ...b, role: 'emperor' })],
      ['no role', 'role', ({ role, ...b }) => b],
      ['an unknown permission item', 'permissions', (b) => ({ ...b, permissions: ['students.view', 'no.such.item'] })],
      ['permissions not an array', 'permissions', (b) => ({ ...b, permissions: 'students.view' })],
      ['an unknown major id', 'major_ids', (b) => ({ ...b, major_ids: [2_000_000_000] })],
      ['a non-integer major id', 'major_ids', (b) => ({ ...b, major_ids: ['abc'] })],
      ['major_ids not an array', 'major_ids', (b) => ({ ...b, major_ids: 5 })],
      ['no name', 'name', ({ name, ...b }) => b],
      ['an empty name', 'name', (b) => ({ ...b, name: '' })],
    ];
    for (const [what, field, make] of cases) {
      test(`${what} → 422 field ${field}, and nothing is created`, async () => {
        const body = make(base());
        expectError(await post('/admin/accounts', { token: superadmin.token, json: body }), 422, field);
        if (typeof body.username === 'string' && /^[a-z0-9_]+$/.test(body.username)) {
          const { meta } = expectList(await get('/admin/accounts', { token: superadmin.token, query: { q: body.username } }));
          assert.equal(meta.total, 0, `a refused account was created: ${body.username}`);
        }
      });
    }
  });

  describe('403 for callers without the right', () => {
    const body = () => ({ username: uniq('den'), password: password(), name: `拒绝 ${RUN}`, role: 'counselor', permissions: [], major_ids: [] });
    const callers = [
      ['a student', async () => (await student()).token],
      ['an employer', async () => (await employer()).token],
      ['a counselor', async () => counselor.token],
      ['an advisor', async () => advisor.token],
      ['an admin without accounts.manage', async () => plainAdmin.token],
    ];
    for (const [who, token] of callers) {
      test(`${who} → 403`, async () => {
        const b = body();
        expectError(await post('/admin/accounts', { token: await token(), json: b }), 403);
        const { meta } = expectList(await get('/admin/accounts', { token: superadmin.token, query: { q: b.username } }));
        assert.equal(meta.total, 0, 'the refused account was created');
      });
    }

    test('an admin with accounts.manage creating a superadmin → 403', async () => {
      expectError(await post('/admin/accounts', { token: managerAdmin.token, json: { ...body(), role: 'superadmin' } }), 403);
    });

    test('an admin with accounts.manage granting an item they do not hold → 403', async () => {
      expectError(await post('/admin/accounts', {
        token: managerAdmin.token, json: { ...body(), permissions: ['students.sensitive'] },
      }), 403);
    });

    test('no token → 401', async () => {
      expectError(await post('/admin/accounts', { json: body() }), 401);
    });
  });
});

describe('GET /admin/accounts', () => {
  const tag = uniq('lst');
  const marker = `名单${RUN}甲`;
  let made;
  before(async () => {
    made = [
      await apiAccount(superadmin.token, { username: `${tag}_a`, role: 'counselor' }),
      await apiAccount(superadmin.token, { username: `${tag}_b`, role: 'counselor' }),
      await apiAccount(superadmin.token, { username: `${tag}_c`, role: 'advisor' }),
    ];
    made.push(await apiAccount(superadmin.token, { username: uniq('other'), name: `学院管理 ${marker}`, role: 'advisor' }));
  });

  test('lists accounts with meta (defaults page 1, per_page 20)', async () => {
    const { data, meta } = expectList(await get('/admin/accounts', { token: superadmin.token }));
    assert.equal(meta.page, 1);
    assert.equal(meta.per_page, 20);
    assert.ok(meta.total >= 4, `total ${meta.total}`);
    assert.ok(data.length > 0 && data.length <= 20);
    for (const a of data) checkAccount(a);
  });

  test('q matches the username', async () => {
    const { data, meta } = expectList(await get('/admin/accounts', { token: superadmin.token, query: { q: tag } }));
    assert.equal(meta.total, 3);
    assert.deepEqual(data.map((a) => a.username).sort(), [`${tag}_a`, `${tag}_b`, `${tag}_c`]);
  });

  test('q matches the name (Chinese)', async () => {
    const { data, meta } = expectList(await get('/admin/accounts', { token: superadmin.token, query: { q: marker } }));
    assert.equal(meta.total, 1);
    assert.equal(data[0].username, made[3].username);
    assert.equal(data[0].name, made[3].name);
  });

  test('role filters', async () => {
    const { data, meta } = expectList(await get('/admin/accounts', { token: superadmin.token, query: { q: tag, role: 'advisor' } }));
    assert.equal(meta.total, 1);
    assert.equal(data[0].username, `${tag}_c`);
    const all = expectList(await get('/admin/accounts', { token: superadmin.token, query: { role: 'advisor', per_page: 200 } }));
    assert.ok(all.data.length > 0);
    for (const a of all.data) assert.equal(a.role, 'advisor');
  });

  test('pages: per_page 2 gives pages of 2, 1 and 0 rows without overlap', async () => {
    const q = { q: tag, per_page: 2 };
    const p1 = expectList(await get('/admin/accounts', { token: superadmin.token, query: { ...q, page: 1 } }));
    const p2 = expectList(await get('/admin/accounts', { token: superadmin.token, query: { ...q, page: 2 } }));
    const p3 = expectList(await get('/admin/accounts', { token: superadmin.token, query: { ...q, page: 3 } }));
    assert.deepEqual([p1.data.length, p2.data.length, p3.data.length], [2, 1, 0]);
    assert.deepEqual([p1.meta.page, p2.meta.page, p3.meta.page], [1, 2, 3]);
    for (const p of [p1, p2, p3]) {
      assert.equal(p.meta.total, 3);
      assert.equal(p.meta.per_page, 2);
    }
    const ids = [...p1.data, ...p2.data].map((a) => a.id);
    assert.equal(new Set(ids).size, 3);
  });

  test('per_page 0 and 201, page 0 → 422 naming the parameter', async () => {
    expectError(await get('/admin/accounts', { token: superadmin.token, query: { per_page: 0 } }), 422, 'per_page');
    expectError(await get('/admin/accounts', { token: superadmin.token, query: { per_page: 201 } }), 422, 'per_page');
    expectError(await get('/admin/accounts', { token: superadmin.token, query: { page: 0 } }), 422, 'page');
  });

  test('an admin with accounts.manage may list', async () => {
    expectList(await get('/admin/accounts', { token: managerAdmin.token }));
  });

  test('a counselor, an advisor and an admin without accounts.manage → 403', async () => {
    expectError(await get('/admin/accounts', { token: counselor.token }), 403);
    expectError(await get('/admin/accounts', { token: advisor.token }), 403);
    expectError(await get('/admin/accounts', { token: plainAdmin.token }), 403);
  });

  test('a student → 403', async () => {
    expectError(await get('/admin/accounts', { token: (await student()).token }), 403);
  });

  test('no token → 401', async () => {
    expectError(await get('/admin/accounts'), 401);
  });
});

describe('GET /admin/accounts/{id}', () => {
  let made;
  before(async () => {
    await needMajors();
    made = await apiAccount(superadmin.token, { role: 'advisor', permissions: ['students.view'], major_ids: [majors[0].id] });
  });

  test('answers the account', async () => {
    const a = expectData(await get(`/admin/accounts/${made.account.id}`, { token: superadmin.token }));
    checkAccount(a, { id: made.account.id, username: made.username, role: 'advisor', permissions: ['students.view'], major_ids: [majors[0].id] });
    assert.deepEqual(a, made.account);
  });

  test('an admin with accounts.manage may read it', async () => {
    const a = expectData(await get(`/admin/accounts/${made.account.id}`, { token: managerAdmin.token }));
    assert.equal(a.username, made.username);
  });

  test('an id that does not exist → 404', async () => {
    expectError(await get('/admin/accounts/2000000000', { token: superadmin.token }), 404);
  });

  test('a non-numeric id → 404', async () => {
    expectError(await get('/admin/accounts/abc', { token: superadmin.token }), 404);
    expectError(await get('/admin/accounts/12abc', { token: superadmin.token }), 404);
  });

  test('a counselor → 403; no token → 401', async () => {
    expectError(await get(`/admin/accounts/${made.account.id}`, { token: counselor.token }), 403);
    expectError(await get(`/admin/accounts/${made.account.id}`), 401);
  });
});

describe('PUT /admin/accounts/{id}/scope', () => {
  let adv;
  before(async () => {
    await needMajors();
    adv = await apiAccount(superadmin.token, { role: 'advisor', permissions: ['students.view'], major_ids: [] }, { login: true });
  });
  const scope = (id, body, token = superadmin.token) => put(`/admin/accounts/${id}/scope`, { token, json: body });

  test('an advisor signed in before the change sees the new major_ids on the next request with the same token', async () => {
    assert.deepEqual(expectData(await get('/me', { token: adv.token })).major_ids, []);

    const a1 = expectData(await scope(adv.account.id, { major_ids: [majors[0].id] }));
    checkAccount(a1, { id: adv.account.id, major_ids: [majors[0].id] });
    assert.deepEqual(expectData(await get('/me', { token: adv.token })).major_ids, [majors[0].id]);

    const both = majors.map((m) => m.id);
    checkAccount(expectData(await scope(adv.account.id, { major_ids: both })), { major_ids: both });
    assert.deepEqual(sortedIds(expectData(await get('/me', { token: adv.token })).major_ids), sortedIds(both));

    checkAccount(expectData(await scope(adv.account.id, { major_ids: [] })), { major_ids: [] });
    assert.deepEqual(expectData(await get('/me', { token: adv.token })).major_ids, []);

    const read = expectData(await get(`/admin/accounts/${adv.account.id}`, { token: superadmin.token }));
    assert.deepEqual(read.major_ids, []);
  });

  test('an admin with accounts.manage may change a scope', async () => {
    checkAccount(expectData(await scope(adv.account.id, { major_ids: [majors[1].id] }, managerAdmin.token)), { major_ids: [majors[1].id] });
    assert.deepEqual(expectData(await get('/me', { token: adv.token })).major_ids, [majors[1].id]);
  });

  describe('422 field major_ids, and the scope stays as it was', () => {
    before(async () => {
      expectData(await scope(adv.account.id, { major_ids: [majors[0].id] }));
    });
    const bad = [
      ['a number', { major_ids: 1 }],
      ['a string', { major_ids: 'all' }],
      ['an object', { major_ids: { a: 1 } }],
      ['non-integers', { major_ids: ['x'] }],
      ['a fraction', { major_ids: [1.5] }],
      ['an unknown id beside a known one', null],
      ['no major_ids', {}],
    ];
    for (const [what, body] of bad) {
      test(what, async () => {
        const b = body ?? { major_ids: [majors[1].id, 2_000_000_000] };
        expectError(await scope(adv.account.id, b), 422, 'major_ids');
        assert.deepEqual(expectData(await get('/me', { token: adv.token })).major_ids, [majors[0].id]);
      });
    }
  });

  test('an unknown account → 404', async () => {
    expectError(await scope(2_000_000_000, { major_ids: [] }), 404);
  });

  test('a counselor, an advisor and an admin without accounts.manage → 403; no token → 401', async () => {
    for (const t of [counselor.token, adv.token, plainAdmin.token]) {
      expectError(await scope(adv.account.id, { major_ids: [] }, t), 403);
    }
    expectError(await put(`/admin/accounts/${adv.account.id}/scope`, { json: { major_ids: [] } }), 401);
  });
});

describe('PUT /admin/accounts/{id}/permissions', () => {
  let adm;
  before(async () => {
    adm = await apiAccount(superadmin.token, { role: 'admin', permissions: [] }, { login: true });
  });
  const perms = (id, body, token = superadmin.token) => put(`/admin/accounts/${id}/permissions`, { token, json: body });

  test('granting accounts.manage opens GET /admin/accounts to the same token at once; removing it closes it again', async () => {
    expectError(await get('/admin/accounts', { token: adm.token }), 403);

    const a1 = expectData(await perms(adm.account.id, { permissions: ['accounts.manage'] }));
    checkAccount(a1, { id: adm.account.id, permissions: ['accounts.manage'] });
    expectList(await get('/admin/accounts', { token: adm.token }));
    assert.deepEqual(expectData(await get('/me', { token: adm.token })).permissions, ['accounts.manage']);

    const a2 = expectData(await perms(adm.account.id, { permissions: [] }));
    checkAccount(a2, { permissions: [] });
    expectError(await get('/admin/accounts', { token: adm.token }), 403);
    assert.deepEqual(expectData(await get('/me', { token: adm.token })).permissions, []);
  });

  test('an unknown item → 422 field permissions', async () => {
    expectError(await perms(adm.account.id, { permissions: ['accounts.manage', 'no.such.item'] }), 422, 'permissions');
    expectError(await perms(adm.account.id, { permissions: 'accounts.manage' }), 422, 'permissions');
    assert.deepEqual(expectData(await get('/me', { token: adm.token })).permissions, []);
  });

  test('an unknown account → 404', async () => {
    expectError(await perms(2_000_000_000, { permissions: [] }), 404);
  });

  test('an admin with accounts.manage granting an item they do not hold → 403', async () => {
    expectError(await perms(adm.account.id, { permissions: ['students.sensitive'] }, managerAdmin.token), 403);
    assert.deepEqual(expectData(await get('/me', { token: adm.token })).permissions, []);
  });

  test('a counselor → 403; no token → 401', async () => {
    expectError(await perms(adm.account.id, { permissions: [] }, counselor.token), 403);
    expectError(await put(`/admin/accounts/${adm.account.id}/permissions`, { json: { permissions: [] } }), 401);
  });
});

describe('PUT /admin/accounts/{id}/status', () => {
  const status = (id, body, token = superadmin.token) => put(`/admin/accounts/${id}/status`, { token, json: body });

  test('disabling ends the existing token at once and refuses sign-in; enabling again lets it sign in', async () => {
    const acct = await apiAccount(superadmin.token, { role: 'counselor' }, { login: true });
    expectData(await get('/me', { token: acct.token }));

    checkAccount(expectData(await status(acct.account.id, { status: 'disabled' })), { status: 'disabled' });
    expectError(await get('/me', { token: acct.token }), 401);
    expectError(await post('/auth/login', { json: { username: acct.username, password: acct.password } }), 401);
    const read = expectData(await get(`/admin/accounts/${acct.account.id}`, { token: superadmin.token }));
    assert.equal(read.status, 'disabled');

    checkAccount(expectData(await status(acct.account.id, { status: 'active' })), { status: 'active' });
    const l = await login(acct.username, acct.password);
    expectData(await get('/me', { token: l.token }));
  });

  test('a disabled CLI-made account cannot sign in', async () => {
    const acct = await cliAccount('advisor');
    expectData(await status(acct.id, { status: 'disabled' }));
    expectError(await post('/auth/login', { json: { username: acct.username, password: acct.password } }), 401);
    expectError(await get('/me', { token: acct.token }), 401);
  });

  test('an unknown status or none → 422 field status', async () => {
    const acct = await apiAccount(superadmin.token, {});
    expectError(await status(acct.account.id, { status: 'frozen' }), 422, 'status');
    expectError(await status(acct.account.id, {}), 422, 'status');
    assert.equal(expectData(await get(`/admin/accounts/${acct.account.id}`, { token: superadmin.token })).status, 'active');
  });

  test('an unknown account → 404', async () => {
    expectError(await status(2_000_000_000, { status: 'disabled' }), 404);
  });

  test('a counselor and an admin without accounts.manage → 403; no token → 401', async () => {
    const acct = await apiAccount(superadmin.token, {});
    expectError(await status(acct.account.id, { status: 'disabled' }, counselor.token), 403);
    expectError(await status(acct.account.id, { status: 'disabled' }, plainAdmin.token), 403);
    expectError(await put(`/admin/accounts/${acct.account.id}/status`, { json: { status: 'disabled' } }), 401);
    assert.equal(expectData(await get(`/admin/accounts/${acct.account.id}`, { token: superadmin.token })).status, 'active');
  });
});

describe('GET /admin/permission-items', () => {
  test('lists at least the fixed items, each with code, kind (menu|function) and both labels', async () => {
    const items = expectData(await get('/admin/permission-items', { token: superadmin.token }));
    assert.ok(Array.isArray(items), 'data is not an array');
    const codes = items.map((i) => i.code);
    assert.equal(new Set(codes).size, codes.length, 'duplicate codes');
    for (const c of PERMISSION_ITEMS) assert.ok(codes.includes(c), `missing item ${c}`);
    for (const i of items) {
      assert.equal(typeof i.code, 'string');
      assert.ok(['menu', 'function'].includes(i.kind), `kind of ${i.code}: ${i.kind}`);
      assert.ok(typeof i.label_zh === 'string' && i.label_zh.length > 0, `label_zh of ${i.code}`);
      assert.ok(typeof i.label_en === 'string' && i.label_en.length > 0, `label_en of ${i.code}`);
    }
  });

  test('a CLI-made admin holds every listed item', async () => {
    const items = expectData(await get('/admin/permission-items', { token: superadmin.token }));
    const me = expectData(await get('/me', { token: admin.token }));
    for (const i of items) assert.ok(me.permissions.includes(i.code), `CLI admin lacks ${i.code}`);
  });

  test('an admin with accounts.manage may read it', async () => {
    const items = expectData(await get('/admin/permission-items', { token: managerAdmin.token }));
    assert.ok(items.some((i) => i.code === 'accounts.manage'));
  });

  test('an admin without accounts.manage and a counselor → 403; no token → 401', async () => {
    expectError(await get('/admin/permission-items', { token: plainAdmin.token }), 403);
    expectError(await get('/admin/permission-items', { token: counselor.token }), 403);
    expectError(await get('/admin/permission-items'), 401);
  });
});
