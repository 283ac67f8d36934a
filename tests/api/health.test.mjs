// tests/api/health.test.mjs: GET /api/v1/health
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allowed, expectData, expectError, expectJsonHeaders, get, post } from './lib.mjs';

test('GET /health answers 200 with the app, the database and Redis ok', async () => {
  const res = await get('/health');
  const data = expectData(res, 200);
  assert.equal(data.status, 'ok');
  assert.equal(data.db, 'ok');
  assert.equal(data.redis, 'ok');
});

test('GET /health is JSON with a request id', async () => {
  const res = await get('/health');
  expectJsonHeaders(res);
});

test('POST /health answers 405 with Allow naming GET', async () => {
  const res = await post('/health', { json: {} });
  expectError(res, 405);
  expectJsonHeaders(res);
  assert.ok(allowed(res).includes('GET'), `Allow: ${res.headers.get('allow')}`);
});
