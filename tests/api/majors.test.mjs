// tests/api/majors.test.mjs: POST /majors and GET /majors (专业设置)
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  LEVELS, RUN, apiAccount, cliAccount, expectData, expectError, expectList, get, lazy, majorBody,
  post, show, uniq,
} from './lib.mjs';

const MAJOR_KEYS = ['id', 'code', 'name', 'college', 'campus', 'level', 'years', 'direction'];

function checkMajor(m, body) {
  for (const k of MAJOR_KEYS) assert.ok(Object.hasOwn(m, k), `major lacks "${k}": ${JSON.stringify(m)}`);
  assert.ok(Number.isInteger(m.id) && m.id > 0, `id: ${m.id}`);
  for (const k of ['code', 'name', 'college', 'campus', 'level', 'years']) {
    if (body[k] !== undefined) assert.equal(m[k], body[k], `major.${k}`);
  }
  if (body.direction !== undefined) assert.equal(m.direction, body.direction, 'major.direction');
  else assert.ok(m.direction === null || m.direction === '', `direction without one given: ${JSON.stringify(m.direction)}`);
}

let admin; // CLI admin: holds majors.manage
let superadmin;
let counselor;
let advisor;
let adminWithout; // admin made through the API without majors.manage
const student = lazy(() => cliAccount('student', { username: `2098${Date.now().toString().slice(-8)}${Math.floor(Math.random() * 90 + 10)}` }));
const employer = lazy(() => cliAccount('employer'));

before(async () => {
  admin = await cliAccount('admin');
  superadmin = await cliAccount('superadmin');
  counselor = await cliAccount('counselor');
  advisor = await cliAccount('advisor');
  adminWithout = await apiAccount(superadmin.token, { role: 'admin', permissions: ['students.view', 'accounts.manage'] }, { login: true });
});

const create = (body, token = admin.token) => post('/majors', { token, json: body });

describe('POST /majors', () => {
  test('an admin creates a major: 201 with every field; 4-byte Chinese round-trips exactly', async () => {
    const tag = uniq('rt');
    const body = {
      code: `R${tag.slice(3)}`, name: `软件工程𠀋${tag}`, college: `计算机与信息学院𠀋${tag}`,
      campus: '南校区', level: '硕士研究生', years: 3, direction: '人工智能·机器学习方向',
    };
    const m = expectData(await create(body), 201);
    checkMajor(m, body);

    const { data, meta } = expectList(await get('/majors', { token: admin.token, query: { college: body.college } }));
    assert.equal(meta.total, 1);
    assert.deepEqual(data[0], m);
  });

  test('direction may be left out', async () => {
    const body = majorBody();
    delete body.direction;
    checkMajor(expectData(await create(body), 201), body);
  });

  test('a superadmin may create one', async () => {
    const body = majorBody();
    checkMajor(expectData(await create(body, superadmin.token), 201), body);
  });

  test('every education level is accepted', async () => {
    for (const level of LEVELS) {
      const body = majorBody({ level });
      checkMajor(expectData(await create(body), 201), body);
    }
  });

  test('years 1 and 8 are accepted', async () => {
    for (const years of [1, 8]) {
      const body = majorBody({ years });
      checkMajor(expectData(await create(body), 201), body);
    }
  });

  describe('422 naming the field, and nothing is created', () => {
    const cases = [
      ['level in English', 'level', { level: 'bachelor' }],
      ['level 本科 (not the fixed word)', 'level', { level: '本科' }],
      ['no level', 'level', { level: undefined }],
      ['years 0', 'years', { years: 0 }],
      ['years 9', 'years', { years: 9 }],
      ['years -1', 'years', { years: -1 }],
      ['years 2.5', 'years', { years: 2.5 }],
      ['years as a string', 'years', { years: '4' }],
      ['no years', 'years', { years: undefined }],
      ['no code', 'code', { code: undefined }],
      ['no name', 'name', { name: undefined }],
      ['an empty name', 'name', { name: '' }],
      ['no college', 'college', { college: undefined }],
      ['an empty college', 'college', { college: '' }],
    ];
    for (const [what, field, over] of cases) {
      test(`${what} → 422 field ${field}`, async () => {
        const body = majorBody(over);
        for (const [k, v] of Object.entries(over)) if (v === undefined) delete body[k];
        expectError(await create(body), 422, field);
        if (body.college) {
          const { meta } = expectList(await get('/majors', { token: admin.token, query: { college: body.college } }));
          assert.equal(meta.total, 0, 'a refused major was created');
        }
      });
    }
  });

  describe('409 on the same (college, name, level, direction)', () => {
    test('twice with a direction → 409 (even under another code)', async () => {
      const body = majorBody({ direction: '嵌入式方向' });
      expectData(await create(body), 201);
      expectError(await create({ ...body, code: `${body.code}b` }), 409);
    });

    test('twice without a direction → 409', async () => {
      const body = majorBody();
      delete body.direction;
      expectData(await create(body), 201);
      expectError(await create({ ...body, code: `${body.code}b` }), 409);
    });

    test('another level or another direction is another major → 201', async () => {
      const body = majorBody({ direction: '甲方向' });
      expectData(await create(body), 201);
      expectData(await create({ ...body, code: `${body.code}l`, level: '专科生' }), 201);
      expectData(await create({ ...body, code: `${body.code}d`, direction: '乙方向' }), 201);
      const { meta } = expectList(await get('/majors', { token: admin.token, query: { college: body.college } }));
      assert.equal(meta.total, 3);
    });

    test('two concurrent identical majors: one 201, one 409, never 500', async () => {
      const body = majorBody({ direction: '并发方向' });
      const results = await Promise.all([create(body), create({ ...body, code: `${body.code}c` })]);
      assert.deepEqual(results.map((r) => r.status).sort(), [201, 409], results.map(show).join('\n'));
      expectError(results.find((r) => r.status === 409), 409);
      const { meta } = expectList(await get('/majors', { token: admin.token, query: { college: body.college } }));
      assert.equal(meta.total, 1);
    });
  });

  describe('refusals', () => {
    const callers = [
      ['an advisor', async () => advisor.token],
      ['a counselor', async () => counselor.token],
      ['a student', async () => (await student()).token],
      ['an employer', async () => (await employer()).token],
      ['an admin without majors.manage', async () => adminWithout.token],
    ];
    for (const [who, token] of callers) {
      test(`${who} → 403, and nothing is created`, async () => {
        const body = majorBody();
        expectError(await create(body, await token()), 403);
        const { meta } = expectList(await get('/majors', { token: admin.token, query: { college: body.college } }));
        assert.equal(meta.total, 0);
      });
    }

    test('no token → 401', async () => {
      expectError(await post('/majors', { json: majorBody() }), 401);
    });
  });
});

describe('GET /majors', () => {
  const college = `筛选学院${RUN}`;
  const unique = `𠀋独${RUN}`;
  let made;
  before(async () => {
    made = [
      expectData(await create(majorBody({ college, name: `数学${RUN}`, level: '本科生' })), 201),
      expectData(await create(majorBody({ college, name: `数学${RUN}`, level: '硕士研究生' })), 201),
      expectData(await create(majorBody({ college, name: `物理${unique}`, level: '本科生' })), 201),
    ];
  });

  test('college filters (Chinese in the query string)', async () => {
    const { data, meta } = expectList(await get('/majors', { token: admin.token, query: { college } }));
    assert.equal(meta.total, 3);
    assert.equal(meta.page, 1);
    assert.equal(meta.per_page, 20);
    assert.deepEqual(data.map((m) => m.id).sort((a, b) => a - b), made.map((m) => m.id).sort((a, b) => a - b));
    for (const m of data) assert.equal(m.college, college);
  });

  test('college and level filter together', async () => {
    const { data, meta } = expectList(await get('/majors', { token: admin.token, query: { college, level: '本科生' } }));
    assert.equal(meta.total, 2);
    for (const m of data) assert.equal(m.level, '本科生');
    const grad = expectList(await get('/majors', { token: admin.token, query: { college, level: '硕士研究生' } }));
    assert.equal(grad.meta.total, 1);
    assert.equal(grad.data[0].id, made[1].id);
  });

  test('level alone filters', async () => {
    const { data } = expectList(await get('/majors', { token: admin.token, query: { level: '博士研究生', per_page: 200 } }));
    for (const m of data) assert.equal(m.level, '博士研究生');
  });

  test('q matches the name', async () => {
    const { data, meta } = expectList(await get('/majors', { token: admin.token, query: { q: unique } }));
    assert.equal(meta.total, 1);
    assert.equal(data[0].id, made[2].id);
    assert.equal(data[0].name, `物理${unique}`);
  });

  test('a college with no majors gives an empty list', async () => {
    const { data, meta } = expectList(await get('/majors', { token: admin.token, query: { college: `无此学院${RUN}` } }));
    assert.equal(meta.total, 0);
    assert.deepEqual(data, []);
  });

  test('pages: per_page 2 gives 2 then 1 row', async () => {
    const p1 = expectList(await get('/majors', { token: admin.token, query: { college, per_page: 2, page: 1 } }));
    const p2 = expectList(await get('/majors', { token: admin.token, query: { college, per_page: 2, page: 2 } }));
    assert.deepEqual([p1.data.length, p2.data.length], [2, 1]);
    assert.deepEqual([p1.meta.total, p2.meta.total], [3, 3]);
    assert.equal(new Set([...p1.data, ...p2.data].map((m) => m.id)).size, 3);
  });

  test('per_page 201 and page 0 → 422 naming the parameter', async () => {
    expectError(await get('/majors', { token: admin.token, query: { per_page: 201 } }), 422, 'per_page');
    expectError(await get('/majors', { token: admin.token, query: { page: 0 } }), 422, 'page');
  });

  test('a counselor, an advisor and a superadmin may list', async () => {
    const c = expectList(await get('/majors', { token: counselor.token, query: { college } }));
    assert.equal(c.meta.total, 3);
    expectList(await get('/majors', { token: advisor.token }));
    const s = expectList(await get('/majors', { token: superadmin.token, query: { college } }));
    assert.equal(s.meta.total, 3);
  });

  test('a student → 403', async () => {
    expectError(await get('/majors', { token: (await student()).token }), 403);
  });

  test('an employer → 403', async () => {
    expectError(await get('/majors', { token: (await employer()).token }), 403);
  });

  test('no token → 401', async () => {
    expectError(await get('/majors'), 401);
  });
});
