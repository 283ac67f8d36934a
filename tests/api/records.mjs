// tests/api/records.mjs: helpers of the student-records tests (import, list, employment,
// statistics, export): fresh valid ID-card numbers and credit codes, unique student numbers,
// CSV and xlsx files built in the test, raw downloads. No npm dependencies; xlsx files are
// written and read by python3 with its standard library only.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  API, RUN, TIMEOUT_MS, apiAccount, expectData, expectList, get, post, put, rootSql, show,
} from './lib.mjs';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/* ---------- dates (China time, as the backend counts them) ---------- */

const cst = (ms) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
export const today = () => cst(Date.now());
export const daysFromToday = (n) => cst(Date.now() + n * 86_400_000);
export const thisYear = () => Number(today().slice(0, 4));

/* ---------- identity numbers ---------- */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

// The GB 11643 check character of the first 17 digits.
export function idCheck(body17) {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ID_WEIGHTS[i] * Number(body17[i]);
  return ID_CHECK[sum % 11];
}

/**
 * A fresh, valid 18-character ID-card number: region (default 320102), a birth date in
 * 1998–2005, a random sequence whose last digit is odd for a man and even for a woman.
 */
export function idCard({ region = '320102', gender } = {}) {
  const birth = `${randomInt(1998, 2006)}${String(randomInt(1, 13)).padStart(2, '0')}${String(randomInt(1, 29)).padStart(2, '0')}`;
  let seq = randomInt(0, 1000);
  if (gender === '男' && seq % 2 === 0) seq = (seq + 1) % 1000;
  if (gender === '女' && seq % 2 === 1) seq -= 1;
  const body = `${region}${birth}${String(seq).padStart(3, '0')}`;
  return body + idCheck(body);
}

// An ID-card number with a wrong check character.
export function badIdCard() {
  const good = idCard();
  const wrong = ID_CHECK[(ID_CHECK.indexOf(good[17]) + 1) % 11];
  return good.slice(0, 17) + wrong;
}

// An ID-card number whose check character is X (upper case), for the lower-case x test.
export function idCardEndingX() {
  for (;;) {
    const id = idCard();
    if (id.endsWith('X')) return id;
  }
}

const USCC = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

// The check character of a unified social credit code's first 17 characters.
export function creditCheck(body17) {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC.indexOf(body17[i]) * USCC_WEIGHTS[i];
  return USCC[(31 - (sum % 31)) % 31];
}

// A fresh valid unified social credit code (91 + region 320102 + 9 random characters).
export function creditCode() {
  let body = '91320102';
  for (let i = 0; i < 9; i++) body += USCC[randomInt(0, 31)];
  return body + creditCheck(body);
}

/* ---------- student numbers ---------- */

let seq = 0;

// A student number unique to this run: letters and digits only (it also becomes a username).
export function studentNo(prefix = 'S') {
  seq += 1;
  return `${prefix}${RUN}${seq.toString(36)}${randomBytes(1).toString('hex')}`.toUpperCase();
}

// A purely numeric student number unique to this run (12 digits, exact in a spreadsheet).
export function numericStudentNo() {
  seq += 1;
  return `${String(Date.now()).slice(-8)}${String(seq % 10000).padStart(4, '0')}`;
}

/* ---------- rows and CSV ---------- */

// The file columns by API field name, with the registrar's Chinese header.
export const ZH = {
  student_no: '学号', name: '姓名', id_card: '身份证号', gender: '性别', graduation_year: '毕业年份',
  enrolment_year: '入学年份', level: '学历', college: '学院', major: '专业名称', direction: '专业方向',
  phone: '手机号', email: '邮箱', origin_region_code: '生源地代码',
};
export const REQUIRED = ['student_no', 'name', 'id_card', 'graduation_year', 'enrolment_year', 'level', 'college', 'major'];
export const DEFAULT_COLUMNS = [...REQUIRED, 'phone', 'email', 'origin_region_code'];

/**
 * One student row for `major` (a major as POST /majors answers it), keyed by API field name.
 * Graduation year 2026 unless overridden; phone, e-mail and origin given.
 */
export function studentRow(major, over = {}) {
  const no = over.student_no ?? studentNo();
  return {
    student_no: no,
    name: `学生${no.slice(-6)}`,
    id_card: idCard(),
    graduation_year: 2026,
    enrolment_year: 2022,
    level: major.level,
    college: major.college,
    major: major.name,
    phone: `139${String(randomInt(0, 1e8)).padStart(8, '0')}`,
    email: `${no.toLowerCase()}@stu.example.cn`,
    origin_region_code: '320102',
    ...over,
  };
}

// One CSV cell, quoted when it holds a comma, a quote or a line break.
export function csvCell(v) {
  const s = v === undefined || v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * A CSV text: header line then one line per row. columns: API field names (default
 * DEFAULT_COLUMNS); header: 'zh' (default) or 'en', or an array of header cells; eol: line end.
 */
export function toCsv(rows, { columns = DEFAULT_COLUMNS, header = 'zh', eol = '\n', bom = false } = {}) {
  const head = Array.isArray(header) ? header : columns.map((c) => (header === 'en' ? c : ZH[c]));
  const lines = [head.map(csvCell).join(',')];
  for (const r of rows) lines.push(columns.map((c) => csvCell(r[c])).join(','));
  return (bom ? '\uFEFF' : '') + lines.join(eol) + eol;
}

/* ---------- import ---------- */

// POST /students/import with a raw body (string or Buffer) of the given content type.
export function importFile(token, body, { type = 'text/csv', query } = {}) {
  const headers = type === null ? {} : { 'content-type': type };
  return post('/students/import', { token, body, headers, query });
}

// POST /students/import of rows as a CSV (toCsv options in `csv`).
export function importRows(token, rows, { query, csv } = {}) {
  return importFile(token, toCsv(rows, csv), { query });
}

// Asserts an import answer; returns its data.
export function expectImport(res, imported, failed) {
  const data = expectData(res, 200);
  assert.equal(data.imported, imported, `imported: ${show(res)}`);
  assert.equal(data.failed, failed, `failed: ${show(res)}`);
  assert.ok(Array.isArray(data.errors), `errors is not an array: ${show(res)}`);
  if (failed === 0) assert.deepEqual(data.errors, [], `errors without a failed row: ${show(res)}`);
  else if (!data.errors_truncated) assert.ok(data.errors.length >= failed, `fewer errors than failed rows: ${show(res)}`);
  for (const e of data.errors) {
    assert.ok(Number.isInteger(e.row) && e.row >= 2, `error row: ${JSON.stringify(e)}`);
    assert.equal(typeof e.field, 'string', `error field: ${JSON.stringify(e)}`);
    assert.ok(typeof e.reason === 'string' && /[\u4e00-\u9fff]/.test(e.reason),
      `reason is not Chinese text: ${JSON.stringify(e)}`);
  }
  return data;
}

// The errors of one spreadsheet row, as a sorted list of field names.
export const errorFields = (data, row) => data.errors.filter((e) => e.row === row).map((e) => e.field).sort();

// GET /students?student_nos=… (every status) as `token`; returns a Map student_no -> row.
export async function lookupStudents(token, nos, query = {}) {
  const { data } = expectList(await get('/students', {
    token, query: { student_nos: nos.join(','), status: 'all', per_page: 200, ...query },
  }));
  return new Map(data.map((s) => [s.student_no, s]));
}

/**
 * Imports `rows` (see studentRow) as `token`, asserts every one landed, and returns the list rows
 * of the new students in the order given (looked up as `lookupToken`, default `token`).
 */
export async function importStudents(token, rows, lookupToken = token) {
  expectImport(await importRows(token, rows), rows.length, 0);
  const found = await lookupStudents(lookupToken, rows.map((r) => r.student_no));
  return rows.map((r) => {
    const s = found.get(r.student_no);
    assert.ok(s, `imported student ${r.student_no} is not listed`);
    return s;
  });
}

/* ---------- accounts ---------- */

// An advisor made through the API (as `token`) for `majorIds`, signed in: {id, token, …}.
export function advisorFor(token, majorIds, permissions = []) {
  return apiAccount(token, { role: 'advisor', major_ids: majorIds, permissions }, { login: true });
}

// Staff of `role` made through the API with exactly `permissions`, signed in.
export function staffWith(token, role, permissions) {
  return apiAccount(token, { role, permissions, major_ids: [] }, { login: true });
}

// PUT /admin/accounts/{id}/scope as `token` and assert 200.
export async function setScope(token, accountId, majorIds) {
  expectData(await put(`/admin/accounts/${accountId}/scope`, { token, json: { major_ids: majorIds } }));
}

/* ---------- employment ---------- */

// PUT /students/{id}/employment.
export const putEmployment = (token, id, body) => put(`/students/${id}/employment`, { token, json: body });

// A body valid for `code`: an employer for the codes that need one, a school for 80 and 85.
export function employmentBody(code, over = {}) {
  const body = { destination_code: code };
  if (['10', '11', '12', '27', '50', '51'].includes(code)) {
    Object.assign(body, {
      employer_name: `测试单位${RUN}`, credit_code: '91350100M000100Y43', industry_code: 'I',
      region_code: '320102', unit_nature_code: '39', job_title: '软件工程师', salary: 8000,
    });
  }
  if (code === '80' || code === '85') body.school = '南京大学';
  return { ...body, ...over };
}

/* ---------- raw downloads and xlsx ---------- */

/**
 * GET as raw bytes (the JSON wrapper would drop a byte-order mark).
 * Returns {status, buf, text (UTF-8, BOM kept), headers, body (parsed JSON or null)}.
 */
export async function download(urlPath, { token, query } = {}) {
  let url = API + urlPath;
  if (query) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null) qs.append(k, String(v));
    if (qs.toString()) url += `?${qs}`;
  }
  const headers = token ? { authorization: `Bearer ${token}` } : {};
  const res = await fetch(url, { headers, redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) });
  const buf = Buffer.from(await res.arrayBuffer());
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(buf);
  let body = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: res.status, buf, text, headers: res.headers, body, method: 'GET', url };
}

// Parses CSV text (RFC 4180) into rows of cells; a final line break ends the last row.
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell); rows.push(row); row = []; cell = ''; i++;
    } else if (ch === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; } else cell += ch;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

// Writes an xlsx: argv[1] is the output path, stdin a JSON array of rows; a cell is null (no
// cell), {"s": text} (shared string), {"n": "digits"} (a number as written) or {"is": text}
// (inline string).
const XLSX_WRITER = String.raw`
import json, sys, zipfile
from xml.sax.saxutils import escape
rows = json.load(sys.stdin)
def col(i):
    s = ''
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s
shared, index = [], {}
lines = []
for r, row in enumerate(rows, start=1):
    cells = []
    for c, cell in enumerate(row):
        if cell is None:
            continue
        ref = col(c) + str(r)
        if 's' in cell:
            if cell['s'] not in index:
                index[cell['s']] = len(shared)
                shared.append(cell['s'])
            cells.append('<c r="%s" t="s"><v>%d</v></c>' % (ref, index[cell['s']]))
        elif 'n' in cell:
            cells.append('<c r="%s"><v>%s</v></c>' % (ref, cell['n']))
        else:
            cells.append('<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, escape(cell['is'])))
    lines.append('<row r="%d">%s</row>' % (r, ''.join(cells)))
main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
pkg = 'http://schemas.openxmlformats.org/package/2006/relationships'
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('[Content_Types].xml',
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        '</Types>')
    z.writestr('_rels/.rels',
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="%s">'
        '<Relationship Id="rId1" Type="%s/officeDocument" Target="xl/workbook.xml"/></Relationships>' % (pkg, rel))
    z.writestr('xl/workbook.xml',
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="%s" xmlns:r="%s">'
        '<sheets><sheet name="学生" sheetId="1" r:id="rId1"/></sheets></workbook>' % (main, rel))
    z.writestr('xl/_rels/workbook.xml.rels',
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="%s">'
        '<Relationship Id="rId1" Type="%s/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="%s/sharedStrings" Target="sharedStrings.xml"/></Relationships>' % (pkg, rel, rel))
    z.writestr('xl/worksheets/sheet1.xml',
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="%s"><sheetData>%s</sheetData></worksheet>'
        % (main, ''.join(lines)))
    z.writestr('xl/sharedStrings.xml',
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="%s" count="%d" uniqueCount="%d">%s</sst>'
        % (main, len(shared), len(shared), ''.join('<si><t xml:space="preserve">%s</t></si>' % escape(s) for s in shared)))
`;

// Reads the first worksheet of the xlsx at argv[1]; prints {"entries": [...], "rows": [[text…]…]}.
const XLSX_READER = String.raw`
import json, re, sys, zipfile
import xml.etree.ElementTree as ET
ns = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}
z = zipfile.ZipFile(sys.argv[1])
names = z.namelist()
shared = []
if 'xl/sharedStrings.xml' in names:
    for si in ET.fromstring(z.read('xl/sharedStrings.xml')).findall('m:si', ns):
        shared.append(''.join(t.text or '' for t in si.iter('{%s}t' % ns['m'])))
sheet = sorted(n for n in names if n.startswith('xl/worksheets/sheet'))[0]
rows = []
for row in ET.fromstring(z.read(sheet)).iter('{%s}row' % ns['m']):
    out = []
    for c in row.findall('m:c', ns):
        letters = re.match('[A-Z]+', c.get('r')).group(0)
        idx = 0
        for ch in letters:
            idx = idx * 26 + ord(ch) - 64
        while len(out) < idx - 1:
            out.append('')
        t = c.get('t')
        v = c.find('m:v', ns)
        if t == 's':
            out.append(shared[int(v.text)])
        elif t == 'inlineStr':
            out.append(''.join(x.text or '' for x in c.iter('{%s}t' % ns['m'])))
        else:
            out.append(v.text if v is not None and v.text is not None else '')
    rows.append(out)
print(json.dumps({'entries': names, 'rows': rows}, ensure_ascii=False))
`;

function python(script, args, input) {
  try {
    return execFileSync('python3', ['-c', script, ...args], { input, timeout: 30_000, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (e) {
    throw new Error(`python3 failed (${e.status ?? e.code}): ${(e.stderr || e.message || '').toString().trim()}`);
  }
}

// A tiny xlsx workbook (Buffer) of `rows` (see XLSX_WRITER for the cell forms), built in a temp dir.
export function xlsxBytes(rows) {
  const dir = mkdtempSync(path.join(tmpdir(), 'qiao-xlsx-'));
  try {
    const file = path.join(dir, 'students.xlsx');
    python(XLSX_WRITER, [file], JSON.stringify(rows));
    return readFileSync(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Reads an xlsx (Buffer): {entries: zip member names, rows: the first sheet's cell texts}.
export function readXlsx(buf) {
  const dir = mkdtempSync(path.join(tmpdir(), 'qiao-xlsx-'));
  try {
    const file = path.join(dir, 'export.xlsx');
    writeFileSync(file, buf);
    return JSON.parse(python(XLSX_READER, [file]).toString('utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/* ---------- record changes, transfers, uploads and zip files (docs/records-changes.md) ---------- */
// (Import declarations are hoisted; these serve only the helpers below.)
import { createDeflateRaw, deflateRawSync, inflateRawSync, crc32 } from 'node:zlib';

// GET /students/{id} as `token` (the raw response).
export const getStudent = (token, id) => get(`/students/${id}`, { token });
// PUT /students/{id} (profile) and PUT /students/{id}/dispatch.
export const putProfile = (token, id, body) => put(`/students/${id}`, { token, json: body });
export const putDispatch = (token, id, body) => put(`/students/${id}/dispatch`, { token, json: body });

// PUT /students/{id}/status as `token` and assert 200; returns the record.
export async function setStatus(token, id, status, reason = '测试用学籍异动') {
  return expectData(await put(`/students/${id}/status`, { token, json: { status, reason } }));
}

// GET /students/changes and POST /students/changes/review.
export const listChanges = (token, query) => get('/students/changes', { token, query });
export const reviewChanges = (token, json) => post('/students/changes/review', { token, json });

// POST /students/{id}/transfers, GET /transfers, POST /transfers/{id}/decision.
export const requestTransfer = (token, id, body) => post(`/students/${id}/transfers`, { token, json: body });
export const listTransfers = (token, query) => get('/transfers', { token, query });
export const decideTransfer = (token, id, body) => post(`/transfers/${id}/decision`, { token, json: body });

/**
 * Asserts a 422 that names no field (`field` null or absent), as the contract answers for a
 * body that changes nothing or a transfer that moves nothing. Returns the error object.
 */
export function expectValidationWithoutField(res) {
  assert.equal(res.status, 422, `expected HTTP 422: ${show(res)}`);
  const err = res.body?.error;
  assert.ok(err && typeof err === 'object', `no "error" object: ${show(res)}`);
  assert.equal(err.code, 'validation', `error.code: ${show(res)}`);
  assert.ok(typeof err.message === 'string' && err.message.length > 0, `error.message: ${show(res)}`);
  assert.ok(err.field === null || err.field === undefined, `error.field should be null: ${show(res)}`);
  return err;
}

/**
 * POST a raw body (a file) and read the answer as bytes, like download() does for GET.
 * Returns {status, buf, text, headers, body (parsed JSON or null), method, url}.
 */
export async function postFile(urlPath, { token, body, type = 'text/csv', query, timeoutMs = TIMEOUT_MS } = {}) {
  let url = API + urlPath;
  if (query) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null) qs.append(k, String(v));
    if (qs.toString()) url += `?${qs}`;
  }
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (type) headers['content-type'] = type;
  const res = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  const buf = Buffer.from(await res.arrayBuffer());
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(buf);
  let parsed = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  return { status: res.status, buf, text, headers: res.headers, body: parsed, method: 'POST', url };
}

// GET /students?status=all as `token`: how many records the caller can see.
export async function countStudents(token, query = {}) {
  const { meta } = expectList(await get('/students', { token, query: { status: 'all', per_page: 1, ...query } }));
  return meta.total;
}

/**
 * The members of a zip (Buffer) as a Map name -> Buffer, read through the central directory
 * (so members written with a data descriptor are read right); stored and deflated members.
 */
export function unzip(buf) {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  assert.ok(eocd >= 0, 'not a zip: no end-of-central-directory record');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map();
  for (let n = 0; n < count; n++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50, `bad central directory entry at ${p}`);
    const method = buf.readUInt16LE(p + 10);
    const csize = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    assert.equal(buf.readUInt32LE(local), 0x04034b50, `bad local header of ${name}`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + csize);
    assert.ok(method === 0 || method === 8, `${name}: compression method ${method}`);
    out.set(name, method === 0 ? Buffer.from(raw) : inflateRawSync(raw));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/**
 * A zip (Buffer) of `entries` ([{name, data: Buffer | Buffer[]}]), each member deflated at
 * `level` (1 by default: the big test sheets compress well and quickly). An entry may instead
 * come deflated already as {name, packed, crc, size} (see deflateMember).
 */
export function zipBytes(entries, { level = 1 } = {}) {
  const locals = [];
  const central = [];
  let offset = 0;
  for (const entry of entries) {
    const { name } = entry;
    let { packed, crc, size } = entry;
    if (!packed) {
      const parts = Array.isArray(entry.data) ? entry.data : [entry.data];
      crc = 0;
      size = 0;
      for (const part of parts) { crc = crc32(part, crc); size += part.length; }
      packed = deflateRawSync(parts.length === 1 ? parts[0] : Buffer.concat(parts), { level });
    }
    const fname = Buffer.from(name, 'utf8');
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(0x0800, 6); // UTF-8 names
    head.writeUInt16LE(8, 8);
    head.writeUInt32LE(crc >>> 0, 14);
    head.writeUInt32LE(packed.length, 18);
    head.writeUInt32LE(size, 22);
    head.writeUInt16LE(fname.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(crc >>> 0, 16);
    dir.writeUInt32LE(packed.length, 20);
    dir.writeUInt32LE(size, 24);
    dir.writeUInt16LE(fname.length, 28);
    dir.writeUInt32LE(offset, 42);
    locals.push(head, fname, packed);
    central.push(dir, fname);
    offset += 30 + fname.length + packed.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

// The members of a minimal xlsx around one worksheet XML (Buffer or Buffer[]) and shared strings.
export function xlsxMembers(sheetXml, sharedStrings = []) {
  const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const pkg = 'http://schemas.openxmlformats.org/package/2006/relationships';
  const x = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
  const b = (s) => Buffer.from(s, 'utf8');
  return [
    { name: '[Content_Types].xml', data: b(`${x}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`
      + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      + '<Default Extension="xml" ContentType="application/xml"/>'
      + '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
      + '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
      + '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
      + '</Types>') },
    { name: '_rels/.rels', data: b(`${x}<Relationships xmlns="${pkg}"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`) },
    { name: 'xl/workbook.xml', data: b(`${x}<workbook xmlns="${main}" xmlns:r="${rel}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`) },
    { name: 'xl/_rels/workbook.xml.rels', data: b(`${x}<Relationships xmlns="${pkg}">`
      + `<Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/>`
      + `<Relationship Id="rId2" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`) },
    { name: 'xl/worksheets/sheet1.xml', data: sheetXml },
    { name: 'xl/sharedStrings.xml', data: b(`${x}<sst xmlns="${main}" count="${sharedStrings.length}" uniqueCount="${sharedStrings.length}">`
      + `${sharedStrings.map((s) => `<si><t xml:space="preserve">${xmlEscape(s)}</t></si>`).join('')}</sst>`) },
  ];
}

export const xmlEscape = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const xmlUnescape = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'")
  .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
  .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d))).replace(/&amp;/g, '&');

/**
 * Reads an xlsx (Buffer) with node only: {members (Map name -> Buffer), sheetNames (in
 * workbook order), sheet(name) -> rows of cell texts, sheetXml(name) -> the worksheet XML,
 * styles (xl/styles.xml text or '')}.
 */
export function readWorkbook(buf) {
  assert.equal(buf.subarray(0, 4).toString('latin1'), 'PK\x03\x04', 'an xlsx starts with the zip magic PK\\3\\4');
  const members = unzip(buf);
  const text = (n) => (members.has(n) ? members.get(n).toString('utf8') : '');
  const shared = [...text('xl/sharedStrings.xml').matchAll(/<si>([\s\S]*?)<\/si>/g)]
    .map((m) => [...m[1].matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((t) => xmlUnescape(t[1])).join(''));
  const rels = new Map([...text('xl/_rels/workbook.xml.rels').matchAll(/<Relationship\b[^>]*>/g)].map((m) => {
    const id = m[0].match(/\bId="([^"]+)"/)[1];
    const target = m[0].match(/\bTarget="([^"]+)"/)[1];
    return [id, target.startsWith('/') ? target.slice(1) : `xl/${target}`];
  }));
  const sheets = [...text('xl/workbook.xml').matchAll(/<sheet\b[^>]*>/g)].map((m) => ({
    name: xmlUnescape(m[0].match(/\bname="([^"]*)"/)[1]),
    path: rels.get(m[0].match(/\br:id="([^"]+)"/)[1]),
  }));
  const sheetXml = (name) => {
    const s = sheets.find((x) => x.name === name);
    assert.ok(s, `no sheet "${name}" in ${JSON.stringify(sheets.map((x) => x.name))}`);
    return text(s.path);
  };
  const sheet = (name) => {
    const rows = [];
    for (const r of sheetXml(name).matchAll(/<row\b[^>]*?(?:\/>|>([\s\S]*?)<\/row>)/g)) {
      const out = [];
      for (const c of (r[1] || '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
        const attrs = c[1];
        const ref = attrs.match(/\br="([A-Z]+)\d+"/);
        if (ref) {
          let idx = 0;
          for (const ch of ref[1]) idx = idx * 26 + ch.charCodeAt(0) - 64;
          while (out.length < idx - 1) out.push('');
        }
        const type = attrs.match(/\bt="([^"]+)"/)?.[1];
        const body = c[2] || '';
        const v = body.match(/<v>([\s\S]*?)<\/v>/)?.[1];
        if (type === 's') out.push(shared[Number(v)] ?? '');
        else if (type === 'inlineStr') out.push([...body.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((t) => xmlUnescape(t[1])).join(''));
        else out.push(v === undefined ? '' : xmlUnescape(v));
      }
      rows.push(out);
    }
    return rows;
  };
  return { members, sheetNames: sheets.map((s) => s.name), sheet, sheetXml, styles: text('xl/styles.xml') };
}

/**
 * Deflates a member too big to hold comfortably: `chunks` is an iterable (or async iterable)
 * of Buffers. Returns {name, packed, crc, size} for zipBytes.
 */
export async function deflateMember(name, chunks, { level = 1 } = {}) {
  const z = createDeflateRaw({ level });
  const out = [];
  z.on('data', (d) => out.push(d));
  const ended = new Promise((resolve, reject) => { z.on('end', resolve); z.on('error', reject); });
  let crc = 0;
  let size = 0;
  for await (const chunk of chunks) {
    crc = crc32(chunk, crc);
    size += chunk.length;
    if (!z.write(chunk)) await new Promise((resolve) => z.once('drain', resolve));
  }
  z.end();
  await ended;
  return { name, packed: Buffer.concat(out), crc, size };
}

// The tallies the triggers keep (sql/011 student_tally, sql/025 destination_tally, sql/027
// application_tally) against the same counts made from the students, their records and the
// applications now: the rows that differ, none when the statistics, the destinations dashboard
// and the applicants' totals are right whatever was written before.
const TALLY_DIFFERENCES = `
SELECT COUNT(*) FROM (
  SELECT k, SUM(n) AS n FROM (
    SELECT CONCAT_WS('|', graduation_year, major_id, status, destination_code) AS k, n FROM student_tally
    UNION ALL SELECT CONCAT_WS('|', graduation_year, major_id, status, IFNULL(destination_code, '')), -COUNT(*)
      FROM students GROUP BY 1
    UNION ALL SELECT CONCAT_WS('|', graduation_year, dimension, major_id, status, destination_code, value), n
      FROM destination_tally
    UNION ALL SELECT CONCAT_WS('|', s.graduation_year, x.dimension, s.major_id, s.status, e.destination_code,
      CASE x.dimension WHEN 'unit_nature' THEN IFNULL(e.unit_nature_code, '')
        WHEN 'industry' THEN IFNULL(e.industry_code, '')
        WHEN 'province' THEN IFNULL(CONCAT(LEFT(e.region_code, 2), '0000'), '')
        ELSE IFNULL(e.school, '') END), -COUNT(*)
      FROM students s JOIN employment e ON e.student_id = s.id
      JOIN (SELECT 'unit_nature' AS dimension UNION ALL SELECT 'industry' UNION ALL SELECT 'province'
            UNION ALL SELECT 'school') x
      WHERE e.destination_code IS NOT NULL GROUP BY 1
    UNION ALL SELECT CONCAT_WS('|', 'job', job_id, state), n FROM application_tally
    UNION ALL SELECT CONCAT_WS('|', 'job', job_id, state), -COUNT(*) FROM applications GROUP BY 1) u
  GROUP BY k HAVING n <> 0) differing`;

export function expectTalliesMatch() {
  assert.equal(rootSql(TALLY_DIFFERENCES), '0', 'a tally differs from the records it counts');
}
