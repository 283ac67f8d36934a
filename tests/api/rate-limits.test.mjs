// tests/api/rate-limits.test.mjs: exports and uploads are counted per account and per address
// within QIAO_RATE_WINDOW (backend/src/routes.c, within_rate_or_429): over either limit the
// answer is 429 with Retry-After and the JSON envelope, and nothing is exported or imported.
// The test stack raises the limits (the suites upload thousands of files from one address),
// so the counters are filled here through Redis to one short of the limit.
// Failed sign-ins are counted per account and address, per account and per address
// (backend/src/resources/auth.c); those tests sign in from other loopback addresses
// (127.x.y.z), so the address the rest of the suite uses is never locked.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import {
  API, RUN, TIMEOUT_MS, cliAccount, createMajor, envFileValue, expectData, expectError, get, post,
  redisCommand, uniq,
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

/* ---- sign-in ------------------------------------------------------------------------------ */

const login = {
  pair: setting('QIAO_LOGIN_MAX_FAILURES', 5),
  account: setting('QIAO_LOGIN_MAX_FAILURES_ACCOUNT', 20),
  address: setting('QIAO_LOGIN_MAX_FAILURES_ADDRESS', 100),
  window: setting('QIAO_LOGIN_WINDOW', 900),
};
const loginKeys = [];
const accountLoginKey = (acc) => `qiao:count:login:account:${acc.id}`;
const addressLoginKey = (address) => `qiao:count:login:address:${address}`;
// A loopback address of this run's own, not 127.0.0.1 (Linux answers all of 127/8 locally).
const someAddress = () => `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
// Sets a sign-in counter so that `left` more failures reach the limit.
function fillLogin(key, limit, left) {
  loginKeys.push(key);
  redisCommand('SET', key, Math.max(0, limit - left), 'EX', login.window);
}
after(() => { if (loginKeys.length) redisCommand('DEL', ...loginKeys); });

// POST /auth/login from a given local address; answers like lib.mjs's request().
function loginFrom(address, username, pw) {
  const url = `${API}/auth/login`;
  const body = JSON.stringify({ username, password: pw });
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: 'POST',
      localAddress: address,
      timeout: TIMEOUT_MS,
      headers: { accept: 'application/json', 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { text += c; });
      res.on('end', () => {
        let parsed = null;
        try { parsed = JSON.parse(text); } catch { parsed = null; }
        const headers = { get: (k) => res.headers[k.toLowerCase()] ?? null };
        resolve({ status: res.statusCode, body: parsed, text, headers, method: 'POST', url: `${url} from ${address}` });
      });
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

function expectLoginLocked(res, what) {
  expectError(res, 429);
  const wait = Number(res.headers.get('retry-after'));
  assert.ok(Number.isInteger(wait) && wait >= 1 && wait <= login.window, `Retry-After ${res.headers.get('retry-after')}`);
  assert.match(res.body.error.message, new RegExp(what));
}
const wrong = () => `Wrong!${randomInt(1e9)}x`;

describe('rate limits on sign-in failures', () => {
  test('one account tried from many addresses: over QIAO_LOGIN_MAX_FAILURES_ACCOUNT it is 429 from every address, even with the right password; other accounts sign in', async () => {
    const victim = await cliAccount('counselor');
    const other = await cliAccount('counselor');
    fillLogin(accountLoginKey(victim), login.account, 2);
    const [a, b, c] = [someAddress(), someAddress(), someAddress()];
    loginKeys.push(...[a, b, c].map(addressLoginKey));
    expectError(await loginFrom(a, victim.username, wrong()), 401);
    expectError(await loginFrom(b, victim.username, wrong()), 401);
    assert.equal(redisCommand('GET', accountLoginKey(victim)), String(login.account), 'failures from two addresses were not counted for the account');
    expectLoginLocked(await loginFrom(c, victim.username, victim.password), 'this account');
    expectLoginLocked(await post('/auth/login', { json: { username: victim.username, password: victim.password } }), 'this account');
    expectData(await loginFrom(c, other.username, other.password));
  });

  test('the account counts as one whatever the case of the username typed', async () => {
    const victim = await cliAccount('counselor', { username: uniq('case') });
    const a = someAddress();
    loginKeys.push(addressLoginKey(a), accountLoginKey(victim));
    for (let i = 0; i < login.pair; i++) {
      const typed = i % 2 ? victim.username.toUpperCase() : `${victim.username[0].toUpperCase()}${victim.username.slice(1)}`;
      expectError(await loginFrom(a, typed, wrong()), 401);
    }
    expectLoginLocked(await loginFrom(a, victim.username, victim.password), 'failed sign-ins');
    expectData(await loginFrom(someAddress(), victim.username, victim.password));
  });

  test('one address trying many accounts: over QIAO_LOGIN_MAX_FAILURES_ADDRESS it is 429 for every account from it; those accounts sign in from elsewhere', async () => {
    const fresh = await cliAccount('counselor');
    const d = someAddress();
    fillLogin(addressLoginKey(d), login.address, 2);
    const ttl = Number(redisCommand('TTL', addressLoginKey(d)));
    expectError(await loginFrom(d, uniq('nobody'), wrong()), 401);
    expectError(await loginFrom(d, uniq('nobody'), wrong()), 401);
    assert.equal(redisCommand('GET', addressLoginKey(d)), String(login.address), 'failures for two usernames were not counted for the address');
    assert.ok(Number(redisCommand('TTL', addressLoginKey(d))) <= ttl, 'a failure restarted the address\'s window');
    expectLoginLocked(await loginFrom(d, fresh.username, fresh.password), 'this address');
    const e = someAddress();
    loginKeys.push(addressLoginKey(e));
    expectData(await loginFrom(e, fresh.username, fresh.password));
    expectData(await post('/auth/login', { json: { username: fresh.username, password: fresh.password } }));
  });
});
