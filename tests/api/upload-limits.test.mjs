// tests/api/upload-limits.test.mjs: what an oversized upload does to POST /students/import — a
// 200 MB body answers 413 in the API's envelope at once and the stack keeps serving; a workbook of
// 1,048,576 rows (Excel's maximum; small once deflated) and a CSV over QIAO_IMPORT_MAX_ROWS answer
// 422 naming the file and import nothing; a sheet unpacking to more than 512 MiB likewise.
// Limits: QIAO_MAX_UPLOAD (64 MiB; nginx client_max_body_size and the backend), QIAO_MAX_BODY
// (1 MiB for JSON routes), QIAO_IMPORT_MAX_ROWS (200,000), backend/src/core/config.c.
import assert from 'node:assert/strict';
import http from 'node:http';
import { before, describe, test } from 'node:test';
import {
  API, RUN, cliAccount, createMajor, envFileValue, expectData, expectError, expectJsonHeaders, get, put,
} from './lib.mjs';
import {
  XLSX_TYPE, countStudents, deflateMember, expectImport, idCard, importRows, importStudents, lookupStudents,
  postFile, studentRow, xlsxMembers, xmlEscape, zipBytes,
} from './records.mjs';

const MiB = 1024 * 1024;
const setting = (key, fallback) => {
  try {
    const v = Number(envFileValue(key));
    return Number.isFinite(v) && v > 0 ? v : fallback;
  } catch {
    return fallback;
  }
};
const MAX_UPLOAD = setting('QIAO_MAX_UPLOAD', 64 * MiB);
const MAX_ROWS = setting('QIAO_IMPORT_MAX_ROWS', 200_000);
const EXCEL_ROWS = 1_048_576;

let admin;
let major;

before(async () => {
  admin = await cliAccount('admin');
  major = await createMajor(admin.token, { college: `上传学院${RUN}`, name: `上传专业${RUN}` });
});

/**
 * POSTs `total` bytes of CSV-looking text to `urlPath`, generated as it is sent (never held in
 * memory), with a Content-Length unless `chunked`. Stops sending as soon as an answer arrives.
 * Resolves {status, headers, text, body, sent, ms}; rejects if the connection fails before an answer.
 */
function streamUpload(urlPath, token, total, { chunked = false, timeoutMs = 30_000 } = {}) {
  const line = Buffer.from(`S${RUN},学生,320102200001011234,2026,2022,本科生,上传学院,上传专业\n`);
  const chunk = Buffer.alloc(MiB);
  for (let i = 0; i < chunk.length; i += line.length) line.copy(chunk, i);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'text/csv', accept: 'application/json', authorization: `Bearer ${token}` };
    if (!chunked) headers['content-length'] = String(total);
    const req = http.request(new URL(API + urlPath), { method: 'POST', headers });
    let sent = 0;
    let answered = false;
    const timer = setTimeout(() => {
      answered = true;
      req.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms after ${sent} bytes`));
    }, timeoutMs);
    req.on('response', (res) => {
      answered = true;
      const parts = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', () => {
        clearTimeout(timer);
        const text = Buffer.concat(parts).toString('utf8');
        let body = null;
        try { body = JSON.parse(text); } catch { body = null; }
        req.destroy();
        resolve({ status: res.statusCode, headers: new Headers(res.headers), text, body, sent, ms: Date.now() - started, method: 'POST', url: API + urlPath });
      });
    });
    req.on('error', (e) => {
      if (answered) return; // writing after the answer: the server stopped reading, as it should
      clearTimeout(timer);
      reject(new Error(`the connection failed before an answer after ${sent} bytes: ${e.code || e.message}`));
    });
    const pump = () => {
      while (!answered && sent < total) {
        const n = Math.min(chunk.length, total - sent);
        const ok = req.write(n === chunk.length ? chunk : chunk.subarray(0, n));
        sent += n;
        if (!ok) { req.once('drain', pump); return; }
      }
      if (!answered) req.end();
    };
    pump();
  });
}

async function stackServes() {
  expectData(await get('/health'));
  const row = studentRow(major);
  expectImport(await importRows(admin.token, [row]), 1, 0);
  assert.ok((await lookupStudents(admin.token, [row.student_no])).has(row.student_no));
}

describe('a body over QIAO_MAX_UPLOAD', () => {
  test('200 MB with a Content-Length → 413 in the JSON envelope at once; the stack keeps serving', { timeout: 60_000 }, async () => {
    const total = 200 * 1000 * 1000;
    assert.ok(total > MAX_UPLOAD, `the test body must exceed ${MAX_UPLOAD}`);
    const before0 = await countStudents(admin.token);
    const res = await streamUpload('/students/import', admin.token, total);
    expectError(res, 413);
    expectJsonHeaders(res);
    assert.ok(res.ms < 15_000, `the 413 took ${res.ms} ms`);
    assert.equal(await countStudents(admin.token), before0);
    await stackServes();
  });

  test('200 MB chunked (no Content-Length) → 413 in the JSON envelope once the limit is passed', { timeout: 60_000 }, async () => {
    const total = 200 * 1000 * 1000;
    const before0 = await countStudents(admin.token);
    const res = await streamUpload('/students/import', admin.token, total, { chunked: true });
    expectError(res, 413);
    expectJsonHeaders(res);
    assert.ok(res.sent < total, `all ${total} bytes were taken before the 413`);
    assert.ok(res.ms < 20_000, `the 413 took ${res.ms} ms`);
    assert.equal(await countStudents(admin.token), before0);
    await stackServes();
  });

  test('three oversized uploads at once: each answers 413, the stack keeps serving', { timeout: 60_000 }, async () => {
    const results = await Promise.all([0, 1, 2].map(() => streamUpload('/students/import', admin.token, 100 * 1000 * 1000)));
    for (const r of results) expectError(r, 413);
    await stackServes();
  });

  test('a JSON body over QIAO_MAX_BODY (1 MiB) on PUT /students/{id} → 413, the record unchanged', async () => {
    const [s] = await importStudents(admin.token, [studentRow(major)]);
    const big = JSON.stringify({ name: '大'.repeat(400_000) }); // 1.2 MB of UTF-8
    expectError(await put(`/students/${s.id}`, { token: admin.token, body: big }), 413);
    assert.equal(expectData(await get(`/students/${s.id}`, { token: admin.token })).name, s.name);
  });
});

/* ---------- too many rows ---------- */

const HEADER = ['学号', '姓名', '身份证号', '毕业年份', '入学年份', '学历', '学院', '专业名称'];
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

// Three valid student rows (cells as inline strings), so a reader that imports before counting shows.
function validRows() {
  return [0, 1, 2].map(() => {
    const r = studentRow(major, { id_card: idCard() });
    return { r, cells: [r.student_no, r.name, r.id_card, '2026', '2022', r.level, r.college, r.major] };
  });
}
const col = (i) => String.fromCharCode(65 + i);

// The worksheet XML of `rows` rows: the header, the valid rows, then rows with a name only.
function* sheetChunks(rows, valid) {
  const head = HEADER.map((_, i) => `<c r="${col(i)}1" t="s"><v>${i}</v></c>`).join('');
  let xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="${MAIN}"><sheetData><row r="1">${head}</row>`;
  valid.forEach((v, k) => {
    const n = k + 2;
    xml += `<row r="${n}">${v.cells.map((c, i) => `<c r="${col(i)}${n}" t="inlineStr"><is><t>${xmlEscape(c)}</t></is></c>`).join('')}</row>`;
  });
  yield Buffer.from(xml);
  const batch = 65_536;
  for (let start = valid.length + 2; start <= rows; start += batch) {
    const parts = [];
    for (let n = start; n < Math.min(start + batch, rows + 1); n++) parts.push(`<row r="${n}"><c r="B${n}" t="s"><v>8</v></c></row>`);
    yield Buffer.from(parts.join(''));
  }
  yield Buffer.from('</sheetData></worksheet>');
}

async function hugeSheet(rows, valid) {
  const members = xlsxMembers(Buffer.alloc(0), [...HEADER, '填充行']);
  const sheet = await deflateMember('xl/worksheets/sheet1.xml', sheetChunks(rows, valid));
  return zipBytes(members.map((m) => (m.name === 'xl/worksheets/sheet1.xml' ? sheet : m)));
}

describe('more rows than QIAO_IMPORT_MAX_ROWS', () => {
  test(`an xlsx of ${EXCEL_ROWS} rows → 422 file, nothing imported`, { timeout: 90_000 }, async () => {
    const valid = validRows();
    const t0 = Date.now();
    const file = await hugeSheet(EXCEL_ROWS, valid);
    assert.ok(file.length < MAX_UPLOAD, `the workbook (${file.length} bytes) must fit the upload limit`);
    const built = Date.now() - t0;
    const before0 = await countStudents(admin.token);
    const started = Date.now();
    const res = await postFile('/students/import', { token: admin.token, body: file, type: XLSX_TYPE, timeoutMs: 60_000 });
    const took = Date.now() - started;
    expectError(res, 422, 'file');
    assert.match(res.body.error.message, /row|行/i, `the message should say the file has too many rows: ${res.text}`);
    assert.ok(took < 30_000, `the refusal took ${took} ms (building the file ${built} ms)`);
    assert.equal(await countStudents(admin.token), before0, 'students were imported');
    assert.equal((await lookupStudents(admin.token, valid.map((v) => v.r.student_no))).size, 0);
    await stackServes();
  });

  test('the same with atomic=0 and mode=upsert: still refused whole', { timeout: 90_000 }, async () => {
    const valid = validRows();
    const file = await hugeSheet(MAX_ROWS + 10, valid);
    const before0 = await countStudents(admin.token);
    const res = await postFile('/students/import', { token: admin.token, body: file, type: XLSX_TYPE, query: { mode: 'upsert', atomic: 0 }, timeoutMs: 60_000 });
    expectError(res, 422, 'file');
    assert.equal(await countStudents(admin.token), before0);
  });

  test(`a CSV of ${MAX_ROWS + 1} student rows → 422 file, nothing imported`, { timeout: 90_000 }, async () => {
    const valid = validRows();
    const lines = [HEADER.join(','), ...valid.map((v) => v.cells.join(','))];
    for (let i = valid.length; i < MAX_ROWS + 1; i++) lines.push(`,填充行${i}`);
    const text = `${lines.join('\n')}\n`;
    assert.ok(Buffer.byteLength(text) < MAX_UPLOAD);
    const before0 = await countStudents(admin.token);
    const res = await postFile('/students/import', { token: admin.token, body: text, timeoutMs: 60_000 });
    expectError(res, 422, 'file');
    assert.equal(await countStudents(admin.token), before0);
    assert.equal((await lookupStudents(admin.token, valid.map((v) => v.r.student_no))).size, 0);
  });

  test('an xlsx whose sheet unpacks to more than 512 MiB → 422 file, nothing imported', { timeout: 90_000 }, async () => {
    const valid = validRows();
    const members = xlsxMembers(Buffer.alloc(0), [...HEADER, '填充行']);
    const blank = Buffer.alloc(4 * MiB, 0x20); // whitespace between rows: well-formed, compresses ~1000:1
    async function* chunks() {
      const it = sheetChunks(valid.length + 1, valid);
      const first = it.next().value; // header and valid rows
      yield first;
      for (let i = 0; i < 150; i++) yield blank; // 600 MiB
      for (const rest of it) yield rest;
    }
    const sheet = await deflateMember('xl/worksheets/sheet1.xml', chunks());
    assert.ok(sheet.size > 512 * MiB);
    const file = zipBytes(members.map((m) => (m.name === 'xl/worksheets/sheet1.xml' ? sheet : m)));
    assert.ok(file.length < 8 * MiB, `the bomb is ${file.length} bytes`);
    const before0 = await countStudents(admin.token);
    const res = await postFile('/students/import', { token: admin.token, body: file, type: XLSX_TYPE, timeoutMs: 60_000 });
    expectError(res, 422, 'file');
    assert.equal(await countStudents(admin.token), before0);
    assert.equal((await lookupStudents(admin.token, valid.map((v) => v.r.student_no))).size, 0);
    await stackServes();
  });

  test('control: a small workbook built the same way imports (so the refusals above are about size)', async () => {
    const valid = validRows();
    const file = await hugeSheet(valid.length + 1, valid);
    const res = await postFile('/students/import', { token: admin.token, body: file, type: XLSX_TYPE });
    expectImport(res, 3, 0);
    assert.equal((await lookupStudents(admin.token, valid.map((v) => v.r.student_no))).size, 3);
  });
});
