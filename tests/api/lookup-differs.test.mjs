// tests/api/lookup-differs.test.mjs: GET /employers/lookup (单位名称联想, §2.6.1) and
// POST /students/export/differs (与省平台数据不一致的学生, §2.6.2), docs/records-changes.md.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  RUN, cliAccount, createMajor, expectData, expectError, get, lazy,
} from './lib.mjs';
import {
  XLSX_TYPE, advisorFor, creditCode, employmentBody, expectImport, importRows, importStudents, parseCsv, postFile, putEmployment,
  readWorkbook, staffWith, studentNo, studentRow, xlsxBytes,
} from './records.mjs';

// tests/api/fixtures.sql: the approved employer every stack of the suite has.
const FIXTURE_EMPLOYER = { name: '测试用人单位有限公司', credit_code: '91350100M000100Y43' };
const LOOKUP_KEYS = ['name', 'credit_code', 'industry_code', 'region_code', 'unit_nature_code', 'source'];

let admin;
let mA;
let mC;
const employer = lazy(() => cliAccount('employer'));

before(async () => {
  admin = await cliAccount('admin');
  mA = await createMajor(admin.token, { college: `比对学院${RUN}`, name: `比对甲专业${RUN}` });
  mC = await createMajor(admin.token, { college: `比对丙学院${RUN}`, name: `比对丙专业${RUN}` });
});

const lookup = (token, q) => get('/employers/lookup', { token, query: { q } });
async function lookupRows(token, q) {
  const res = await lookup(token, q);
  const data = expectData(res);
  assert.ok(Array.isArray(data), `data is not an array: ${res.text}`);
  assert.ok(data.length <= 10, `more than 10 rows: ${data.length}`);
  for (const r of data) {
    for (const k of LOOKUP_KEYS) assert.ok(Object.hasOwn(r, k), `row lacks "${k}": ${JSON.stringify(r)}`);
    assert.ok(r.source === 'employer' || r.source === 'records', `source: ${r.source}`);
  }
  return data;
}

describe('GET /employers/lookup', () => {
  test('finds the registered employer by part of its name, with its credit code, source employer', async () => {
    const rows = await lookupRows(admin.token, '用人单位有限');
    const hit = rows.find((r) => r.name === FIXTURE_EMPLOYER.name);
    assert.ok(hit, `the fixture employer is not found: ${JSON.stringify(rows)}`);
    assert.equal(hit.credit_code, FIXTURE_EMPLOYER.credit_code);
    assert.equal(hit.source, 'employer');
    for (const r of rows) assert.ok(r.name.includes('用人单位有限'), `${r.name} does not contain the query`);
  });

  test('finds a company recorded in an employment record with a credit code, source records, with its codes', async () => {
    const [s] = await importStudents(admin.token, [studentRow(mA)]);
    const name = `联想查询${RUN}科技有限公司`;
    const code = creditCode();
    expectData(await putEmployment(admin.token, s.id, employmentBody('10', {
      employer_name: name, credit_code: code, industry_code: 'I', region_code: '320102', unit_nature_code: '39',
    })));
    const rows = await lookupRows(admin.token, `联想查询${RUN}`);
    assert.equal(rows.length, 1, JSON.stringify(rows));
    assert.deepEqual(rows[0], {
      name, credit_code: code, industry_code: 'I', region_code: '320102', unit_nature_code: '39', source: 'records',
    });
    // A part from the middle of the name matches too.
    assert.ok((await lookupRows(admin.token, `${RUN}科技`)).some((r) => r.name === name));
  });

  test('a name recorded without a credit code is not offered', async () => {
    const [s] = await importStudents(admin.token, [studentRow(mA)]);
    const name = `无代码单位${RUN}`;
    expectData(await putEmployment(admin.token, s.id, employmentBody('10', { employer_name: name, credit_code: undefined })));
    assert.deepEqual(await lookupRows(admin.token, `无代码单位${RUN}`), []);
  });

  test('registered employers come first, then records; at most 10 rows', async () => {
    const rows12 = Array.from({ length: 12 }, () => studentRow(mA));
    const students = await importStudents(admin.token, rows12);
    for (const [i, s] of students.entries()) {
      const name = i === 0 ? `${FIXTURE_EMPLOYER.name}${RUN}分部` : `限量公司${RUN}第${String(i).padStart(2, '0')}号`;
      expectData(await putEmployment(admin.token, s.id, employmentBody('10', { employer_name: name, credit_code: creditCode() })));
    }
    const mixed = await lookupRows(admin.token, '用人单位有限公司');
    const firstRecord = mixed.findIndex((r) => r.source === 'records');
    assert.ok(mixed[0].source === 'employer', JSON.stringify(mixed));
    assert.ok(firstRecord > 0, `no records row after the employers: ${JSON.stringify(mixed)}`);
    assert.ok(mixed.slice(firstRecord).every((r) => r.source === 'records'), 'an employer row after a records row');
    assert.ok(mixed.some((r) => r.name === `${FIXTURE_EMPLOYER.name}${RUN}分部`));
    const many = await lookupRows(admin.token, `限量公司${RUN}`);
    assert.equal(many.length, 10, 'up to 10 companies');
  });

  test('q is text, not a pattern: % and _ match only themselves', async () => {
    assert.deepEqual(await lookupRows(admin.token, '%%'), []);
    assert.deepEqual(await lookupRows(admin.token, '__'), []);
  });

  test('q of fewer than 2 characters → 422 q (characters, not bytes)', async () => {
    expectError(await lookup(admin.token, 'a'), 422, 'q');
    expectError(await lookup(admin.token, '测'), 422, 'q');
    expectError(await lookup(admin.token, ''), 422, 'q');
    expectError(await get('/employers/lookup', { token: admin.token }), 422, 'q');
    await lookupRows(admin.token, '测试');
  });

  test('staff and students may; no token → 401; an employer → 403', async () => {
    const [s] = await importStudents(admin.token, [studentRow(mA)]);
    const me = await cliAccount('student', { username: s.student_no });
    assert.ok((await lookupRows(me.token, '用人单位')).some((r) => r.name === FIXTURE_EMPLOYER.name));
    const adv = await advisorFor(admin.token, [mA.id]);
    assert.ok((await lookupRows(adv.token, '用人单位')).some((r) => r.name === FIXTURE_EMPLOYER.name));
    expectError(await lookup(undefined, '用人单位'), 401);
    expectError(await lookup((await employer()).token, '用人单位'), 403);
  });
});

describe('POST /students/export/differs', () => {
  const HEADER = ['学号', '毕业年份', '姓名', '毕业去向代码', '单位名称', '统一社会信用代码'];
  let st; // {s1..s5}: list rows
  let emp; // employment bodies of s1..s4
  let exporter; // advisor of mA with students.export
  let unknownNo;
  let fileRows; // the provincial file's rows (without header)

  before(async () => {
    const rows = {
      s1: studentRow(mA), s2: studentRow(mA), s3: studentRow(mA), s4: studentRow(mC), s5: studentRow(mA),
    };
    const list = await importStudents(admin.token, Object.values(rows));
    st = Object.fromEntries(Object.keys(rows).map((k, i) => [k, list[i]]));
    emp = {};
    for (const k of ['s1', 's2', 's3', 's4']) {
      emp[k] = employmentBody('10', { employer_name: `比对单位${k}${RUN}`, credit_code: creditCode() });
      expectData(await putEmployment(admin.token, st[k].id, emp[k]));
    }
    exporter = await advisorFor(admin.token, [mA.id], ['students.export']);
    unknownNo = studentNo('NONE');
    const same = (k) => [st[k].student_no, '2026', st[k].name, '10', emp[k].employer_name, emp[k].credit_code];
    fileRows = [
      same('s1'), // row 2: equal
      [st.s2.student_no, '2026', '省平台的名字', '10', '省平台的单位', emp.s2.credit_code], // row 3: name, employer_name
      [unknownNo, '2026', '无此人', '10', '', ''], // row 4: unknown
      same('s4'), // row 5: out of the advisor's majors; equal for the admin
      [st.s3.student_no, '2026', st.s3.name, '80', '', ''], // row 6: destination_code, employer_name, credit_code
      [st.s5.student_no, '2026', st.s5.name, '', '', ''], // row 7: no employment on either side: equal
    ];
  });

  const csv = (rows = fileRows, header = HEADER) => [header, ...rows].map((r) => r.join(',')).join('\r\n') + '\r\n';
  const differs = (token, body, query = { format: 'json' }, type = 'text/csv') => postFile('/students/export/differs', { token, body, type, query });
  const byNo = (rows) => new Map(rows.map((r) => [r.student_no, r]));
  // The field names of a differs value, sorted (an array, or a string joining them).
  const names = (d) => (Array.isArray(d) ? [...d] : String(d ?? '').split(/[,;、\s]+/).filter(Boolean)).sort();

  function checkJson(data, { compared, unmatched }) {
    assert.equal(data.compared, compared, `compared: ${JSON.stringify(data)}`);
    assert.equal(data.differing, 2, `differing: ${JSON.stringify(data)}`);
    assert.deepEqual(data.unmatched.map((u) => [u.row, u.student_no]), unmatched);
    assert.equal(data.rows.length, 2, `rows: ${JSON.stringify(data.rows)}`);
    const rows = byNo(data.rows);
    const r2 = rows.get(st.s2.student_no);
    const r3 = rows.get(st.s3.student_no);
    assert.ok(r2 && r3, `the differing students: ${JSON.stringify(data.rows)}`);
    assert.deepEqual(names(r2.differs), ['employer_name', 'name']);
    assert.deepEqual(names(r3.differs), ['credit_code', 'destination_code', 'employer_name']);
    // Our values, ready for the provincial system.
    assert.equal(r2.name, st.s2.name);
    assert.equal(r2.employer_name, emp.s2.employer_name);
    assert.equal(r2.graduation_year, 2026);
    assert.equal(r2.college, mA.college);
    assert.equal(r2.major, mA.name);
    assert.equal(r3.destination_code, '10');
    assert.equal(r3.credit_code, emp.s3.credit_code);
    for (const k of ['industry_code', 'region_code', 'unit_nature_code', 'school']) assert.ok(Object.hasOwn(r3, k), `row lacks ${k}`);
    // In JSON the field names are a list, like changed_fields elsewhere (a CSV cell joins them).
    for (const r of data.rows) assert.ok(Array.isArray(r.differs), `differs should be an array of field names, got ${JSON.stringify(r.differs)}`);
  }

  test('format=json for an advisor: counts, unmatched rows (unknown and out of scope), differing fields', async () => {
    const res = await differs(exporter.token, csv());
    checkJson(expectData(res), { compared: 4, unmatched: [[4, unknownNo], [5, st.s4.student_no]] });
  });

  test('format=json for an admin: the other college\'s student is compared (and equal)', async () => {
    checkJson(expectData(await differs(admin.token, csv())), { compared: 5, unmatched: [[4, unknownNo]] });
  });

  test('the same file as xlsx gives the same answer', async () => {
    const file = xlsxBytes([HEADER.map((s) => ({ s })), ...fileRows.map((r) => r.map((v) => (v === '' ? null : { s: v })))]);
    const res = await differs(exporter.token, file, { format: 'json' }, XLSX_TYPE);
    checkJson(expectData(res), { compared: 4, unmatched: [[4, unknownNo], [5, st.s4.student_no]] });
  });

  test('English headers are recognised too; absent columns are not compared', async () => {
    const header = ['student_no', 'graduation_year', 'employer_name'];
    const rows = [[st.s1.student_no, '2026', emp.s1.employer_name], [st.s2.student_no, '2026', emp.s2.employer_name]];
    const data = expectData(await differs(admin.token, csv(rows, header)));
    assert.equal(data.compared, 2);
    assert.equal(data.differing, 0, 'the name column is absent: the names are not compared');
    assert.deepEqual(data.rows, []);
    assert.deepEqual(data.unmatched, []);
  });

  test('without a graduation-year column the newest record of the number is compared', async () => {
    const no = studentNo();
    expectImport(await importRows(admin.token, [
      studentRow(mA, { student_no: no }), studentRow(mA, { student_no: no, graduation_year: 2027, enrolment_year: 2023, name: '较新的记录' }),
    ]), 2, 0);
    const data = expectData(await differs(admin.token, csv([[no, '另一个名字']], ['学号', '姓名'])));
    assert.equal(data.compared, 1);
    assert.equal(data.rows.length, 1);
    assert.equal(data.rows[0].graduation_year, 2027);
    assert.equal(data.rows[0].name, '较新的记录');
    assert.deepEqual(names(data.rows[0].differs), ['name']);
  });

  test('format=csv (the default): a CSV of the differing students with a differs column', async () => {
    for (const query of [{ format: 'csv' }, {}]) {
      const res = await differs(exporter.token, csv(), query);
      assert.equal(res.status, 200, `${res.status} ${res.text.slice(0, 300)}`);
      assert.match(res.headers.get('content-type') || '', /^text\/csv/i);
      const rows = parseCsv(res.text.replace(/^\uFEFF/, '')).filter((r) => r.some((c) => c !== ''));
      const head = rows[0];
      const iNo = head.findIndex((h) => h === '学号' || h === 'student_no');
      const iName = head.findIndex((h) => h === '姓名' || h === 'name');
      const iDiff = head.findIndex((h) => /differs|不一致|差异/.test(h));
      assert.ok(iNo >= 0 && iName >= 0 && iDiff >= 0, `header: ${JSON.stringify(head)}`);
      assert.equal(rows.length, 3, `header + 2 rows: ${res.text}`);
      const got = new Map(rows.slice(1).map((r) => [r[iNo], r]));
      assert.deepEqual([...got.keys()].sort(), [st.s2.student_no, st.s3.student_no].sort());
      assert.equal(got.get(st.s2.student_no)[iName], st.s2.name, 'our name, not the file\'s');
      assert.match(got.get(st.s2.student_no)[iDiff], /name/);
      assert.match(got.get(st.s3.student_no)[iDiff], /destination_code/);
    }
  });

  test('format=xlsx: a workbook of the same rows', async () => {
    const res = await differs(exporter.token, csv(), { format: 'xlsx' });
    assert.equal(res.status, 200, `${res.status} ${res.text.slice(0, 300)}`);
    assert.equal((res.headers.get('content-type') || '').split(';')[0].trim(), XLSX_TYPE);
    const wb = readWorkbook(res.buf);
    const rows = wb.sheet(wb.sheetNames[0]).filter((r) => r.some((c) => c !== ''));
    const head = rows[0];
    const iNo = head.findIndex((h) => h === '学号' || h === 'student_no');
    const iDiff = head.findIndex((h) => /differs|不一致|差异/.test(h));
    assert.ok(iNo >= 0 && iDiff >= 0, `header: ${JSON.stringify(head)}`);
    assert.equal(rows.length, 3, JSON.stringify(rows));
    assert.deepEqual(rows.slice(1).map((r) => r[iNo]).sort(), [st.s2.student_no, st.s3.student_no].sort());
  });

  test('a file without a student-number column → 422 student_no', async () => {
    expectError(await differs(admin.token, csv([[st.s1.name, '10']], ['姓名', '毕业去向代码'])), 422, 'student_no');
    expectError(await differs(admin.token, csv([[st.s1.name, '10']], ['姓名', '毕业去向代码']), { format: 'csv' }), 422, 'student_no');
  });

  test('whole-file problems and a bad format → 422', async () => {
    expectError(await differs(admin.token, ''), 422, 'file');
    expectError(await differs(admin.token, Buffer.from('%PDF-1.4\n%%EOF\n'), { format: 'json' }, 'application/pdf'), 422, 'file');
    expectError(await differs(admin.token, csv(), { format: 'pdf' }), 422, 'format');
  });

  test('no token → 401; without students.export → 403 (an admin with students.view, an advisor without the item, a student)', async () => {
    const me = await cliAccount('student', { username: st.s5.student_no });
    const adv = await advisorFor(admin.token, [mA.id]);
    const viewer = await staffWith(admin.token, 'admin', ['students.view']);
    expectError(await differs(undefined, csv()), 401);
    expectError(await differs(viewer.token, csv()), 403);
    expectError(await differs(adv.token, csv()), 403);
    expectError(await differs(me.token, csv()), 403);
    expectError(await differs((await employer()).token, csv()), 403);
  });
});
