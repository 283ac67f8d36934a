// tests/api/import.test.mjs: POST /students/import (学生数据导入): CSV in its encodings and
// line endings, xlsx, row checks and row numbers, duplicates, upsert, atomic, whole-file
// refusals, who may import, and the student accounts an import makes
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  RUN, cliAccount, createMajor, expectData, expectError, expectList, get, lazy, login, password, post,
  rootSql, show,
} from './lib.mjs';
import {
  DEFAULT_COLUMNS, REQUIRED, XLSX_TYPE, advisorFor, badIdCard, errorFields, expectImport, expectTalliesMatch, idCard,
  idCardEndingX, importFile, importRows, lookupStudents, numericStudentNo, staffWith, studentNo,
  studentRow, toCsv, xlsxBytes, ZH,
} from './records.mjs';

const MiB = 1024 * 1024;

let admin; // CLI admin: holds students.import and students.view
let college;
let major; // the major most rows go to
let other; // a second major of the same college

const employer = lazy(() => cliAccount('employer'));

before(async () => {
  admin = await cliAccount('admin');
  college = `导入学院${RUN}`;
  major = await createMajor(admin.token, { college, name: `导入专业${RUN}` });
  other = await createMajor(admin.token, { college, name: `导入二专业${RUN}` });
});

const row = (over) => studentRow(major, over);
const found = (rows) => lookupStudents(admin.token, rows.map((r) => r.student_no));

// How many of `rows` exist, looked up 200 at a time (a page).
async function landed(rows) {
  let n = 0;
  for (let i = 0; i < rows.length; i += 200) n += (await found(rows.slice(i, i + 200))).size;
  return n;
}

// Asserts that none of `rows` exists.
async function noneLanded(rows) {
  const got = await found(rows);
  assert.equal(got.size, 0, `refused rows were imported: ${[...got.keys()].join(', ')}`);
}

describe('POST /students/import: CSV', () => {
  test('Chinese headers, LF: 200 with imported/failed/errors, and the records are as written', async () => {
    const rows = [row({ id_card: idCard({ gender: '男' }) }), row({ id_card: idCard({ gender: '女' }), phone: '', email: '' })];
    const data = expectImport(await importRows(admin.token, rows), 2, 0);
    assert.deepEqual(Object.keys(data).sort(), ['errors', 'errors_truncated', 'failed', 'imported']);
    assert.equal(data.errors_truncated, false);
    const got = await found(rows);
    const [s1, s2] = rows.map((r) => got.get(r.student_no));
    for (const [s, r] of [[s1, rows[0]], [s2, rows[1]]]) {
      assert.ok(s, `${r.student_no} not listed`);
      assert.equal(s.name, r.name);
      assert.equal(s.id_card, r.id_card);
      assert.equal(s.graduation_year, 2026);
      assert.equal(s.enrolment_year, 2022);
      assert.equal(s.level, major.level);
      assert.equal(s.college, college);
      assert.equal(s.major, major.name);
      assert.equal(Number(s.major_id), major.id);
      assert.equal(s.origin_region_code, '320102');
      assert.equal(s.status, '在读');
    }
    assert.equal(s1.phone, rows[0].phone);
    assert.equal(s1.email, rows[0].email);
    assert.equal(s1.gender, '男', 'gender from the ID card: odd 17th digit');
    assert.equal(s2.gender, '女', 'gender from the ID card: even 17th digit');
    assert.ok(s2.phone === null || s2.phone === '', `an empty phone cell: ${JSON.stringify(s2.phone)}`);
  });

  test('English headers in another order; extra columns ignored', async () => {
    const rows = [row({ remark: '备注, 随便写' }), row({ remark: 'x' })];
    const columns = ['remark', ...[...DEFAULT_COLUMNS].reverse()];
    const header = ['remark', ...[...DEFAULT_COLUMNS].reverse()];
    expectImport(await importRows(admin.token, rows, { csv: { columns, header } }), 2, 0);
    const got = await found(rows);
    assert.equal(got.size, 2);
    assert.equal(got.get(rows[1].student_no).name, rows[1].name);
  });

  test('Chinese headers with an extra leading 备注 column', async () => {
    const rows = [row({ remark: '无' })];
    const columns = ['remark', ...DEFAULT_COLUMNS];
    const header = ['备注', '学号', '姓名', '身份证号', '毕业年份', '入学年份', '学历', '学院', '专业名称', '手机号', '邮箱', '生源地代码'];
    expectImport(await importRows(admin.token, rows, { csv: { columns, header } }), 1, 0);
  });

  test('UTF-8 with a byte-order mark and CRLF line ends', async () => {
    const rows = [row(), row()];
    const text = toCsv(rows, { bom: true, eol: '\r\n' });
    assert.equal(Buffer.from(text)[0], 0xef);
    expectImport(await importFile(admin.token, text), 2, 0);
    const got = await found(rows);
    assert.equal(got.size, 2);
    assert.equal(got.get(rows[0].student_no).name, rows[0].name, 'the BOM must not end up in a value');
  });

  test('GB18030 (a 4-byte character included) is decoded', async () => {
    // Bytes from `iconv -f utf-8 -t gb18030`: the header, 本科生, 测试学院, 测试专业, 欧阳明𠀋.
    const gb = (hex) => Buffer.from(hex, 'hex');
    const ascii = (s) => Buffer.from(s, 'latin1');
    const m = await createMajor(admin.token); // college 测试学院<ascii tag>, name 测试专业<ascii tag>
    assert.ok(m.college.startsWith('测试学院') && /^[\x20-\x7e]+$/.test(m.college.slice(4)), m.college);
    assert.ok(m.name.startsWith('测试专业') && /^[\x20-\x7e]+$/.test(m.name.slice(4)), m.name);
    const no = studentNo();
    const id = idCard();
    const body = Buffer.concat([
      gb('d1a7bac52cd0d5c3fb2cc9edb7ddd6a4bac52cb1cfd2b5c4eab7dd2cc8ebd1a7c4eab7dd2cd1a7c0fa2cd1a7d4ba2cd7a8d2b5c3fbb3c6'),
      ascii(`\r\n${no},`), gb('c5b7d1f4c3f795328337'), ascii(`,${id},2026,2022,`), gb('b1bebfc6c9fa'), ascii(','),
      gb('b2e2cad4d1a7d4ba'), ascii(`${m.college.slice(4)},`), gb('b2e2cad4d7a8d2b5'), ascii(`${m.name.slice(4)}\r\n`),
    ]);
    assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(body), 'the test file must not be UTF-8');
    expectImport(await importFile(admin.token, body), 1, 0);
    const s = (await lookupStudents(admin.token, [no])).get(no);
    assert.ok(s, 'the GB18030 row is not listed');
    assert.equal(s.name, '欧阳明𠀋');
    assert.equal(s.college, m.college);
    assert.equal(s.major_id, m.id);
  });

  test('quoted cells with commas, quotes and line breaks; rows count records, not lines', async () => {
    const rows = [
      row({ name: '欧阳,娜娜', remark: '第一行\n第二行, 还有"引号"' }), // row 2 (three lines)
      row({ phone: '12345' }), // row 3: fails on phone
      row({ name: '司马"相如"', remark: 'a\r\nb' }), // row 4
      row({ email: 'not-an-email', remark: '\n\n' }), // row 5: fails on email
    ];
    const columns = [...DEFAULT_COLUMNS, 'remark'];
    const text = toCsv(rows, { columns, header: [...DEFAULT_COLUMNS.map((c) => ZH[c]), '备注'] });
    assert.ok(text.split('\n').length > 8, 'the file has more lines than records');
    const data = expectImport(await importFile(admin.token, text), 2, 2);
    assert.deepEqual(data.errors.map((e) => [e.row, e.field]), [[3, 'phone'], [5, 'email']]);
    const got = await found(rows);
    assert.deepEqual([...got.keys()].sort(), [rows[0].student_no, rows[2].student_no].sort());
    assert.equal(got.get(rows[0].student_no).name, '欧阳,娜娜');
    assert.equal(got.get(rows[2].student_no).name, '司马"相如"');
  });

  test('a gender column is taken as written; a value other than 男/女 fails field gender', async () => {
    const rows = [row({ gender: '男', id_card: idCard({ gender: '男' }) }), row({ gender: 'M' })];
    const data = expectImport(await importRows(admin.token, rows, { csv: { columns: [...DEFAULT_COLUMNS, 'gender'], header: [...DEFAULT_COLUMNS, 'gender'] } }), 1, 1);
    assert.deepEqual(errorFields(data, 3), ['gender']);
    const got = await found(rows);
    assert.equal(got.get(rows[0].student_no).gender, '男');
    assert.equal(got.has(rows[1].student_no), false);
  });

  test('an ID card ending in a lower-case x is accepted', async () => {
    const id = idCardEndingX();
    const r = row({ id_card: id.toLowerCase() });
    expectImport(await importRows(admin.token, [r]), 1, 0);
    const s = (await found([r])).get(r.student_no);
    assert.equal(s.id_card.toUpperCase(), id);
  });

  test('the major is matched with its direction (专业方向)', async () => {
    const name = `方向专业${RUN}`;
    const d1 = await createMajor(admin.token, { college, name, direction: '甲方向' });
    const d2 = await createMajor(admin.token, { college, name, direction: '乙方向' });
    const r = studentRow(d2, { direction: '乙方向' });
    expectImport(await importRows(admin.token, [r], { csv: { columns: [...DEFAULT_COLUMNS, 'direction'] } }), 1, 0);
    const s = (await found([r])).get(r.student_no);
    assert.equal(Number(s.major_id), d2.id);
    assert.notEqual(Number(s.major_id), d1.id);
  });

  describe('row checks: one error per failing field, failed counts rows, bad rows change nothing', () => {
    const cases = [
      ['an ID card with a wrong check character', ['id_card'], () => ({ id_card: badIdCard() })],
      ['an ID card of 17 characters', ['id_card'], () => ({ id_card: idCard().slice(0, 17) })],
      ['an ID card of 15 digits (old format)', ['id_card'], () => ({ id_card: '320102900101123' })],
      ['no name', ['name'], () => ({ name: '' })],
      ['no student number', ['student_no'], () => ({ student_no: '' })],
      ['no ID card', ['id_card'], () => ({ id_card: '' })],
      ['no graduation year', ['graduation_year'], () => ({ graduation_year: '' })],
      ['graduation year abc', ['graduation_year'], () => ({ graduation_year: 'abc' })],
      ['no enrolment year', ['enrolment_year'], () => ({ enrolment_year: '' })],
      ['enrolment year after the graduation year', ['enrolment_year'], () => ({ enrolment_year: 2027 })],
      ['level 本科 (not the fixed word)', ['level'], () => ({ level: '本科' })],
      ['no college', ['college'], () => ({ college: '' })],
      ['no major', ['major'], () => ({ major: '' })],
      ['a major not in the majors setup', ['major'], () => ({ major: `无此专业${RUN}` })],
      ['a college other than the major\'s', ['major'], () => ({ college: `无此学院${RUN}` })],
      ['a phone of 10 digits', ['phone'], () => ({ phone: '1381234567' })],
      ['a phone not starting with 1', ['phone'], () => ({ phone: '23812345678' })],
      ['a phone with letters', ['phone'], () => ({ phone: '1381234567a' })],
      ['an e-mail without @', ['email'], () => ({ email: 'student.example.cn' })],
      ['origin region 999999', ['origin_region_code'], () => ({ origin_region_code: '999999' })],
      ['four bad fields in one row', ['email', 'id_card', 'origin_region_code', 'phone'],
        () => ({ id_card: badIdCard(), phone: '12', email: 'x@', origin_region_code: '999999' })],
    ];
    for (const [what, fields, over] of cases) {
      test(`${what} → failed, field ${fields.join(', ')}`, async () => {
        const rows = [row(), row(over()), row()];
        const data = expectImport(await importRows(admin.token, rows), 2, 1);
        assert.deepEqual(errorFields(data, 3), fields, JSON.stringify(data.errors));
        assert.equal(data.errors.length, fields.length, 'one error per failing field');
        const got = await found(rows);
        assert.ok(got.has(rows[0].student_no) && got.has(rows[2].student_no), 'the good rows must land');
        if (rows[1].student_no) assert.equal(got.has(rows[1].student_no), false, 'the bad row landed');
      });
    }

    test('several bad rows: each is counted once, each reported with its own row number', async () => {
      const rows = [row({ phone: 'x', email: 'y' }), row(), row({ level: 'PhD' }), row({ id_card: badIdCard() }), row()];
      const data = expectImport(await importRows(admin.token, rows), 2, 3);
      assert.deepEqual(errorFields(data, 2), ['email', 'phone']);
      assert.deepEqual(errorFields(data, 4), ['level']);
      assert.deepEqual(errorFields(data, 5), ['id_card']);
      assert.deepEqual(errorFields(data, 3), []);
      assert.deepEqual(errorFields(data, 6), []);
    });
  });

  describe('duplicates', () => {
    test('a number repeated inside the file fails its later rows (field student_no); the first lands', async () => {
      const no = studentNo();
      const rows = [row({ student_no: no, name: '第一个' }), row(), row({ student_no: no, name: '第二个' }), row({ student_no: no, name: '第三个' })];
      const data = expectImport(await importRows(admin.token, rows), 2, 2);
      assert.deepEqual(errorFields(data, 4), ['student_no']);
      assert.deepEqual(errorFields(data, 5), ['student_no']);
      assert.deepEqual(errorFields(data, 2), []);
      const got = await lookupStudents(admin.token, [no]);
      assert.equal(got.get(no).name, '第一个');
    });

    test('a number already present for that graduation year fails (student_no) and changes nothing', async () => {
      const first = row({ name: '原来的名字' });
      expectImport(await importRows(admin.token, [first]), 1, 0);
      const again = { ...first, name: '新的名字' };
      const fresh = row();
      const data = expectImport(await importRows(admin.token, [again, fresh]), 1, 1);
      assert.deepEqual(data.errors.map((e) => [e.row, e.field]), [[2, 'student_no']]);
      const got = await found([first, fresh]);
      assert.equal(got.get(first.student_no).name, '原来的名字');
      assert.ok(got.has(fresh.student_no));
    });

    test('mode=insert (explicit) refuses an existing number too', async () => {
      const first = row();
      expectImport(await importRows(admin.token, [first]), 1, 0);
      const data = expectImport(await importRows(admin.token, [first], { query: { mode: 'insert' } }), 0, 1);
      assert.deepEqual(errorFields(data, 2), ['student_no']);
    });

    test('the same number for another graduation year is another record', async () => {
      const first = row();
      expectImport(await importRows(admin.token, [first]), 1, 0);
      const later = { ...first, graduation_year: 2027, enrolment_year: 2023 };
      expectImport(await importRows(admin.token, [later]), 1, 0);
      const { data } = expectList(await get('/students', { token: admin.token, query: { student_nos: first.student_no, status: 'all' } }));
      assert.deepEqual(data.map((s) => s.graduation_year).sort(), [2026, 2027]);
    });

    test('mode=upsert updates an existing record (a new name, another major) and adds new ones', async () => {
      const first = row({ name: '改名前' });
      expectImport(await importRows(admin.token, [first]), 1, 0);
      const before1 = (await found([first])).get(first.student_no);
      const changed = studentRow(other, { ...first, name: '改名后', level: other.level, college: other.college, major: other.name });
      const fresh = row();
      expectImport(await importRows(admin.token, [changed, fresh], { query: { mode: 'upsert' } }), 2, 0);
      const res = await get('/students', { token: admin.token, query: { student_nos: first.student_no, status: 'all' } });
      const list = expectList(res).data;
      assert.equal(list.length, 1, `upsert made a second record: ${show(res)}`);
      assert.equal(list[0].id, before1.id, 'upsert must keep the record');
      assert.equal(list[0].name, '改名后');
      assert.equal(Number(list[0].major_id), other.id);
      assert.ok((await found([fresh])).has(fresh.student_no));
    });

    test('mode=upsert still checks every row', async () => {
      const r = row({ phone: '1' });
      const data = expectImport(await importRows(admin.token, [r], { query: { mode: 'upsert' } }), 0, 1);
      assert.deepEqual(errorFields(data, 2), ['phone']);
      await noneLanded([r]);
    });
  });

  describe('atomic=1', () => {
    test('one bad row → 422 field file with the row errors, and nothing lands', async () => {
      const rows = [row(), row({ id_card: badIdCard() }), row()];
      const res = await importRows(admin.token, rows, { query: { atomic: 1 } });
      const err = expectError(res, 422, 'file');
      assert.ok(Array.isArray(err.errors), `no errors list: ${show(res)}`);
      assert.deepEqual(err.errors.map((e) => [e.row, e.field]), [[3, 'id_card']]);
      await noneLanded(rows);
    });

    test('an existing student number counts as a bad row', async () => {
      const first = row();
      expectImport(await importRows(admin.token, [first]), 1, 0);
      const fresh = row();
      const err = expectError(await importRows(admin.token, [fresh, first], { query: { atomic: 1 } }), 422, 'file');
      assert.deepEqual(err.errors.map((e) => [e.row, e.field]), [[3, 'student_no']]);
      await noneLanded([fresh]);
    });

    test('every row good → 200 and all land', async () => {
      const rows = [row(), row()];
      expectImport(await importRows(admin.token, rows, { query: { atomic: 1 } }), 2, 0);
      assert.equal((await found(rows)).size, 2);
    });

    // Rows are written 500 at a time as the file is read: a bad row after two full batches
    // still leaves nothing behind.
    test('a bad row after 1,000 good ones → 422, and none of the 1,000 lands', { timeout: 60_000 }, async () => {
      const rows = Array.from({ length: 1000 }, () => row());
      rows.push(row({ id_card: badIdCard() }));
      const err = expectError(await importRows(admin.token, rows, { query: { atomic: 1 } }), 422, 'file');
      assert.deepEqual(err.errors.map((e) => [e.row, e.field]), [[1002, 'id_card']]);
      assert.equal(await landed(rows), 0, 'rows of the refused file landed');
    });
  });

  describe('more rows than one write batch (500)', () => {
    test('a number repeated 700 rows later fails its later row; the rest land', { timeout: 60_000 }, async () => {
      const rows = Array.from({ length: 1200 }, () => row());
      rows[900] = { ...rows[200] };
      const data = expectImport(await importRows(admin.token, rows), 1199, 1);
      assert.deepEqual(data.errors.map((e) => [e.row, e.field]), [[902, 'student_no']]);
      assert.equal(await landed(rows.filter((_, i) => i !== 900)), 1199);
    });

    test('a file failing every row lists 5,000 problems and says the list is cut', { timeout: 60_000 }, async () => {
      const rows = Array.from({ length: 5200 }, () => row({ id_card: badIdCard() }));
      const data = expectImport(await importRows(admin.token, rows), 0, 5200);
      assert.equal(data.errors.length, 5000);
      assert.equal(data.errors_truncated, true);
      assert.deepEqual(data.errors.at(-1).row, 5001);
    });
  });

  describe('whole-file problems → 422 and nothing lands', () => {
    test('an empty body → 422 file', async () => {
      expectError(await importFile(admin.token, ''), 422, 'file');
    });

    test('a header with no rows → 422 file (with and without a final line break)', async () => {
      const head = toCsv([]);
      expectError(await importFile(admin.token, head), 422, 'file');
      expectError(await importFile(admin.token, head.trimEnd()), 422, 'file');
    });

    test('blank lines only after the header → 422 file', async () => {
      expectError(await importFile(admin.token, `${toCsv([])}\n\n`), 422, 'file');
    });

    test('a PNG → 422 file, whatever its Content-Type says', async () => {
      const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
      expectError(await importFile(admin.token, png, { type: 'image/png' }), 422, 'file');
      expectError(await importFile(admin.token, png, { type: 'text/csv' }), 422, 'file');
    });

    test('a PDF → 422 file', async () => {
      const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
      expectError(await importFile(admin.token, pdf, { type: 'application/pdf' }), 422, 'file');
      expectError(await importFile(admin.token, pdf, { type: 'text/csv' }), 422, 'file');
    });

    test('a zip that is not a workbook → 422 file', async () => {
      const junk = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(200, 7)]);
      expectError(await importFile(admin.token, junk, { type: XLSX_TYPE }), 422, 'file');
    });

    test('no 身份证号 column → 422 naming id_card', async () => {
      const rows = [row(), row()];
      const columns = DEFAULT_COLUMNS.filter((c) => c !== 'id_card');
      expectError(await importRows(admin.token, rows, { csv: { columns } }), 422, 'id_card');
      await noneLanded(rows);
    });

    for (const missing of REQUIRED.filter((c) => c !== 'id_card')) {
      test(`no ${missing} column → 422 naming ${missing}`, async () => {
        const rows = [row()];
        expectError(await importRows(admin.token, rows, { csv: { columns: DEFAULT_COLUMNS.filter((c) => c !== missing) } }), 422, missing);
        await noneLanded(rows);
      });
    }

    test('mode=foo → 422 mode; atomic=2 → 422 atomic', async () => {
      const rows = [row()];
      expectError(await importRows(admin.token, rows, { query: { mode: 'foo' } }), 422, 'mode');
      expectError(await importRows(admin.token, rows, { query: { atomic: 2 } }), 422, 'atomic');
      expectError(await importRows(admin.token, rows, { query: { atomic: 'yes' } }), 422, 'atomic');
      await noneLanded(rows);
    });
  });

  describe('size', () => {
    test('a body over 64 MiB → 413', async () => {
      const big = Buffer.alloc(64 * MiB + 1, 0x41);
      expectError(await importFile(admin.token, big), 413);
    });

    test('a file over the 1 MiB JSON limit is an ordinary upload', async () => {
      const rows = Array.from({ length: 40 }, () => row({ remark: 'x'.repeat(30_000) }));
      const text = toCsv(rows, { columns: [...DEFAULT_COLUMNS, 'remark'], header: [...DEFAULT_COLUMNS, 'remark'] });
      assert.ok(Buffer.byteLength(text) > MiB);
      expectImport(await importFile(admin.token, text), 40, 0);
    });
  });

  describe('who may import', () => {
    const refused = [
      ['a student', async () => (await cliAccount('student', { username: `2096${Date.now().toString().slice(-8)}` })).token],
      ['an employer', async () => (await employer()).token],
      ['a counselor without students.import', async () => (await staffWith(admin.token, 'counselor', ['students.view'])).token],
      ['an admin without students.import', async () => (await staffWith(admin.token, 'admin', ['students.view', 'students.edit'])).token],
    ];
    for (const [who, token] of refused) {
      test(`${who} → 403, and nothing lands`, async () => {
        const rows = [row()];
        expectError(await importRows(await token(), rows), 403);
        await noneLanded(rows);
      });
    }

    test('no token → 401', async () => {
      const rows = [row()];
      expectError(await importRows(undefined, rows), 401);
      await noneLanded(rows);
    });

    test('an admin holding students.import may', async () => {
      const a = await staffWith(admin.token, 'admin', ['students.import']);
      expectImport(await importRows(a.token, [row()]), 1, 0);
    });

    test('a counselor holding students.import may (office staff need only the item)', async () => {
      const c = await staffWith(admin.token, 'counselor', ['students.import']);
      expectImport(await importRows(c.token, [row()]), 1, 0);
    });

    test('an advisor needs no item: rows of their majors land, others fail with field major', async () => {
      const adv = await advisorFor(admin.token, [major.id]);
      const inside = row();
      const outside = studentRow(other);
      const data = expectImport(await importRows(adv.token, [outside, inside]), 1, 1);
      assert.deepEqual(errorFields(data, 2), ['major']);
      const got = await found([inside, outside]);
      assert.ok(got.has(inside.student_no));
      assert.equal(got.has(outside.student_no), false);
    });
  });
});

describe('POST /students/import: xlsx', () => {
  const header = ['学号', '姓名', '身份证号', '毕业年份', '入学年份', '学历', '学院', '专业名称'].map((s) => ({ s }));
  const cells = (no, name, id, { numericId = false } = {}) => [
    { n: no }, { s: name }, numericId ? { n: id } : { s: id }, { n: '2026' }, { n: '2022' },
    { s: major.level }, { s: college }, { s: major.name },
  ];

  test('shared strings, a numeric student number; an ID card stored as a number fails its row', async () => {
    const no1 = numericStudentNo();
    const no2 = numericStudentNo();
    const no3 = numericStudentNo();
    const id1 = idCard();
    const file = xlsxBytes([
      header,
      cells(no1, '表格甲', id1),
      cells(no2, '表格乙', '3.20102199001011E+17', { numericId: true }),
      [{ is: no3 }, { is: '表格丙' }, { is: idCard() }, { is: '2026' }, { is: '2022' }, { is: major.level }, { is: college }, { is: major.name }],
    ]);
    assert.equal(file.subarray(0, 4).toString('latin1'), 'PK\x03\x04');
    const data = expectImport(await importFile(admin.token, file, { type: XLSX_TYPE }), 2, 1);
    assert.deepEqual(data.errors.map((e) => [e.row, e.field]), [[3, 'id_card']]);
    const got = await lookupStudents(admin.token, [no1, no2, no3]);
    assert.deepEqual([...got.keys()].sort(), [no1, no3].sort(), 'the numeric student number must read as its digits');
    assert.equal(got.get(no1).name, '表格甲');
    assert.equal(got.get(no1).id_card, id1);
    assert.equal(got.get(no1).graduation_year, 2026);
  });

  test('the format is sniffed from the bytes: an xlsx sent as application/octet-stream imports', async () => {
    const no = numericStudentNo();
    const file = xlsxBytes([header, cells(no, '嗅探', idCard())]);
    expectImport(await importFile(admin.token, file, { type: 'application/octet-stream' }), 1, 0);
    assert.ok((await lookupStudents(admin.token, [no])).has(no));
  });

  test('an xlsx without the 身份证号 column → 422 id_card', async () => {
    const no = numericStudentNo();
    const file = xlsxBytes([
      header.filter((c) => c.s !== '身份证号'),
      cells(no, '缺列', idCard()).filter((_, i) => i !== 2),
    ]);
    expectError(await importFile(admin.token, file, { type: XLSX_TYPE }), 422, 'id_card');
    assert.equal((await lookupStudents(admin.token, [no])).size, 0);
  });

  test('an xlsx with a header row only → 422 file', async () => {
    expectError(await importFile(admin.token, xlsxBytes([header]), { type: XLSX_TYPE }), 422, 'file');
  });
});

describe('the accounts an import makes', () => {
  test('each student gets an account named by the student number that cannot sign in until activated', async () => {
    const r = row();
    const neighbour = row();
    expectImport(await importRows(admin.token, [r, neighbour]), 2, 0);
    const got = await found([r, neighbour]);

    // Pending: no password works yet.
    expectError(await post('/auth/login', { json: { username: r.student_no, password: password() } }), 401);

    const me = await cliAccount('student', { username: r.student_no });
    const own = expectData(await get(`/students/${got.get(r.student_no).id}`, { token: me.token }));
    assert.equal(own.student_no, r.student_no);
    assert.equal(own.name, r.name);
    expectError(await get(`/students/${got.get(neighbour.student_no).id}`, { token: me.token }), 404);
    expectError(await get('/students', { token: me.token }), 403);
  });

  test('an upsert keeps the account working', async () => {
    const r = row({ name: '账号前' });
    expectImport(await importRows(admin.token, [r]), 1, 0);
    const me = await cliAccount('student', { username: r.student_no });
    expectImport(await importRows(admin.token, [{ ...r, name: '账号后' }], { query: { mode: 'upsert' } }), 1, 0);
    const again = await login(me.username, me.password);
    const s = (await found([r])).get(r.student_no);
    assert.equal(expectData(await get(`/students/${s.id}`, { token: again.token })).name, '账号后');
  });
});

// The import writes a new batch's records from the batch's id range and keeps the students'
// tally itself (sql/024); the tally is what the live employment figures read.
describe('the records and counts an import keeps', () => {
  test('1,200 new students (two batches and single rows): one employment and dispatch record and an account each, all counted', { timeout: 60_000 }, async () => {
    const own = await createMajor(admin.token, { college, name: `计数专业${RUN}` });
    const rows = Array.from({ length: 1200 }, () => studentRow(own));
    expectImport(await importRows(admin.token, rows), 1200, 0);
    const [students, employment, dispatch, accounts, tally] = rootSql(
      `SELECT COUNT(*), COUNT(DISTINCT e.student_id), COUNT(DISTINCT d.student_id), COUNT(DISTINCT a.id), ` +
      `(SELECT SUM(n) FROM student_tally WHERE major_id = ${own.id}) FROM students s ` +
      'LEFT JOIN employment e ON e.student_id = s.id LEFT JOIN dispatch d ON d.student_id = s.id ' +
      `LEFT JOIN accounts a ON a.student_id = s.id AND a.role = 'student' AND a.username = s.student_no WHERE s.major_id = ${own.id}`,
    ).split('\t').map(Number);
    assert.deepEqual({ students, employment, dispatch, accounts, tally },
      { students: 1200, employment: 1200, dispatch: 1200, accounts: 1200, tally: 1200 });
    const figures = expectData(await get('/stats/employment', { token: admin.token, query: { year: 2026, group_by: 'major' } }));
    assert.equal(figures.find((f) => String(f.key) === String(own.id))?.total, 1200);
    expectTalliesMatch();
  });

  test('after an import, new students written by upserts on any worker are still counted one by one', async () => {
    expectImport(await importRows(admin.token, [row(), row()]), 2, 0);
    for (let i = 0; i < 8; i++) expectImport(await importRows(admin.token, [row()], { query: { mode: 'upsert' } }), 1, 0);
    expectTalliesMatch();
  });

  test('an upsert of existing and new students counts the new ones once and moves the one whose major changed', async () => {
    const [from, to] = [await createMajor(admin.token, { college, name: `计数甲${RUN}` }),
      await createMajor(admin.token, { college, name: `计数乙${RUN}` })];
    const first = [studentRow(from), studentRow(from), studentRow(from)];
    expectImport(await importRows(admin.token, first), 3, 0);
    const moved = { ...first[0], college: to.college, major: to.name, level: to.level };
    const upserted = [moved, first[1], first[2], studentRow(to), studentRow(from)];
    expectImport(await importRows(admin.token, upserted, { query: { mode: 'upsert' } }), 5, 0);
    const counted = (m) => Number(rootSql(`SELECT COALESCE(SUM(n), 0) FROM student_tally WHERE major_id = ${m.id}`));
    assert.deepEqual([counted(from), counted(to)], [3, 2]);
    expectTalliesMatch();
  });

  test('an import refused whole after a written batch (atomic) leaves the tally as it was', { timeout: 60_000 }, async () => {
    const before = rootSql('SELECT COALESCE(SUM(n), 0) FROM student_tally');
    const rows = [...Array.from({ length: 600 }, () => row()), row({ id_card: badIdCard() })];
    expectError(await importRows(admin.token, rows, { query: { atomic: 1 } }), 422, 'file');
    assert.equal(rootSql('SELECT COALESCE(SUM(n), 0) FROM student_tally'), before);
    expectTalliesMatch();
  });
});
