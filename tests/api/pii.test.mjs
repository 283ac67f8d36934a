// tests/api/pii.test.mjs: ID-card numbers and phones at rest (sql/013, docs/reliability.md):
// sealed in the table, in kept changes, in the audit log and in the resume an application sent;
// found by exact value through the blind index; resealed under a new key by `qiao pii rekey`;
// never written to the stack's logs, never repeated by an error message.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import {
  mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { before, describe, test } from 'node:test';
import {
  CLI, RUN, cliAccount, createMajor, envFileValue, expectData, expectError, expectList, get, post, put,
  rootSql as sql, uniq,
} from './lib.mjs';
import {
  badIdCard, errorFields, expectImport, idCardEndingX, importRows, importStudents, staffWith, studentRow,
} from './records.mjs';
import { registered } from './recruitment.mjs';

const SEALED = /^pii1:[0-9a-f]{8}:[A-Za-z0-9+/]+$/;

let admin; // CLI admin: every item, students.sensitive included
let major;
let rows;
let students;

before(async () => {
  admin = await cliAccount('admin');
  major = await createMajor(admin.token, { college: uniq('密封学院'), name: uniq('密封专业') });
  rows = [studentRow(major, { id_card: idCardEndingX() }), studentRow(major)];
  students = await importStudents(admin.token, rows);
});

// A student who applied to a job sharing their phone (and one whose application was stored
// before shared phones were sealed), with the employer that reads it.
const shared = {};

describe('a phone shared with an application', () => {
  before(async () => {
    const row = studentRow(major);
    const [s] = await importStudents(admin.token, [row]);
    const student = await cliAccount('student', { username: s.student_no });
    const company = await registered();
    expectData(await post(`/admin/employers/${company.employer.id}/review`, { token: admin.token, json: { decision: 'approve' } }));
    const job = expectData(await post('/jobs', {
      token: company.token, json: { title: `密封投递职位${RUN}`, description: '用于手机号密封测试的职位。', city: '南京' },
    }), 201);
    expectData(await post(`/admin/jobs/${job.id}/review`, { token: admin.token, json: { decision: 'approve' } }));
    const resume = expectData(await post('/resumes', { token: student.token, json: { title: '密封测试简历' } }), 201);
    const app = expectData(await post(`/jobs/${job.id}/applications`, {
      token: student.token, json: { resume_id: resume.id, share: ['phone', 'email'] },
    }), 201);
    Object.assign(shared, { row, student, company, job, app });
  });

  // What the employer's two routes and the student's list answer as the application's phone.
  async function phonesRead(appId) {
    const one = expectData(await get(`/applications/${appId}`, { token: shared.company.token })).resume.phone;
    const { data } = expectList(await get(`/jobs/${shared.job.id}/applications`, { token: shared.company.token, query: { per_page: 200 } }));
    const mine = expectList(await get('/applications', { token: shared.student.token })).data;
    return [one, data.find((a) => a.id === appId)?.resume.phone, mine.find((a) => a.id === appId)?.resume.phone];
  }

  test('applications.resume holds it sealed, never in plain text; the employer and the student read it opened', async () => {
    const stored = sql(`SELECT resume FROM applications WHERE id = ${shared.app.id}`);
    assert.ok(!stored.includes(shared.row.phone), `plain phone in applications.resume: ${stored}`);
    assert.match(JSON.parse(stored).phone, SEALED);
    assert.equal(JSON.parse(stored).email, shared.row.email, 'the e-mail address is kept as it was');
    assert.equal(shared.app.resume.phone, shared.row.phone, 'the answer to the application');
    assert.deepEqual(await phonesRead(shared.app.id), [shared.row.phone, shared.row.phone, shared.row.phone]);
  });

  test('an application stored with a plain phone (sent before phones were sealed) is sealed by `qiao migrate`', async () => {
    const old = sql(`SELECT updated_at FROM applications WHERE id = ${shared.app.id}`);
    sql(`UPDATE applications SET resume = JSON_SET(resume, '$.phone', '${shared.row.phone}'), updated_at = updated_at WHERE id = ${shared.app.id}`);
    assert.ok(sql(`SELECT resume FROM applications WHERE id = ${shared.app.id}`).includes(shared.row.phone));
    assert.deepEqual(await phonesRead(shared.app.id), [shared.row.phone, shared.row.phone, shared.row.phone], 'a plain phone is answered as it is');
    const r = spawnSync(CLI, ['--env', process.env.QIAO_ENV_FILE, 'migrate'], { encoding: 'utf8' });
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
    const stored = sql(`SELECT resume FROM applications WHERE id = ${shared.app.id}`);
    assert.ok(!stored.includes(shared.row.phone), `qiao migrate left a plain phone: ${stored}`);
    assert.match(JSON.parse(stored).phone, SEALED);
    assert.equal(sql(`SELECT updated_at FROM applications WHERE id = ${shared.app.id}`), old, 'resealing changed updated_at');
    assert.deepEqual(await phonesRead(shared.app.id), [shared.row.phone, shared.row.phone, shared.row.phone]);
  });
});

describe('ID cards and phones at rest', () => {
  test('the table holds them sealed, never in plain text; the API answers them opened', async () => {
    const [idCard, idIndex, phone, phoneIndex] = sql(`SELECT id_card, id_card_index, phone, phone_index FROM students WHERE id = ${students[0].id}`).split('\t');
    assert.match(idCard, SEALED);
    assert.match(phone, SEALED);
    assert.match(idIndex, /^[0-9a-f]{32}$/);
    assert.match(phoneIndex, /^[0-9a-f]{32}$/);
    const plainInTable = sql(`SELECT COUNT(*) FROM students WHERE id_card = '${rows[0].id_card}' OR phone = '${rows[0].phone}'`);
    assert.equal(plainInTable, '0');
    const s = expectData(await get(`/students/${students[0].id}`, { token: admin.token }));
    assert.equal(s.id_card, rows[0].id_card);
    assert.equal(s.phone, rows[0].phone);
    assert.equal(Object.hasOwn(s, 'id_card_index'), false);
  });

  test('a phone change is kept and audited sealed; the record answers the new number', async () => {
    const phone = `137${String(randomInt(0, 1e8)).padStart(8, '0')}`; // unique: the suite may run again on one stack
    expectData(await put(`/students/${students[1].id}`, { token: admin.token, json: { phone } }));
    const kept = sql(`SELECT CONCAT_WS(' ', proposed, previous) FROM record_changes WHERE student_id = ${students[1].id}`);
    assert.ok(!kept.includes(phone) && !kept.includes(rows[1].phone), `plain text in record_changes: ${kept}`);
    const audited = sql(`SELECT GROUP_CONCAT(detail) FROM audit_log WHERE target_type = 'student' AND target_id = ${students[1].id}`);
    assert.ok(!audited.includes(phone), `plain text in audit_log: ${audited}`);
    assert.equal(expectData(await get(`/students/${students[1].id}`, { token: admin.token })).phone, phone);
    const found = expectList(await get('/students', { token: admin.token, query: { phone, status: 'all' } }));
    assert.deepEqual(found.data.map((r) => Number(r.id)), [Number(students[1].id)]);
  });

  test('exact lookup by ID card or phone through the blind index; a lower-case x matches', async () => {
    const byId = expectList(await get('/students', { token: admin.token, query: { id_card: rows[0].id_card } }));
    assert.deepEqual(byId.data.map((r) => Number(r.id)), [Number(students[0].id)]);
    const lower = expectList(await get('/students', { token: admin.token, query: { id_card: rows[0].id_card.toLowerCase() } }));
    assert.equal(lower.data.length, 1);
    const byPhone = expectList(await get('/students', { token: admin.token, query: { phone: rows[0].phone } }));
    assert.deepEqual(byPhone.data.map((r) => Number(r.id)), [Number(students[0].id)]);
    const none = expectList(await get('/students', { token: admin.token, query: { phone: '13000000000' } }));
    assert.equal(none.data.length, 0);
  });

  test('looking up by ID card or phone needs students.sensitive (403 naming the field)', async () => {
    const plain = await staffWith(admin.token, 'admin', ['students.view']);
    expectError(await get('/students', { token: plain.token, query: { id_card: rows[0].id_card } }), 403, 'id_card');
    expectError(await get('/students', { token: plain.token, query: { phone: rows[0].phone } }), 403, 'phone');
  });

  test('`qiao pii rekey` reseals every row under a new key, and back', async () => {
    const oldKey = envFileValue('QIAO_DATA_KEY');
    const newKey = `rotated-${uniq('k')}-0123456789abcdef0123456789`;
    const dir = mkdtempSync(path.join(tmpdir(), 'qiao-rekey-'));
    const envWith = (current, old) => {
      const file = path.join(dir, `${current === newKey ? 'forward' : 'back'}.env`);
      const base = readFileSync(process.env.QIAO_ENV_FILE, 'utf8').split('\n').filter((l) => !/^QIAO_DATA_KEY(_OLD)?=/.test(l));
      writeFileSync(file, [...base, `QIAO_DATA_KEY=${current}`, `QIAO_DATA_KEY_OLD=${old}`, ''].join('\n'), { mode: 0o600 });
      return file;
    };
    const rekey = (file) => {
      const r = spawnSync(CLI, ['--env', file, 'pii', 'rekey'], { encoding: 'utf8' });
      assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
      return r.stdout;
    };
    const kid = () => sql(`SELECT SUBSTRING(id_card, 6, 8) FROM students WHERE id = ${students[0].id}`);
    const before = kid();
    try {
      assert.match(rekey(envWith(newKey, oldKey)), /resealed [1-9]\d* rows under key/);
      assert.notEqual(kid(), before);
      assert.equal(sql(`SELECT COUNT(*) FROM students WHERE id_card NOT LIKE 'pii1:${kid()}:%'`), '0');
      assert.equal(sql(`SELECT COUNT(*) FROM applications WHERE JSON_VALUE(resume, '$.phone') NOT LIKE 'pii1:${kid()}:%'`), '0');
      // The workers still hold the old key: what they cannot open they answer as null, never garbage.
      const s = expectData(await get(`/students/${students[0].id}`, { token: admin.token }));
      assert.equal(s.id_card, null);
    } finally {
      rekey(envWith(oldKey, newKey));
      rmSync(dir, { recursive: true, force: true });
    }
    assert.equal(kid(), before);
    const s = expectData(await get(`/students/${students[0].id}`, { token: admin.token }));
    assert.equal(s.id_card, rows[0].id_card);
    assert.equal(s.phone, rows[0].phone);
    const app = expectData(await get(`/applications/${shared.app.id}`, { token: shared.company.token }));
    assert.equal(app.resume.phone, shared.row.phone, 'the shared phone after a rotation there and back');
  });
});

describe('never in logs, never in error messages', () => {
  const logDir = () => path.join(envFileValue('QIAO_VAR_DIR'), 'log');
  // Every log of the stack (nginx's, the workers', the task worker's, MariaDB's, Redis's), as text.
  const logs = () => readdirSync(logDir()).filter((f) => f.endsWith('.log'))
    .map((f) => [f, readFileSync(path.join(logDir(), f), 'latin1')]);
  // nginx writes its line after the answer has left: wait for the request's id to show.
  async function logged(file, requestId) {
    for (let i = 0; i < 50; i++) {
      const text = readFileSync(path.join(logDir(), file), 'utf8');
      const line = text.split('\n').find((l) => l.includes(requestId));
      if (line) return line;
      await sleep(100);
    }
    assert.fail(`request ${requestId} is not in ${file}`);
  }

  test('lookups by ID card and phone leave neither number in any log; the access log names the path and the request id', async () => {
    const plain = await staffWith(admin.token, 'admin', ['students.view']);
    const asked = [
      await get('/students', { token: admin.token, query: { id_card: rows[0].id_card } }),
      await get('/students', { token: admin.token, query: { id_card: rows[0].id_card.toLowerCase(), status: 'all' } }),
      await get('/students', { token: admin.token, query: { phone: rows[0].phone } }),
      await get('/students', { token: plain.token, query: { phone: rows[0].phone } }),
    ];
    assert.deepEqual(asked.map((r) => r.status), [200, 200, 200, 403]);
    for (const res of asked) {
      const rid = res.headers.get('x-request-id');
      const line = await logged('nginx-access.log', rid);
      assert.match(line, new RegExp(`"GET /api/v1/students HTTP/1\\.1" ${res.status} \\d+ \\d+\\.\\d{3} `), line);
      assert.ok(!line.includes('?'), `a query string in the access log: ${line}`);
      if (['info', 'debug'].includes(envFileValue('QIAO_LOG_LEVEL'))) { // a line per request
        const worker = await logged('qiao-fcgi.log', rid);
        assert.match(worker, /"path":"\/api\/v1\/students"/);
      }
    }
    const numbers = [rows[0].id_card, rows[0].id_card.toLowerCase(), rows[0].phone, rows[1].phone, rows[1].id_card];
    for (const [file, text] of logs()) {
      for (const n of numbers) assert.ok(!text.includes(n), `${file} holds ${n}`);
    }
  });

  test('a PUT of a malformed phone or of an ID card with a wrong check character: 422 naming the field, the number not repeated', async () => {
    const wrongId = badIdCard();
    const cases = [['phone', '23800138000'], ['phone', '1380013800'], ['id_card', wrongId], ['id_card', `${wrongId.slice(0, 17)}`]];
    for (const [field, value] of cases) {
      const res = await put(`/students/${students[1].id}`, { token: admin.token, json: { [field]: value } });
      expectError(res, 422, field);
      assert.ok(!res.text.includes(value), `the answer repeats ${value}: ${res.text}`);
    }
    const me = await cliAccount('student', { username: students[0].student_no });
    const res = await put(`/students/${students[0].id}`, { token: me.token, json: { phone: '2380013800x' } });
    expectError(res, 422, 'phone');
    assert.ok(!res.text.includes('2380013800x'), res.text);
  });

  test('an import row with a wrong ID-card check character and a malformed phone: the problems name the row and the field, never the numbers', async () => {
    const bad = studentRow(major, { id_card: badIdCard(), phone: '23812345678' });
    const res = await importRows(admin.token, [studentRow(major), bad]);
    const data = expectImport(res, 1, 1);
    assert.deepEqual(errorFields(data, 3), ['id_card', 'phone']);
    const atomic = await importRows(admin.token, [studentRow(major), bad], { query: { atomic: 1 } });
    const err = expectError(atomic, 422, 'file');
    assert.deepEqual(err.errors.filter((e) => e.row === 3).map((e) => e.field).sort(), ['id_card', 'phone']);
    for (const text of [res.text, atomic.text]) {
      assert.ok(!text.includes(bad.id_card) && !text.includes(bad.phone), `the answer repeats a number: ${text}`);
    }
  });
});
