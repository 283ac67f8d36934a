// tests/api/pii.test.mjs: ID-card numbers and phones at rest (sql/013, docs/reliability.md):
// sealed in the table, in kept changes and in the audit log; found by exact value through the
// blind index; resealed under a new key by `qiao pii rekey`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import {
  CLI, cliAccount, createMajor, envFileValue, expectData, expectError, expectList, get, put, rootSql as sql, uniq,
} from './lib.mjs';
import { idCardEndingX, importStudents, staffWith, studentRow } from './records.mjs';

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
  });
});
