// tests/api/rate-limits.test.mjs: exports and uploads are counted per account and per address
// within QIAO_RATE_WINDOW (backend/src/routes.c, within_rate_or_429): over either limit the
// answer is 429 with Retry-After and the JSON envelope, and nothing is exported or imported.
// The test stack raises the limits (the suites upload thousands of files from one address),
// so the counters are filled here through Redis to one short of the limit.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  RUN, cliAccount, createMajor, envFileValue, expectData, expectError, get, redisCommand,
} from './lib.mjs';
import { download, expectImport, importRows, studentRow } from './records.mjs';

let admin;
let other;
let major;
const setting = (key, fallback) => { try { return Number(envFileValue(key)); } catch { return fallback; } };
const limits = { exports: setting('QIAO_RATE_EXPORTS', 120), uploads: setting('QIAO_RATE_UPLOADS', 60) };
const window = setting('QIAO_RATE_WINDOW', 600);
const accountKey = (kind, acc) => `qiao:rate:${kind}:account:${acc.id}`;
const addressKey = (kind) => `qiao:rate:${kind}:address:127.0.0.1`;
// Sets a counter so that the next request is the last one allowed.
const fill = (key, n) => redisCommand('SET', key, n - 1, 'EX', window);

before(async () => {
  admin = await cliAccount('admin');
  other = await cliAccount('admin');
  major = await createMajor(admin.token, { college: `限流学院${RUN}`, name: `限流专业${RUN}` });
});
after(() => {
  for (const kind of ['exports', 'uploads']) redisCommand('DEL', addressKey(kind), accountKey(kind, admin));
});

function expect429(res, what) {
  expectError(res, 429);
  const wait = Number(res.headers.get('retry-after'));
  assert.ok(Number.isInteger(wait) && wait >= 1 && wait <= window, `Retry-After ${res.headers.get('retry-after')}`);
  assert.match(res.body.error.message, new RegExp(what));
  return wait;
}

describe('rate limits on exports and uploads', () => {
  test('exports: the last allowed one is a file, the next 429 with Retry-After; another account goes on', async () => {
    fill(accountKey('exports', admin), limits.exports);
    const last = await download('/students/export', { token: admin.token, query: { fields: 'student_no' } });
    assert.equal(last.status, 200);
    expect429(await download('/students/export', { token: admin.token, query: { fields: 'student_no' } }), 'this account');
    assert.equal((await download('/students/export', { token: other.token, query: { fields: 'student_no' } })).status, 200);
    redisCommand('DEL', accountKey('exports', admin));
  });

  test('uploads: over the account\'s limit the import is refused and nothing lands', async () => {
    fill(accountKey('uploads', admin), limits.uploads);
    expectImport(await importRows(admin.token, [studentRow(major)]), 1, 0);
    const refused = studentRow(major);
    expect429(await importRows(admin.token, [refused]), 'this account');
    const found = expectData(await get('/students', { token: admin.token, query: { student_nos: refused.student_no } }));
    assert.deepEqual(found, [], 'a refused import stored its row');
    redisCommand('DEL', accountKey('uploads', admin));
  });

  test('an address over four times the account limit is refused for every account on it', async () => {
    fill(addressKey('uploads'), 4 * limits.uploads);
    expectImport(await importRows(other.token, [studentRow(major)]), 1, 0);
    expect429(await importRows(admin.token, [studentRow(major)]), 'this address');
    redisCommand('DEL', addressKey('uploads'));
    expectImport(await importRows(admin.token, [studentRow(major)]), 1, 0);
  });

  test('a window starts with its first request and ends after QIAO_RATE_WINDOW seconds', async () => {
    redisCommand('DEL', accountKey('exports', admin));
    await download('/students/export', { token: admin.token, query: { fields: 'student_no' } });
    assert.equal(redisCommand('GET', accountKey('exports', admin)), '1');
    const ttl = Number(redisCommand('TTL', accountKey('exports', admin)));
    assert.ok(ttl > window - 30 && ttl <= window, `TTL ${ttl}`);
    await download('/students/export', { token: admin.token, query: { fields: 'student_no' } });
    assert.ok(Number(redisCommand('TTL', accountKey('exports', admin))) <= ttl, 'a second request restarted the window');
    redisCommand('DEL', accountKey('exports', admin));
  });
});
