// tests/api/codes.test.mjs: GET /codes/{table} (代码管理: the national code tables), and the
// import wizard's GET /students/import/fields and GET|PUT /students/import/mapping
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  RUN, cliAccount, createMajor, expectData, expectError, get, lazy, put,
} from './lib.mjs';
import {
  DEFAULT_COLUMNS, REQUIRED, ZH, advisorFor, errorFields, expectImport, importFile, lookupStudents,
  staffWith, studentRow, toCsv,
} from './records.mjs';

let admin;
const employer = lazy(() => cliAccount('employer'));
const student = lazy(() => cliAccount('student', { username: `2094${Date.now().toString().slice(-8)}` }));

before(async () => {
  admin = await cliAccount('admin');
});

const codes = (table, query, token = admin.token) => get(`/codes/${table}`, { token, query });

// The rows of a code table, each checked to carry a code and a name.
async function table(name, query, token) {
  const res = await codes(name, query, token);
  const data = expectData(res);
  assert.ok(Array.isArray(data), `data is not an array: ${res.text.slice(0, 300)}`);
  for (const r of data) {
    assert.equal(typeof r.code, 'string', `code: ${JSON.stringify(r)}`);
    assert.ok(typeof r.name === 'string' && r.name.length > 0, `name: ${JSON.stringify(r)}`);
  }
  return data;
}

describe('GET /codes/{table}', () => {
  test('destination: the national table with each code\'s category', async () => {
    const data = await table('destination');
    const category = Object.fromEntries(data.map((r) => [r.code, r.category]));
    const expected = {
      10: 'employed', 11: 'employed', 12: 'employed', 27: 'employed', 46: 'employed', 50: 'employed',
      51: 'employed', 75: 'employed', 76: 'employed', 80: 'further_study', 85: 'further_study',
      70: 'pending', 71: 'pending', 72: 'pending',
    };
    for (const [code, cat] of Object.entries(expected)) assert.equal(category[code], cat, `destination ${code}`);
    assert.equal(data.find((r) => r.code === '10').name, '签就业协议形式就业');
    assert.equal(data.find((r) => r.code === '80').name, '升学');
  });

  test('unit-nature includes 39 (其他企业)', async () => {
    const data = await table('unit-nature');
    assert.equal(data.find((r) => r.code === '39')?.name, '其他企业');
    assert.equal(new Set(data.map((r) => r.code)).size, data.length);
  });

  test('industry: the 20 sections A–T', async () => {
    const data = await table('industry');
    assert.deepEqual(data.map((r) => r.code).sort(), 'ABCDEFGHIJKLMNOPQRST'.split(''));
    assert.equal(data.find((r) => r.code === 'I').name, '信息传输、软件和信息技术服务业');
  });

  test('political-status includes 群众', async () => {
    const data = await table('political-status');
    assert.ok(data.some((r) => r.name === '群众'), JSON.stringify(data));
    assert.ok(data.some((r) => r.name === '中国共产主义青年团团员'));
  });

  describe('region', () => {
    test('parent: the children of 南京市 include 玄武区 (320102), all with that parent', async () => {
      const data = await table('region', { parent: '320100' });
      assert.ok(data.length >= 1);
      const xw = data.find((r) => r.code === '320102');
      assert.ok(xw, JSON.stringify(data));
      assert.equal(xw.name, '玄武区');
      for (const r of data) assert.equal(r.parent_code, '320100', JSON.stringify(r));
    });

    test('level 1: the province-level units, 江苏省 among them', async () => {
      const data = await table('region', { level: 1 });
      assert.ok(data.length >= 31 && data.length <= 34, `province-level count ${data.length}`);
      for (const r of data) assert.equal(Number(r.level), 1, JSON.stringify(r));
      assert.equal(data.find((r) => r.code === '320000')?.name, '江苏省');
      assert.equal(data.some((r) => r.code === '320102'), false);
    });

    test('parent and level together: the prefectures of 江苏省', async () => {
      const data = await table('region', { parent: '320000', level: 2 });
      assert.ok(data.some((r) => r.code === '320100' && r.name === '南京市'));
      for (const r of data) assert.equal(r.parent_code, '320000');
      assert.equal(data.some((r) => r.code === '320102'), false);
    });

    test('q finds by name', async () => {
      const data = await table('region', { q: '玄武' });
      assert.ok(data.some((r) => r.code === '320102'), JSON.stringify(data));
      for (const r of data) assert.ok(r.name.includes('玄武') || r.full_name?.includes('玄武'), JSON.stringify(r));
    });

    test('999999 is not in the table', async () => {
      const data = await table('region', { q: '999999' });
      assert.equal(data.some((r) => r.code === '999999'), false);
    });

    test('level 9 → 422 level', async () => {
      expectError(await codes('region', { level: 9 }), 422, 'level');
    });
  });

  test('an unknown table → 404', async () => {
    expectError(await codes('no-such-table'), 404);
    expectError(await codes('students'), 404);
  });

  test('any signed-in caller may read: a student, an employer, an advisor, a counselor', async () => {
    for (const token of [(await student()).token, (await employer()).token,
      (await advisorFor(admin.token, [])).token, (await staffWith(admin.token, 'counselor', [])).token]) {
      const data = await table('destination', {}, token);
      assert.ok(data.some((r) => r.code === '10'));
    }
  });

  test('public: no token needed (an employer registering picks its industry and region)', async () => {
    const data = expectData(await get('/codes/industry'));
    assert.ok(data.some((r) => r.code === 'I'));
  });
});

describe('GET /students/import/fields', () => {
  test('each importable field with its headers and whether it is required', async () => {
    const data = expectData(await get('/students/import/fields', { token: admin.token }));
    assert.ok(Array.isArray(data));
    const byField = Object.fromEntries(data.map((f) => [f.field, f]));
    for (const f of [...DEFAULT_COLUMNS, 'gender']) {
      assert.ok(byField[f], `field ${f} missing: ${JSON.stringify(data)}`);
      assert.ok(Array.isArray(byField[f].headers), `headers of ${f}`);
      assert.ok(byField[f].headers.includes(ZH[f]), `headers of ${f} lack ${ZH[f]}: ${JSON.stringify(byField[f])}`);
      assert.equal(typeof byField[f].required, 'boolean');
    }
    assert.deepEqual(data.filter((f) => f.required).map((f) => f.field).sort(), [...REQUIRED].sort());
  });

  test('a counselor holding students.import may read the fields and keep a mapping', async () => {
    const c = await staffWith(admin.token, 'counselor', ['students.import']);
    assert.ok(expectData(await get('/students/import/fields', { token: c.token })).some((f) => f.field === 'student_no'));
    expectData(await put('/students/import/mapping', { token: c.token, json: { mapping: { 'Student Number': 'student_no' } } }));
    assert.deepEqual(Object.values(expectData(await get('/students/import/mapping', { token: c.token })).mapping), ['student_no']);
  });

  test('an advisor may read it with no item; a counselor without students.import and a student → 403', async () => {
    expectData(await get('/students/import/fields', { token: (await advisorFor(admin.token, [])).token }));
    expectError(await get('/students/import/fields', { token: (await staffWith(admin.token, 'counselor', ['students.view'])).token }), 403);
    expectError(await get('/students/import/fields', { token: (await student()).token }), 403);
    expectError(await get('/students/import/fields'), 401);
  });
});

describe('GET|PUT /students/import/mapping', () => {
  let major;
  before(async () => {
    major = await createMajor(admin.token, { college: `映射学院${RUN}`, name: `映射专业${RUN}` });
  });

  const getMapping = (token) => get('/students/import/mapping', { token });
  const putMapping = (token, json) => put('/students/import/mapping', { token, json });

  test('an account with no saved mapping gets {}', async () => {
    const a = await staffWith(admin.token, 'admin', ['students.import']);
    assert.deepEqual(expectData(await getMapping(a.token)), { mapping: {} });
  });

  test('a saved mapping is returned, per user, and replaced by the next PUT', async () => {
    const a = await staffWith(admin.token, 'admin', ['students.import']);
    const b = await staffWith(admin.token, 'admin', ['students.import']);
    const m1 = { 'Student Number': 'student_no', 'Full Name': 'name' };
    const saved = expectData(await putMapping(a.token, { mapping: m1 }));
    assert.ok(saved.mapping && typeof saved.mapping === 'object', JSON.stringify(saved));
    assert.deepEqual(Object.values(saved.mapping).sort(), ['name', 'student_no']);
    const got = expectData(await getMapping(a.token)).mapping;
    assert.deepEqual(Object.values(got).sort(), ['name', 'student_no']);
    assert.deepEqual(expectData(await getMapping(b.token)), { mapping: {} }, 'a mapping leaked to another user');

    expectData(await putMapping(a.token, { mapping: { 'ID No': 'id_card' } }));
    assert.deepEqual(Object.values(expectData(await getMapping(a.token)).mapping), ['id_card']);
  });

  test('a file with the header "Student Number" imports once it is mapped to student_no', async () => {
    const a = await staffWith(admin.token, 'admin', ['students.import', 'students.view']);
    const r = studentRow(major);
    const header = DEFAULT_COLUMNS.map((c) => (c === 'student_no' ? 'Student Number' : ZH[c]));
    const file = toCsv([r], { header });
    expectError(await importFile(a.token, file), 422, 'student_no');
    expectData(await putMapping(a.token, { mapping: { 'Student Number': 'student_no' } }));
    expectImport(await importFile(a.token, file), 1, 0);
    const s = (await lookupStudents(admin.token, [r.student_no])).get(r.student_no);
    assert.ok(s, 'the mapped file did not import the student');
    assert.equal(s.name, r.name);
    // Another user's mapping does not apply.
    const other = await staffWith(admin.token, 'admin', ['students.import']);
    expectError(await importFile(other.token, toCsv([studentRow(major)], { header })), 422, 'student_no');
  });

  test('a mapped column is checked like the column it stands for', async () => {
    const a = await staffWith(admin.token, 'admin', ['students.import']);
    expectData(await putMapping(a.token, { mapping: { 'Mobile': 'phone' } }));
    const header = DEFAULT_COLUMNS.map((c) => (c === 'phone' ? 'Mobile' : ZH[c]));
    const data = expectImport(await importFile(a.token, toCsv([studentRow(major, { phone: '123' })], { header })), 0, 1);
    assert.deepEqual(errorFields(data, 2), ['phone']);
  });

  describe('422 mapping, and the saved mapping stays', () => {
    const cases = [
      ['a header mapped to an unknown field', { mapping: { 'Student Number': 'student_number' } }],
      ['a field that is not a string', { mapping: { 'Student Number': 5 } }],
      ['mapping not an object', { mapping: ['student_no'] }],
      ['no mapping', {}],
    ];
    for (const [what, body] of cases) {
      test(`${what} → 422 mapping`, async () => {
        const a = await staffWith(admin.token, 'admin', ['students.import']);
        expectData(await putMapping(a.token, { mapping: { 'Full Name': 'name' } }));
        expectError(await putMapping(a.token, body), 422, 'mapping');
        assert.deepEqual(Object.values(expectData(await getMapping(a.token)).mapping), ['name']);
      });
    }
  });

  test('an advisor may keep a mapping with no item; a student → 403; no token → 401', async () => {
    const adv = await advisorFor(admin.token, []);
    expectData(await putMapping(adv.token, { mapping: { 'Student Number': 'student_no' } }));
    assert.deepEqual(Object.values(expectData(await getMapping(adv.token)).mapping), ['student_no']);
    expectError(await putMapping((await student()).token, { mapping: {} }), 403);
    expectError(await getMapping((await student()).token), 403);
    expectError(await put('/students/import/mapping', { json: { mapping: {} } }), 401);
  });
});

// Codes change by year: every code the suite writes is valid only from 2099 on, so that no other
// suite, reading this year's tables, ever meets it.
describe('PUT /codes/{table}/{code}', () => {
  const FUTURE = 2099;
  const codesIn = async (table, year = FUTURE) => expectData(await get(`/codes/${table}`, { token: admin.token, query: { year } }));
  let code; // a destination code of this run, 2 to 4 digits
  before(() => { code = String(9000 + Math.floor(Math.random() * 999)); });

  test('the office adds a destination (201), changes it (200) and retires it by year; each write is audited', async () => {
    const made = expectData(await put(`/codes/destination/${code}`, { token: admin.token, json: {
      name: `测试去向${RUN}`, category: 'employed', needs_employer: true, valid_from: FUTURE, sort_order: 5,
    } }), 201);
    assert.equal(made.code, code);
    assert.equal(made.category, 'employed');
    assert.equal(made.valid_to, null);
    assert.ok((await codesIn('destination')).some((c) => c.code === code && c.name === `测试去向${RUN}`));
    assert.ok(!(await codesIn('destination', FUTURE - 1)).some((c) => c.code === code), 'not valid before its year');
    const changed = expectData(await put(`/codes/destination/${code}`, { token: admin.token, json: { category: 'further_study', needs_employer: false, needs_school: true } }));
    assert.equal(changed.category, 'further_study');
    assert.equal(changed.name, `测试去向${RUN}`, 'a field not sent stays');
    expectData(await put(`/codes/destination/${code}`, { token: admin.token, json: { valid_to: FUTURE } }));
    assert.ok(!(await codesIn('destination', FUTURE + 1)).some((c) => c.code === code), 'retired after valid_to');
    const root = await cliAccount('superadmin');
    const audit = expectData(await get('/admin/audit', { token: root.token, query: { action: 'code.put' } }));
    assert.ok(audit.some((e) => e.detail?.code === code), 'code.put in the audit log');
  });

  test('other tables: unit nature, industry, political status and region, each with its own code shape', async () => {
    // Codes no national table uses (a second run of the suite changes them: 200 instead of 201).
    const written = (res) => expectData(res, res.status === 201 ? 201 : 200);
    written(await put('/codes/unit-nature/88', { token: admin.token, json: { name: '测试单位性质', valid_from: FUTURE } }));
    written(await put('/codes/political-status/88', { token: admin.token, json: { name: '测试政治面貌', valid_from: FUTURE } }));
    written(await put('/codes/industry/Z', { token: admin.token, json: { name: '测试门类', valid_from: FUTURE } }));
    const region = written(await put('/codes/region/329999', { token: admin.token, json: {
      name: '测试市', level: 2, parent_code: '320000', full_name: '江苏省测试市', valid_from: FUTURE,
    } }));
    assert.equal(region.parent_code, '320000');
    expectError(await put('/codes/unit-nature/123', { token: admin.token, json: { name: 'x' } }), 422, 'code');
    expectError(await put('/codes/industry/z', { token: admin.token, json: { name: 'x' } }), 422, 'code');
    expectError(await put('/codes/region/3200', { token: admin.token, json: { name: 'x' } }), 422, 'code');
  });

  test('bad fields → 422 naming each; a new code needs its name (and a destination its category)', async () => {
    const url = `/codes/destination/${code}`;
    const cases = [
      [{ category: 'hired' }, 'category'], [{ valid_from: 1999 }, 'valid_from'], [{ valid_to: 2101 }, 'valid_to'],
      [{ valid_from: FUTURE, valid_to: FUTURE - 1 }, 'valid_to'], [{ needs_employer: 'yes' }, 'needs_employer'],
      [{ needs_employer: true, needs_school: true }, 'needs_school'], [{ name: '' }, 'name'], [{ level: 2 }, 'level'],
      [{ sort_order: -1 }, 'sort_order'],
    ];
    for (const [json, field] of cases) expectError(await put(url, { token: admin.token, json }), 422, field);
    const fresh = String(9000 + Math.floor(Math.random() * 999));
    if (fresh !== code) {
      expectError(await put(`/codes/destination/${fresh}`, { token: admin.token, json: { category: 'employed' } }), 422, 'name');
      expectError(await put(`/codes/destination/${fresh}`, { token: admin.token, json: { name: '缺少类别' } }), 422, 'category');
    }
    expectError(await put('/codes/region/329998', { token: admin.token, json: { name: '缺级别', valid_from: FUTURE } }), 422, 'level');
  });

  test('refusals: 401 without a token; 403 for students, employers, advisors and an admin without codes.manage; 404 for a table not edited here', async () => {
    const body = { name: '越权', category: 'pending', valid_from: FUTURE };
    expectError(await put(`/codes/destination/${code}`, { json: body }), 401);
    const other = await staffWith(admin.token, 'admin', ['stats.view']);
    const advisor = await advisorFor(admin.token, [], ['students.view']);
    for (const token of [(await student()).token, (await employer()).token, advisor.token, other.token]) {
      expectError(await put(`/codes/destination/${code}`, { token, json: body }), 403);
    }
    expectError(await put('/codes/student-status/在读', { token: admin.token, json: { name: 'x' } }), 404);
    expectError(await put('/codes/nothing/10', { token: admin.token, json: { name: 'x' } }), 404);
  });
});
