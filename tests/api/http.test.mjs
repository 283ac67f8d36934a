// tests/api/http.test.mjs: router and envelope behaviour shared by every route
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  allowed, cliAccount, expectError, expectJsonHeaders, expectList, get, majorBody,
  password, post, put, request, uniq,
} from './lib.mjs';

const MiB = 1024 * 1024;

let admin; // CLI admin: holds every item
let counselor;
before(async () => {
  admin = await cliAccount('admin');
  counselor = await cliAccount('counselor');
});

describe('unknown paths → 404', () => {
  test('an unknown path without a token → 404 not_found (not 401)', async () => {
    expectError(await get('/no-such-thing'), 404);
    expectError(await get('/admin/no-such-thing'), 404);
  });

  test('an unknown path with a valid token → 404 not_found', async () => {
    expectError(await get('/no/such/thing', { token: admin.token }), 404);
    expectError(await post('/majors/1/no-such-action', { token: admin.token, json: {} }), 404);
  });
});

describe('a known path with the wrong method → 405 with Allow', () => {
  const cases = [
    ['GET', '/auth/login', ['POST']],
    ['DELETE', '/auth/login', ['POST']],
    ['GET', '/auth/logout', ['POST']],
    ['POST', '/me', ['GET']],
    ['POST', '/me/password', ['PUT']],
    ['DELETE', '/majors', ['GET', 'POST']],
    ['PATCH', '/admin/accounts', ['GET', 'POST']],
    ['POST', '/admin/accounts/1/scope', ['PUT']],
    ['GET', '/admin/accounts/1/permissions', ['PUT']],
    ['GET', '/admin/accounts/1/status', ['PUT']],
    ['POST', '/admin/permission-items', ['GET']],
    ['DELETE', '/admin/audit', ['GET']],
  ];
  for (const [method, path, expected] of cases) {
    test(`${method} ${path} → 405, Allow has ${expected.join(', ')}`, async () => {
      const res = await request(method, path, { token: admin.token, ...(method === 'GET' ? {} : { json: {} }) });
      expectError(res, 405);
      const allow = allowed(res);
      for (const m of expected) assert.ok(allow.includes(m), `Allow: ${res.headers.get('allow')}`);
      assert.ok(!allow.includes(method), `Allow names the refused method: ${res.headers.get('allow')}`);
    });
  }

  test('405 comes before 401: DELETE /me without a token', async () => {
    const res = await request('DELETE', '/me');
    expectError(res, 405);
    assert.ok(allowed(res).includes('GET'));
  });
});

describe('request bodies', () => {
  const login = (body, headers) => post('/auth/login', { body, headers });

  test('malformed JSON → 400 bad_request', async () => {
    for (const body of ['{"username":', '{username: "a"}', "{'username':'a'}", '{"username":"a",}', 'not json']) {
      expectError(await login(body), 400);
    }
  });

  test('JSON followed by trailing garbage → 400', async () => {
    expectError(await login('{"username":"a","password":"b"} x'), 400);
  });

  test('invalid UTF-8 inside a JSON string → 400', async () => {
    const bytes = Buffer.concat([Buffer.from('{"username":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('","password":"x"}')]);
    expectError(await login(bytes), 400);
  });

  test('a JSON value that is not an object → 400', async () => {
    for (const body of ['[]', '["a","b"]', '"username"', '42', 'null', 'true']) {
      expectError(await login(body), 400);
    }
  });

  test('on a signed-in route too: malformed → 400, an array → 400', async () => {
    expectError(await post('/majors', { token: admin.token, body: '{"code":' }), 400);
    expectError(await post('/majors', { token: admin.token, body: JSON.stringify([majorBody()]) }), 400);
    expectError(await put('/me/password', { token: counselor.token, body: '[]' }), 400);
  });

  test('a body over 1 MiB → 413 payload_too_large', async () => {
    const body = JSON.stringify({ username: 'x'.repeat(MiB + 1024), password: password() });
    const res = await login(body);
    expectError(res, 413);
    expectJsonHeaders(res);
  });

  test('a body over 1 MiB on a signed-in route → 413', async () => {
    const body = JSON.stringify({ ...majorBody(), direction: '方'.repeat(400_000) });
    assert.ok(Buffer.byteLength(body) > MiB);
    expectError(await post('/majors', { token: admin.token, body }), 413);
  });

  test('a body just under 1 MiB is not refused as too large', async () => {
    const pad = 'x'.repeat(MiB - 4096);
    const res = await login(JSON.stringify({ username: uniq('nobody'), password: password(), pad }));
    assert.notEqual(res.status, 413, `refused a body under the limit: ${res.status}`);
    expectError(res, 401);
  });
});

describe('envelope and headers', () => {
  test('every kind of answer is JSON with Content-Type application/json; charset=utf-8 and an X-Request-Id', async () => {
    const samples = [
      await get('/health'), // 200
      await post('/majors', { token: admin.token, json: majorBody() }), // 201
      await post('/auth/login', { body: '{' }), // 400
      await get('/me'), // 401
      await get('/admin/accounts', { token: counselor.token }), // 403
      await get('/nothing-here'), // 404
      await request('DELETE', '/health'), // 405
      await post('/auth/login', { json: { password: 'x' } }), // 422
    ];
    assert.deepEqual(samples.map((r) => r.status), [200, 201, 400, 401, 403, 404, 405, 422]);
    for (const r of samples) expectJsonHeaders(r);
  });

  test('each response has its own X-Request-Id', async () => {
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await get('/health')).headers.get('x-request-id'));
    assert.equal(new Set(ids).size, 5, `repeated request ids: ${ids.join(', ')}`);
  });

  test('a route that needs a caller answers 401 unauthorized without a token', async () => {
    expectError(await get('/me'), 401);
    expectError(await get('/majors'), 401);
  });

  test('a signed-in caller without the right gets 403 forbidden', async () => {
    expectError(await post('/majors', { token: counselor.token, json: majorBody() }), 403);
  });
});

describe('pagination parameters', () => {
  const list = (query) => get('/majors', { token: admin.token, query });

  test('defaults: page 1, per_page 20', async () => {
    const { meta } = expectList(await list({}));
    assert.equal(meta.page, 1);
    assert.equal(meta.per_page, 20);
  });

  test('per_page 1 and 200 are accepted and echoed', async () => {
    for (const per of [1, 200]) {
      const { data, meta } = expectList(await list({ per_page: per }));
      assert.equal(meta.per_page, per);
      assert.ok(data.length <= per);
    }
  });

  for (const bad of ['0', '201', '-1', 'abc', '2.5']) {
    test(`per_page=${JSON.stringify(bad)} → 422 field per_page`, async () => {
      expectError(await get(`/majors?per_page=${encodeURIComponent(bad)}`, { token: admin.token }), 422, 'per_page');
    });
  }

  for (const bad of ['0', '-1', 'abc', '1.5']) {
    test(`page=${JSON.stringify(bad)} → 422 field page`, async () => {
      expectError(await get(`/majors?page=${encodeURIComponent(bad)}`, { token: admin.token }), 422, 'page');
    });
  }

  test('a page past the end answers 200 with no rows and the real total', async () => {
    const first = expectList(await list({ per_page: 1 }));
    const past = expectList(await list({ per_page: 1, page: first.meta.total + 5 }));
    assert.deepEqual(past.data, []);
    assert.equal(past.meta.total, first.meta.total);
    assert.equal(past.meta.page, first.meta.total + 5);
  });
});
