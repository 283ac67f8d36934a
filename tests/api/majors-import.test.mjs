// tests/api/majors-import.test.mjs: POST /majors/import (专业设置导入), GET /majors/import/template
// and GET /students/import/template (导入模板), docs/records-changes.md "Majors import and templates".
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  RUN, cliAccount, createMajor, expectError, expectList, get, lazy, uniq,
} from './lib.mjs';
import {
  XLSX_TYPE, advisorFor, download, expectImport, importRows, lookupStudents, postFile, readWorkbook,
  staffWith, studentRow, toCsv, xlsxBytes,
} from './records.mjs';

const HEADER = ['校区', '学院', '专业名称', '专业方向', '学历', '学制', '专业代码'];
const FIELDS = ['campus', 'college', 'name', 'direction', 'level', 'years', 'code'];

let admin; // CLI admin: majors.manage and students.import
const employer = lazy(() => cliAccount('employer'));

before(async () => {
  admin = await cliAccount('admin');
});

// A major row keyed by API name, unique to the run; `college` shared by a test.
function majorRow(college, over = {}) {
  const tag = uniq('mi').slice(3);
  return { campus: '本部', college, name: `导入专业${tag}`, direction: '', level: '本科生', years: '4', code: `MI${tag}`.slice(0, 30), ...over };
}
const csv = (rows, header = HEADER, fields = FIELDS) => toCsv(rows, { columns: fields, header });
const importMajors = (token, body, query, type = 'text/csv') => postFile('/majors/import', { token, body, type, query });
async function majorsOf(college) {
  const { data } = expectList(await get('/majors', { token: admin.token, query: { college, per_page: 200 } }));
  return data;
}
const findMajor = (list, r) => list.find((m) => m.name === r.name && m.level === r.level && (m.direction || '') === (r.direction || ''));

describe('POST /majors/import', () => {
  test('CSV with the registrar\'s columns: every row becomes a major as written', async () => {
    const college = `导入学院${RUN}a`;
    const rows = [majorRow(college, { direction: '人工智能方向', campus: '南校区', years: '3', level: '硕士研究生' }), majorRow(college)];
    expectImport(await importMajors(admin.token, csv(rows)), 2, 0);
    const list = await majorsOf(college);
    assert.equal(list.length, 2);
    for (const r of rows) {
      const m = findMajor(list, r);
      assert.ok(m, `${r.name} not listed: ${JSON.stringify(list)}`);
      assert.equal(m.college, college);
      assert.equal(m.campus, r.campus);
      assert.equal(m.level, r.level);
      assert.equal(m.years, Number(r.years));
      assert.equal(m.code, r.code);
      assert.equal(m.direction || '', r.direction);
    }
  });

  test('层次 is read as the level column; the columns may come in any order', async () => {
    const college = `导入学院${RUN}b`;
    const fields = ['code', 'years', 'level', 'name', 'college'];
    const rows = [majorRow(college, { level: '专科生', years: '3' })];
    expectImport(await importMajors(admin.token, csv(rows, ['专业代码', '学制', '层次', '专业名称', '学院'], fields)), 1, 0);
    const [m] = await majorsOf(college);
    assert.equal(m.level, '专科生');
    assert.equal(m.years, 3);
  });

  test('an xlsx file imports the same way', async () => {
    const college = `导入学院${RUN}c`;
    const r = majorRow(college);
    const file = xlsxBytes([HEADER.map((s) => ({ s })), FIELDS.map((f) => (f === 'years' ? { n: r.years } : r[f] === '' ? null : { s: r[f] }))]);
    expectImport(await importMajors(admin.token, file, undefined, XLSX_TYPE), 1, 0);
    assert.ok(findMajor(await majorsOf(college), r));
  });

  test('an existing major (college + name + level + direction) fails "already exists" and is not changed', async () => {
    const college = `导入学院${RUN}d`;
    const r = majorRow(college);
    expectImport(await importMajors(admin.token, csv([r])), 1, 0);
    const before0 = findMajor(await majorsOf(college), r);
    const again = { ...r, campus: '北校区', years: '5', code: `${r.code}X` };
    const fresh = majorRow(college);
    const data = expectImport(await importMajors(admin.token, csv([again, fresh])), 1, 1);
    assert.equal(data.errors.length, 1);
    assert.equal(data.errors[0].row, 2);
    assert.match(data.errors[0].reason, /已存在|already exists/);
    const list = await majorsOf(college);
    assert.deepEqual(findMajor(list, r), before0, 'the existing major changed');
    assert.ok(findMajor(list, fresh));
    // mode=insert explicitly: the same.
    expectImport(await importMajors(admin.token, csv([again]), { mode: 'insert' }), 0, 1);
  });

  test('the same name with another direction or level is another major', async () => {
    const college = `导入学院${RUN}e`;
    const r = majorRow(college);
    expectImport(await importMajors(admin.token, csv([r])), 1, 0);
    expectImport(await importMajors(admin.token, csv([
      { ...r, direction: '乙方向', code: `${r.code}d` }, { ...r, level: '硕士研究生', code: `${r.code}l` },
    ])), 2, 0);
    assert.equal((await majorsOf(college)).length, 3);
  });

  test('mode=upsert updates campus, years and code of an existing major, keeping its id; new rows are added', async () => {
    const college = `导入学院${RUN}f`;
    const r = majorRow(college);
    expectImport(await importMajors(admin.token, csv([r])), 1, 0);
    const before0 = findMajor(await majorsOf(college), r);
    const changed = { ...r, campus: '北校区', years: '5', code: `${r.code}U` };
    const fresh = majorRow(college);
    expectImport(await importMajors(admin.token, csv([changed, fresh]), { mode: 'upsert' }), 2, 0);
    const list = await majorsOf(college);
    assert.equal(list.length, 2);
    const after = findMajor(list, r);
    assert.equal(after.id, before0.id, 'upsert must keep the major');
    assert.equal(after.campus, '北校区');
    assert.equal(after.years, 5);
    assert.equal(after.code, changed.code);
  });

  test('bad rows are reported with their row and field; the good rows land, the bad do not', async () => {
    const college = `导入学院${RUN}g`;
    const rows = [
      majorRow(college), // 2
      majorRow(college, { level: '本科' }), // 3
      majorRow(college, { years: 'abc' }), // 4
      majorRow(college, { years: '0' }), // 5
      majorRow(college, { years: '9' }), // 6
      majorRow(college, { code: '' }), // 7
      majorRow(college, { name: '' }), // 8
      majorRow(college, { level: 'PhD', years: '' }), // 9
      majorRow(college), // 10
    ];
    const noCollege = majorRow('', {}); // 11
    const data = expectImport(await importMajors(admin.token, csv([...rows, noCollege])), 2, 8);
    const at = (row) => data.errors.filter((e) => e.row === row).map((e) => e.field).sort();
    assert.deepEqual(at(2), []);
    assert.deepEqual(at(3), ['level']);
    assert.deepEqual(at(4), ['years']);
    assert.deepEqual(at(5), ['years']);
    assert.deepEqual(at(6), ['years']);
    assert.deepEqual(at(7), ['code']);
    assert.deepEqual(at(8), ['name']);
    assert.deepEqual(at(9), ['level', 'years']);
    assert.deepEqual(at(10), []);
    assert.deepEqual(at(11), ['college']);
    const list = await majorsOf(college);
    assert.deepEqual(list.map((m) => m.name).sort(), [rows[0].name, rows[8].name].sort());
  });

  test('atomic=1: one bad row → 422 file with the row errors, and nothing is imported', async () => {
    const college = `导入学院${RUN}h`;
    const rows = [majorRow(college), majorRow(college, { level: '本科' }), majorRow(college)];
    const res = await importMajors(admin.token, csv(rows), { atomic: 1 });
    const err = expectError(res, 422, 'file');
    assert.ok(Array.isArray(err.errors), `no errors list: ${res.text}`);
    assert.deepEqual(err.errors.map((e) => [e.row, e.field]), [[3, 'level']]);
    assert.deepEqual(await majorsOf(college), []);
    expectImport(await importMajors(admin.token, csv([rows[0], rows[2]]), { atomic: 1 }), 2, 0);
  });

  test('a required column missing → 422 naming it; bad mode/atomic → 422; empty → 422 file; nothing imported', async () => {
    const college = `导入学院${RUN}i`;
    const rows = [majorRow(college)];
    const without = (f) => csv(rows, HEADER.filter((_, i) => FIELDS[i] !== f), FIELDS.filter((x) => x !== f));
    for (const f of ['college', 'name', 'level', 'years', 'code']) {
      expectError(await importMajors(admin.token, without(f)), 422, f);
    }
    expectError(await importMajors(admin.token, csv(rows), { mode: 'replace' }), 422, 'mode');
    expectError(await importMajors(admin.token, csv(rows), { atomic: 2 }), 422, 'atomic');
    expectError(await importMajors(admin.token, ''), 422, 'file');
    expectError(await importMajors(admin.token, csv([])), 422, 'file');
    assert.deepEqual(await majorsOf(college), []);
  });

  test('an imported major takes students at once', async () => {
    const college = `导入学院${RUN}j`;
    const r = majorRow(college);
    expectImport(await importMajors(admin.token, csv([r])), 1, 0);
    const m = findMajor(await majorsOf(college), r);
    const s = studentRow({ ...m, level: m.level, college: m.college, name: m.name });
    expectImport(await importRows(admin.token, [s]), 1, 0);
    assert.equal(Number((await lookupStudents(admin.token, [s.student_no])).get(s.student_no).major_id), m.id);
  });

  describe('who may import majors', () => {
    const refused = [
      ['an advisor', async () => (await advisorFor(admin.token, [])).token],
      ['a counselor with majors.manage', async () => (await staffWith(admin.token, 'counselor', ['majors.manage'])).token],
      ['an admin without majors.manage', async () => (await staffWith(admin.token, 'admin', ['students.import', 'students.view'])).token],
      ['a student', async () => (await cliAccount('student', { username: `2097${Date.now().toString().slice(-8)}` })).token],
      ['an employer', async () => (await employer()).token],
    ];
    for (const [who, token] of refused) {
      test(`${who} → 403, and nothing is imported`, async () => {
        const college = `导入学院${uniq('w')}`;
        expectError(await importMajors(await token(), csv([majorRow(college)])), 403);
        assert.deepEqual(await majorsOf(college), []);
      });
    }

    test('no token → 401', async () => {
      const college = `导入学院${uniq('w')}`;
      expectError(await importMajors(undefined, csv([majorRow(college)])), 401);
      assert.deepEqual(await majorsOf(college), []);
    });

    test('an admin holding majors.manage may; so may a superadmin', async () => {
      const a = await staffWith(admin.token, 'admin', ['majors.manage']);
      const college = `导入学院${uniq('w')}`;
      expectImport(await importMajors(a.token, csv([majorRow(college)])), 1, 0);
      const sa = await cliAccount('superadmin');
      expectImport(await importMajors(sa.token, csv([majorRow(college)])), 1, 0);
    });
  });
});

/* ---------- templates ---------- */

// A template header without its required mark (a leading or trailing *, （必填）, (required)).
const strip = (h) => h.replace(/^\s*\*\s*/, '').replace(/\s*(\*|（必填）|\(required\))\s*$/, '');

// The column indices of a sheet whose cells are text-formatted ("@"), through the column's
// style or a cell's style.
function textColumns(wb, sheetName) {
  const xfs = [...(wb.styles.match(/<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/)?.[1] ?? '').matchAll(/<xf\b[^>]*?(?:\/>|>[\s\S]*?<\/xf>)/g)]
    .map((m) => m[0].match(/\bnumFmtId="(\d+)"/)?.[1]);
  // Text is the built-in format 49 or a custom format whose code is "@" (libxlsxwriter's way).
  const textFmts = new Set(['49', ...[...wb.styles.matchAll(/<numFmt\b[^>]*>/g)]
    .filter((m) => m[0].match(/\bformatCode="([^"]*)"/)?.[1] === '@').map((m) => m[0].match(/\bnumFmtId="(\d+)"/)[1])]);
  const textStyle = (s) => s !== undefined && textFmts.has(xfs[Number(s)]);
  const xml = wb.sheetXml(sheetName);
  const cols = new Set();
  for (const m of xml.matchAll(/<col\b[^>]*>/g)) {
    const min = Number(m[0].match(/\bmin="(\d+)"/)[1]);
    const max = Number(m[0].match(/\bmax="(\d+)"/)[1]);
    if (textStyle(m[0].match(/\bstyle="(\d+)"/)?.[1])) for (let c = min; c <= max; c++) cols.add(c - 1);
  }
  for (const m of xml.matchAll(/<c\b[^>]*\br="([A-Z]+)\d+"[^>]*>/g)) {
    if (!textStyle(m[0].match(/\bs="(\d+)"/)?.[1])) continue;
    let idx = 0;
    for (const ch of m[1]) idx = idx * 26 + ch.charCodeAt(0) - 64;
    cols.add(idx - 1);
  }
  return cols;
}

async function template(path, token) {
  const res = await download(path, { token });
  assert.equal(res.status, 200, `${path}: ${res.status} ${res.text.slice(0, 300)}`);
  assert.equal((res.headers.get('content-type') || '').split(';')[0].trim(), XLSX_TYPE);
  assert.equal(res.buf.subarray(0, 4).toString('latin1'), 'PK\x03\x04', 'not a zip');
  const wb = readWorkbook(res.buf);
  assert.ok(wb.members.has('xl/workbook.xml'), `no workbook part: ${[...wb.members.keys()]}`);
  const header = wb.sheet(wb.sheetNames[0])[0] ?? [];
  return { wb, header, res };
}

describe('GET /majors/import/template', () => {
  test('an xlsx: the header row with required columns marked *, and a sheet 说明 naming every column', async () => {
    const { wb, header } = await template('/majors/import/template', admin.token);
    const names = header.map(strip);
    for (const h of ['学院', '专业名称', '学制', '专业代码']) {
      const i = names.indexOf(h);
      assert.ok(i >= 0, `no ${h} column: ${JSON.stringify(header)}`);
      assert.match(header[i], /\*|必填|required/, `${h} is required but not marked`);
    }
    assert.ok(names.includes('学历') || names.includes('层次'), `no level column: ${JSON.stringify(header)}`);
    for (const h of ['校区', '专业方向']) {
      const i = names.indexOf(h);
      assert.ok(i >= 0, `no ${h} column: ${JSON.stringify(header)}`);
      assert.doesNotMatch(header[i], /\*/, `${h} is optional but marked required`);
    }
    assert.ok(wb.sheetNames.includes('说明'), `sheets: ${wb.sheetNames}`);
    const help = JSON.stringify(wb.sheet('说明'));
    for (const h of ['学院', '专业名称', '学制', '专业代码']) assert.ok(help.includes(h), `说明 does not explain ${h}`);
  });

  test('its header row imports as it is (the * marks are ignored)', async () => {
    const { header } = await template('/majors/import/template', admin.token);
    const college = `模板学院${RUN}`;
    const r = majorRow(college);
    const byHeader = { 校区: 'campus', 学院: 'college', 专业名称: 'name', 专业方向: 'direction', 学历: 'level', 层次: 'level', 学制: 'years', 专业代码: 'code' };
    const fields = header.map((h) => byHeader[strip(h)]);
    assert.ok(fields.every(Boolean), `unexpected template columns: ${JSON.stringify(header)}`);
    expectImport(await importMajors(admin.token, csv([r], header, fields)), 1, 0);
    assert.ok(findMajor(await majorsOf(college), r));
  });

  test('no token → 401; a student or an employer → 403', async () => {
    expectError(await get('/majors/import/template', {}), 401);
    const me = await cliAccount('student', { username: `2095${Date.now().toString().slice(-8)}` });
    expectError(await get('/majors/import/template', { token: me.token }), 403);
    expectError(await get('/majors/import/template', { token: (await employer()).token }), 403);
  });
});

describe('GET /students/import/template', () => {
  let mA;
  let mC;
  let adv;
  before(async () => {
    mA = await createMajor(admin.token, { college: `模板甲学院${RUN}`, name: `模板甲专业${RUN}`, direction: '甲方向' });
    mC = await createMajor(admin.token, { college: `模板丙学院${RUN}`, name: `模板丙专业${RUN}` });
    adv = await advisorFor(admin.token, [mA.id]);
  });

  test('an xlsx: required columns marked *, student number / ID card / phone columns formatted as text', async () => {
    const { wb, header } = await template('/students/import/template', admin.token);
    const names = header.map(strip);
    for (const h of ['学号', '姓名', '身份证号', '毕业年份', '入学年份', '学历', '学院', '专业名称']) {
      const i = names.indexOf(h);
      assert.ok(i >= 0, `no ${h} column: ${JSON.stringify(header)}`);
      assert.match(header[i], /\*|必填|required/, `${h} is required but not marked`);
    }
    for (const h of ['手机号', '邮箱']) {
      const i = names.indexOf(h);
      assert.ok(i >= 0, `no ${h} column: ${JSON.stringify(header)}`);
      assert.doesNotMatch(header[i], /\*/, `${h} is optional but marked required`);
    }
    const text = textColumns(wb, wb.sheetNames[0]);
    for (const h of ['学号', '身份证号', '手机号']) {
      assert.ok(text.has(names.indexOf(h)), `the ${h} column is not text-formatted ("@"); text columns: ${[...text]}`);
    }
    assert.ok(wb.sheetNames.includes('说明'), `sheets: ${wb.sheetNames}`);
    const help = JSON.stringify(wb.sheet('说明'));
    for (const h of ['学号', '身份证号', '专业名称']) assert.ok(help.includes(h), `说明 does not explain ${h}`);
  });

  test('the sheet 专业设置 lists the majors in the caller\'s scope as they must be written', async () => {
    const { wb } = await template('/students/import/template', adv.token);
    assert.ok(wb.sheetNames.includes('专业设置'), `sheets: ${wb.sheetNames}`);
    const rows = wb.sheet('专业设置');
    const flat = rows.map((r) => r.join('|'));
    const a = flat.find((r) => r.includes(mA.name));
    assert.ok(a, `${mA.name} missing from 专业设置`);
    assert.ok(a.includes(mA.college) && a.includes(mA.level) && a.includes('甲方向'), `the row of ${mA.name}: ${a}`);
    assert.ok(!flat.some((r) => r.includes(mC.name)), 'a major outside the advisor\'s scope is listed');
    const all = (await template('/students/import/template', admin.token)).wb.sheet('专业设置').map((r) => r.join('|'));
    assert.ok(all.some((r) => r.includes(mA.name)) && all.some((r) => r.includes(mC.name)), 'the admin sees every major');
  });

  test('its header row imports as it is', async () => {
    const { header } = await template('/students/import/template', admin.token);
    const byHeader = {
      学号: 'student_no', 姓名: 'name', 身份证号: 'id_card', 身份证号码: 'id_card', 性别: 'gender', 毕业年份: 'graduation_year',
      入学年份: 'enrolment_year', 学历: 'level', 学院: 'college', 专业名称: 'major', 专业方向: 'direction', 手机号: 'phone',
      邮箱: 'email', 生源地代码: 'origin_region_code',
    };
    const fields = header.map((h) => byHeader[strip(h)] ?? `unknown_${h}`);
    const r = studentRow(mA, { direction: '甲方向', gender: '' });
    expectImport(await importRows(admin.token, [r], { csv: { columns: fields, header } }), 1, 0);
    assert.ok((await lookupStudents(admin.token, [r.student_no])).has(r.student_no));
  });

  test('no token → 401; a student, an employer, an admin without students.import → 403; an advisor may', async () => {
    expectError(await get('/students/import/template', {}), 401);
    const me = await cliAccount('student', { username: `2094${Date.now().toString().slice(-8)}` });
    expectError(await get('/students/import/template', { token: me.token }), 403);
    expectError(await get('/students/import/template', { token: (await employer()).token }), 403);
    const viewer = await staffWith(admin.token, 'admin', ['students.view']);
    expectError(await get('/students/import/template', { token: viewer.token }), 403);
    await template('/students/import/template', adv.token);
  });
});
