// tests/api/idempotency.test.mjs: the Idempotency-Key header of writes (sql/029,
// backend/src/http/idempotency.c). A write sent again with the same key — the client lost the
// first answer — gets the first answer back and writes nothing more; a key is per account, for one
// request only, and a request still running with it holds it.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  cliAccount, createMajor, expectData, expectError, get, majorBody, post, put, rootSql, uniq,
} from './lib.mjs';
import { employmentBody, importStudents, putEmployment, studentRow } from './records.mjs';

let admin;
let major;

before(async () => {
  admin = await cliAccount('admin');
  major = await createMajor(admin.token);
});

const keyed = (key) => ({ 'Idempotency-Key': key });
const newKey = () => uniq('idem').replace(/[^A-Za-z0-9_.:-]/g, '-');
const historyOf = (id) => Number(rootSql(`SELECT COUNT(*) FROM employment_history WHERE student_id = ${id}`));
const majorsNamed = (name) => Number(rootSql(`SELECT COUNT(*) FROM majors WHERE name = '${name}'`));

describe('Idempotency-Key', () => {
  test('a creation sent twice with one key: the first answer again (Idempotent-Replayed), one record', async () => {
    const key = newKey();
    const body = majorBody();
    const first = await post('/majors', { token: admin.token, json: body, headers: keyed(key) });
    const made = expectData(first, 201);
    assert.equal(first.headers.get('idempotent-replayed'), null);
    const again = await post('/majors', { token: admin.token, json: body, headers: keyed(key) });
    assert.equal(again.status, 201);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(again.body, first.body);
    assert.equal(made.name, body.name);
    assert.equal(majorsNamed(body.name), 1);
  });

  test('an employment record sent twice with one key is one history entry; without a key, two', async () => {
    const [s] = await importStudents(admin.token, [studentRow(major)]);
    const before = historyOf(s.id);
    const key = newKey();
    const send = () => put(`/students/${s.id}/employment`, { token: admin.token, json: employmentBody('10'), headers: keyed(key) });
    const first = expectData(await send());
    const again = await send();
    assert.equal(again.status, 200);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(again.body.data, first);
    assert.equal(historyOf(s.id), before + 1);
    expectData(await putEmployment(admin.token, s.id, employmentBody('10')));
    expectData(await putEmployment(admin.token, s.id, employmentBody('10')));
    assert.equal(historyOf(s.id), before + 3, 'without a key each write is its own');
  });

  test('the key was recorded in the write\'s own transaction', async () => {
    const [s] = await importStudents(admin.token, [studentRow(major)]);
    const key = newKey();
    expectData(await put(`/students/${s.id}/employment`, { token: admin.token, json: employmentBody('11'), headers: keyed(key) }));
    const [method, path, status] = rootSql(`SELECT method, path, status FROM request_keys WHERE idem_key = '${key}'`).split('\t');
    assert.deepEqual([method, path, status], ['PUT', `/api/v1/students/${s.id}/employment`, '200']);
  });

  test('a refused request stores nothing: the same key with a corrected body runs', async () => {
    const key = newKey();
    const body = majorBody();
    expectError(await post('/majors', { token: admin.token, json: { ...body, level: '学士' }, headers: keyed(key) }), 422, 'level');
    const ok = await post('/majors', { token: admin.token, json: body, headers: keyed(key) });
    expectData(ok, 201);
    assert.equal(ok.headers.get('idempotent-replayed'), null);
    assert.equal(majorsNamed(body.name), 1);
  });

  test('a key used for another request (another body, another route) → 422 naming Idempotency-Key, and nothing written', async () => {
    const key = newKey();
    expectData(await post('/majors', { token: admin.token, json: majorBody(), headers: keyed(key) }), 201);
    const other = majorBody();
    expectError(await post('/majors', { token: admin.token, json: other, headers: keyed(key) }), 422, 'Idempotency-Key');
    const [s] = await importStudents(admin.token, [studentRow(major)]);
    expectError(await put(`/students/${s.id}/employment`, { token: admin.token, json: employmentBody('10'), headers: keyed(key) }), 422, 'Idempotency-Key');
    assert.equal(historyOf(s.id), 0);
    assert.equal(majorsNamed(other.name), 0);
  });

  test('keys are per account: another account\'s same key is a request of its own', async () => {
    const other = await cliAccount('admin');
    const key = newKey();
    const a = majorBody();
    const b = majorBody();
    expectData(await post('/majors', { token: admin.token, json: a, headers: keyed(key) }), 201);
    const theirs = await post('/majors', { token: other.token, json: b, headers: keyed(key) });
    expectData(theirs, 201);
    assert.equal(theirs.headers.get('idempotent-replayed'), null);
    assert.deepEqual([majorsNamed(a.name), majorsNamed(b.name)], [1, 1]);
  });

  test('a malformed key → 422 naming Idempotency-Key; a read ignores the header', async () => {
    for (const bad of ['x'.repeat(65), 'has space', 'semi;colon']) {
      expectError(await post('/majors', { token: admin.token, json: majorBody(), headers: keyed(bad) }), 422, 'Idempotency-Key');
    }
    expectData(await get('/majors', { token: admin.token, headers: keyed('has space') }));
  });

  test('the same key twice at once: one write; the other waits its turn (409) or gets the first answer', async () => {
    const key = newKey();
    const body = majorBody();
    const answers = await Promise.all(Array.from({ length: 4 }, () => post('/majors', { token: admin.token, json: body, headers: keyed(key) })));
    const made = answers.filter((r) => r.status === 201 && r.headers.get('idempotent-replayed') === null);
    assert.equal(made.length, 1, JSON.stringify(answers.map((r) => r.status)));
    for (const r of answers) {
      if (r.status === 409) expectError(r, 409, 'Idempotency-Key');
      else assert.deepEqual(r.body, made[0].body);
    }
    assert.equal(majorsNamed(body.name), 1);
  });

  test('a write committed whose answer was lost (a killed worker): its retry is told so (409), not run again', async () => {
    const [s] = await importStudents(admin.token, [studentRow(major)]);
    const key = newKey();
    const send = () => put(`/students/${s.id}/employment`, { token: admin.token, json: employmentBody('10'), headers: keyed(key) });
    expectData(await send());
    rootSql(`UPDATE request_keys SET status = NULL, answer = NULL WHERE idem_key = '${key}'`); // as if the worker died after COMMIT
    expectError(await send(), 409, 'Idempotency-Key');
    assert.equal(historyOf(s.id), 1);
  });
});
