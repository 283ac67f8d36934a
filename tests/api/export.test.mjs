// tests/api/export.test.mjs: GET /students/export (CSV and xlsx: BOM, CRLF, Chinese titles,
// quoting, formula guard, masking, filters, scope) and GET /students/export/fields
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  RUN, cliAccount, createMajor, expectData, expectError, expectJsonHeaders, get, lazy,
} from './lib.mjs';
import {
  XLSX_TYPE, advisorFor, download, employmentBody, expectImport, importRows, importStudents, parseCsv,
  putEmployment, readXlsx, staffWith, studentRow,
} from './records.mjs';

let admin; // CLI admin: students.export and students.sensitive
let majorA;
let majorB;
let rows; // {plain, comma, formula…, b}
let st; // the same, as listed
let fields; // GET /students/export/fields
const nos = () => Object.values(rows).map((r) => r.student_no);
const employer = lazy(() => cliAccount('employer'));

const masked = (s) => s.slice(0, 3) + '*'.repeat(s.length - 7) + s.slice(-4);

before(async () => {
  admin = await cliAccount('admin');
  const college = `导出学院${RUN}`;
  majorA = await createMajor(admin.token, { college, name: `导出甲专业${RUN}` });
  majorB = await createMajor(admin.token, { college, name: `导出乙专业${RUN}` });
  rows = {
    plain: studentRow(majorA, { name: `导出${RUN}`, phone: '13812345678' }),
    comma: studentRow(majorA, { name: '张,"三"' }),
    eq: studentRow(majorA, { name: '=SUM(A1)' }),
    plus: studentRow(majorA, { name: '+1+1' }),
    minus: studentRow(majorA, { name: '-2+3' }),
    at: studentRow(majorA, { name: '@cmd' }),
    b: studentRow(majorB, { name: `导出乙${RUN}` }),
  };
  const list = await importStudents(admin.token, Object.values(rows));
  st = Object.fromEntries(Object.keys(rows).map((k, i) => [k, list[i]]));
  expectData(await putEmployment(admin.token, st.plain.id, employmentBody('10')));
  fields = expectData(await get('/students/export/fields', { token: admin.token }));
});

const exportAs = (query, token = admin.token) => download('/students/export', { token, query });
const titleOf = (field) => fields.find((f) => f.field === field)?.title;

// A CSV download checked for its wrapping: status, type, attachment, BOM, CRLF. Returns rows of cells.
function csvRows(res) {
  assert.equal(res.status, 200, `expected 200: ${res.status} ${res.text.slice(0, 300)}`);
  assert.match(res.headers.get('content-type') || '', /^text\/csv/i);
  assert.match(res.headers.get('content-disposition') || '', /^attachment/i);
  assert.deepEqual([...res.buf.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'no UTF-8 byte-order mark');
  const text = res.text.slice(1);
  assert.ok(text.endsWith('\r\n'), 'the last line does not end in CRLF');
  assert.equal(/(^|[^\r])\n/.test(text), false, 'a line ends in a bare LF');
  return parseCsv(text);
}

// The data rows of a CSV export as objects keyed by header title.
function byTitle(table) {
  const [head, ...body] = table;
  return body.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));
}

describe('GET /students/export/fields', () => {
  test('lists {field, title}: the Chinese titles of the exportable fields', async () => {
    assert.ok(Array.isArray(fields) && fields.length > 0, JSON.stringify(fields));
    for (const f of fields) {
      assert.equal(typeof f.field, 'string');
      assert.ok(typeof f.title === 'string' && f.title.length > 0, JSON.stringify(f));
    }
    assert.equal(titleOf('student_no'), '学号');
    assert.equal(titleOf('name'), '姓名');
    assert.equal(titleOf('id_card'), '身份证号');
    assert.equal(titleOf('phone'), '手机号');
    assert.equal(new Set(fields.map((f) => f.field)).size, fields.length, 'a field is listed twice');
  });

  test('needs students.export', async () => {
    const a = await staffWith(admin.token, 'admin', ['students.view']);
    expectError(await get('/students/export/fields', { token: a.token }), 403);
    expectError(await get('/students/export/fields'), 401);
  });
});

describe('GET /students/export: CSV', () => {
  test('default: UTF-8 with BOM, CRLF, a header of Chinese titles, one line per student', async () => {
    const res = await exportAs({ student_nos: nos().join(',') });
    const table = csvRows(res);
    const head = table[0];
    assert.ok(head.includes('学号') && head.includes('姓名'), `header: ${head}`);
    for (const h of head) assert.ok(fields.some((f) => f.title === h), `header ${h} is not a listed title`);
    assert.equal(table.length, 1 + nos().length);
    const got = byTitle(table).map((r) => r['学号']).sort();
    assert.deepEqual(got, nos().sort());
  });

  test('format=csv is the same; fields picks and orders the columns', async () => {
    const res = await exportAs({ format: 'csv', fields: 'name,student_no,id_card,phone', student_nos: rows.plain.student_no });
    const table = csvRows(res);
    assert.deepEqual(table, [
      ['姓名', '学号', '身份证号', '手机号'],
      [rows.plain.name, rows.plain.student_no, rows.plain.id_card, '13812345678'],
    ]);
  });

  test('every listed field can be exported', async () => {
    const res = await exportAs({ fields: fields.map((f) => f.field).join(','), student_nos: rows.plain.student_no });
    const table = csvRows(res);
    assert.deepEqual(table[0], fields.map((f) => f.title));
    assert.equal(table.length, 2);
    const r = byTitle(table)[0];
    assert.equal(r[titleOf('student_no')], rows.plain.student_no);
    if (titleOf('destination_code')) assert.equal(r[titleOf('destination_code')], '10');
    if (titleOf('employer_name')) assert.equal(r[titleOf('employer_name')], `测试单位${RUN}`);
  });

  test('cells with commas and quotes are quoted; the values come back exactly', async () => {
    const res = await exportAs({ fields: 'student_no,name', student_nos: rows.comma.student_no });
    assert.ok(res.text.includes(`${rows.comma.student_no},"张,""三"""\r\n`), `raw CSV: ${JSON.stringify(res.text)}`);
    assert.deepEqual(csvRows(res)[1], [rows.comma.student_no, '张,"三"']);
  });

  test('cells starting with = + - @ get a leading apostrophe', async () => {
    const res = await exportAs({ fields: 'student_no,name', student_nos: [rows.eq, rows.plus, rows.minus, rows.at].map((r) => r.student_no).join(',') });
    const got = Object.fromEntries(csvRows(res).slice(1).map(([no, name]) => [no, name]));
    assert.equal(got[rows.eq.student_no], "'=SUM(A1)");
    assert.equal(got[rows.plus.student_no], "'+1+1");
    assert.equal(got[rows.minus.student_no], "'-2+3");
    assert.equal(got[rows.at.student_no], "'@cmd");
  });

  test('without students.sensitive phone and ID card are masked', async () => {
    const a = await staffWith(admin.token, 'admin', ['students.export', 'students.view']);
    const table = csvRows(await exportAs({ fields: 'student_no,id_card,phone', student_nos: rows.plain.student_no }, a.token));
    assert.deepEqual(table[1], [rows.plain.student_no, masked(rows.plain.id_card), '138****5678']);
  });

  test('the filters of GET /students apply', async () => {
    const all = nos().join(',');
    const numbers = async (q) => csvRows(await exportAs({ fields: 'student_no', ...q })).slice(1).map((r) => r[0]).sort();
    assert.deepEqual(await numbers({ student_nos: all, destination: 'employed' }), [rows.plain.student_no]);
    assert.deepEqual(await numbers({ student_nos: all, major_id: majorB.id }), [rows.b.student_no]);
    assert.deepEqual(await numbers({ q: `导出乙${RUN}` }), [rows.b.student_no]);
    assert.deepEqual(await numbers({ student_nos: all, year: 2027 }), []);
    assert.equal((await numbers({ student_nos: all, list: 'not_employed' })).length, nos().length - 1);
  });

  test('rows come in the list\'s order: newest graduation year first, then by student number', async () => {
    const major = await createMajor(admin.token, { college: `导出学院${RUN}`, name: `导出排序专业${RUN}` });
    const sooner = studentRow(major);
    const later = studentRow(major, { student_no: `0${sooner.student_no}`, graduation_year: 2027 });
    await importStudents(admin.token, [later, sooner]);
    const table = csvRows(await exportAs({ fields: 'graduation_year,student_no', major_id: major.id }));
    assert.deepEqual(table.slice(1), [['2027', later.student_no], ['2026', sooner.student_no]]);
    const mine = csvRows(await exportAs({ fields: 'student_no', student_nos: nos().join(',') })).slice(1).map((r) => r[0]);
    assert.deepEqual(mine, [...nos()].sort());
  });

  test('a personal field not asked for is not in the file, sealed or open', async () => {
    const text = (await exportAs({ fields: 'student_no,name', student_nos: rows.plain.student_no })).text;
    for (const hidden of [rows.plain.id_card, '13812345678', 'pii1:']) assert.ok(!text.includes(hidden), `the file holds ${hidden}`);
    const every = (await exportAs({ fields: fields.map((f) => f.field).join(','), student_nos: nos().join(',') })).text;
    assert.ok(!every.includes('pii1:'), 'a sealed value was exported');
  });

  test('a large export streams every row, in order', async () => {
    const major = await createMajor(admin.token, { college: `导出学院${RUN}`, name: `导出大专业${RUN}` });
    const many = Array.from({ length: 1500 }, () => studentRow(major));
    expectImport(await importRows(admin.token, many), many.length, 0);
    const res = await exportAs({ fields: 'student_no,name,id_card,phone,email', major_id: major.id });
    assert.ok(res.buf.length > 1 << 17, `only ${res.buf.length} bytes`);
    const table = csvRows(res);
    assert.deepEqual(table.slice(1).map((r) => r[0]), many.map((r) => r.student_no).sort());
    const byNo = new Map(many.map((r) => [r.student_no, r]));
    for (const [no, name, idCard, phone, email] of table.slice(1)) {
      const r = byNo.get(no);
      assert.deepEqual([name, idCard, phone, email], [r.name, r.id_card, r.phone, r.email]);
    }
  });

  test('no matching student: the header line alone', async () => {
    const table = csvRows(await exportAs({ fields: 'student_no,name', q: `无此人${RUN}` }));
    assert.deepEqual(table, [['学号', '姓名']]);
  });
});

describe('GET /students/export: xlsx', () => {
  test('a workbook (zip) with the titles and the students; Content-Disposition attachment', async () => {
    const res = await exportAs({ format: 'xlsx', fields: 'student_no,name,id_card', student_nos: nos().join(',') });
    assert.equal(res.status, 200, res.text.slice(0, 300));
    assert.equal((res.headers.get('content-type') || '').split(';')[0].trim(), XLSX_TYPE);
    assert.match(res.headers.get('content-disposition') || '', /^attachment/i);
    assert.equal(res.buf.subarray(0, 4).toString('latin1'), 'PK\x03\x04');
    const book = readXlsx(res.buf);
    assert.ok(book.entries.some((e) => e.startsWith('xl/worksheets/')), JSON.stringify(book.entries));
    assert.deepEqual(book.rows[0], ['学号', '姓名', '身份证号']);
    assert.equal(book.rows.length, 1 + nos().length);
    const byNo = Object.fromEntries(book.rows.slice(1).map((r) => [r[0], r]));
    assert.deepEqual(byNo[rows.plain.student_no], [rows.plain.student_no, rows.plain.name, rows.plain.id_card]);
    assert.equal(byNo[rows.comma.student_no][1], '张,"三"');
  });

  test('masked without students.sensitive', async () => {
    const a = await staffWith(admin.token, 'counselor', ['students.export']);
    const res = await exportAs({ format: 'xlsx', fields: 'student_no,id_card,phone', student_nos: rows.plain.student_no }, a.token);
    assert.equal(res.status, 200, res.text.slice(0, 300));
    assert.deepEqual(readXlsx(res.buf).rows[1], [rows.plain.student_no, masked(rows.plain.id_card), '138****5678']);
  });
});

describe('GET /students/export: refusals and scope', () => {
  test('an unknown field → 422 fields (JSON)', async () => {
    const res = await get('/students/export', { token: admin.token, query: { fields: 'student_no,password_hash' } });
    expectError(res, 422, 'fields');
    expectJsonHeaders(res);
  });

  test('a bad format → 422 format', async () => {
    expectError(await get('/students/export', { token: admin.token, query: { format: 'pdf' } }), 422, 'format');
  });

  test('a bad filter → 422 naming it', async () => {
    expectError(await get('/students/export', { token: admin.token, query: { year: 'abc' } }), 422, 'year');
    expectError(await get('/students/export', { token: admin.token, query: { list: 'foo' } }), 422, 'list');
  });

  const refused = [
    ['an admin without students.export', async () => (await staffWith(admin.token, 'admin', ['students.view', 'students.sensitive'])).token],
    ['a counselor without students.export', async () => (await staffWith(admin.token, 'counselor', ['students.view'])).token],
    ['an advisor without students.export', async () => (await advisorFor(admin.token, [majorA.id])).token],
    ['a student', async () => (await cliAccount('student', { username: rows.b.student_no })).token],
    ['an employer', async () => (await employer()).token],
  ];
  for (const [who, token] of refused) {
    test(`${who} → 403`, async () => {
      expectError(await get('/students/export', { token: await token() }), 403);
    });
  }

  test('no token → 401', async () => {
    expectError(await get('/students/export'), 401);
  });

  test('a counselor holding students.export may export', async () => {
    const c = await staffWith(admin.token, 'counselor', ['students.export']);
    const table = csvRows(await exportAs({ fields: 'student_no', student_nos: nos().join(',') }, c.token));
    assert.equal(table.length, 1 + nos().length);
  });

  test('an advisor holding students.export exports only their majors\' students', async () => {
    const adv = await advisorFor(admin.token, [majorB.id], ['students.export']);
    const table = csvRows(await exportAs({ fields: 'student_no,name', student_nos: nos().join(',') }, adv.token));
    assert.deepEqual(table.slice(1), [[rows.b.student_no, rows.b.name]]);
    const book = readXlsx((await exportAs({ format: 'xlsx', fields: 'student_no' }, adv.token)).buf);
    assert.deepEqual(book.rows.slice(1).map((r) => r[0]), [rows.b.student_no]);
  });
});
