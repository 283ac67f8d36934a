// tests/api/auth.test.mjs: POST /auth/login, POST /auth/logout, GET /me, PUT /me/password
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  ISO_OFFSET, JWT_TTL_SECONDS, PERMISSION_ITEMS, RUN, b64urlJson, cliAccount, cliCreateAccount,
  decodeJwt, expectData, expectError, get, hmacSign, jwtSecret, login, password, post, put,
  sameId, show, signJwt, uniq,
} from './lib.mjs';

const now = () => Math.floor(Date.now() / 1000);

describe('POST /auth/login', () => {
  let acct;
  before(async () => {
    acct = { username: uniq('lgn'), password: password(), name: `登录测试 ${RUN}` };
    cliCreateAccount({ role: 'counselor', ...acct });
  });

  test('signs in and answers token, expires_at and user {id, role, name}', async () => {
    const res = await post('/auth/login', { json: { username: acct.username, password: acct.password } });
    const data = expectData(res, 200);
    assert.equal(typeof data.token, 'string');
    assert.equal(data.token.split('.').length, 3, 'token is not a compact JWT');
    assert.match(data.expires_at, ISO_OFFSET);
    assert.ok(Number.isInteger(data.user.id) && data.user.id > 0, `user.id: ${show(res)}`);
    assert.equal(data.user.role, 'counselor');
    assert.equal(data.user.name, acct.name);
    assert.equal(data.user.password, undefined, 'the user object leaks a password');
    assert.equal(data.user.password_hash, undefined, 'the user object leaks a password hash');
  });

  test('the token is HS256 with sub, role, exp, jti, iat; exp - iat is 8 h; expires_at matches exp', async () => {
    const { token, user, expires_at } = await login(acct.username, acct.password);
    const { header, payload } = decodeJwt(token);
    assert.equal(header.alg, 'HS256');
    assert.ok(sameId(payload.sub, user.id), `sub ${payload.sub} is not user ${user.id}`);
    assert.ok(typeof payload.sub === 'string' || typeof payload.sub === 'number');
    assert.equal(payload.role, 'counselor');
    assert.ok(Number.isInteger(payload.exp), 'exp is not an integer');
    assert.ok(Number.isInteger(payload.iat), 'iat is not an integer');
    assert.ok(Math.abs(payload.iat - now()) <= 120, `iat ${payload.iat} is far from now ${now()}`);
    assert.equal(payload.exp - payload.iat, JWT_TTL_SECONDS);
    assert.equal(typeof payload.jti, 'string');
    assert.ok(payload.jti.length >= 8, 'jti is too short to be unique');
    assert.ok(Math.abs(Date.parse(expires_at) / 1000 - payload.exp) <= 1,
      `expires_at ${expires_at} does not match exp ${payload.exp}`);
  });

  test('the token is signed with QIAO_JWT_SECRET', async () => {
    const { token } = await login(acct.username, acct.password);
    const { signingInput, signature } = decodeJwt(token);
    assert.equal(hmacSign('HS256', jwtSecret(), signingInput), signature);
  });

  test('each sign-in gets its own jti and both tokens work', async () => {
    const a = await login(acct.username, acct.password);
    const b = await login(acct.username, acct.password);
    assert.notEqual(decodeJwt(a.token).payload.jti, decodeJwt(b.token).payload.jti);
    expectData(await get('/me', { token: a.token }));
    expectData(await get('/me', { token: b.token }));
  });

  test('a wrong password and an unknown user both answer 401 with the same message', async () => {
    const bad = await post('/auth/login', { json: { username: acct.username, password: password() } });
    const e1 = expectError(bad, 401);
    const unknown = await post('/auth/login', { json: { username: uniq('nobody'), password: password() } });
    const e2 = expectError(unknown, 401);
    assert.equal(e1.message, e2.message, 'the message tells an unknown user from a wrong password');
    assert.equal(bad.body.data, undefined);
  });

  test('a missing username answers 422 field username', async () => {
    expectError(await post('/auth/login', { json: { password: acct.password } }), 422, 'username');
  });

  test('a missing password answers 422 field password', async () => {
    expectError(await post('/auth/login', { json: { username: acct.username } }), 422, 'password');
  });

  test('five failures lock the username: the sixth try answers 429 with Retry-After, even with the right password', async () => {
    const victim = { username: uniq('rl'), password: password(), name: `限流 ${RUN}` };
    cliCreateAccount({ role: 'counselor', ...victim });
    const other = { username: uniq('rlo'), password: password(), name: `限流旁观 ${RUN}` };
    cliCreateAccount({ role: 'counselor', ...other });

    for (let i = 1; i <= 5; i++) {
      const res = await post('/auth/login', { json: { username: victim.username, password: `Wrong!${i}x${RUN}` } });
      expectError(res, 401);
    }
    const sixth = await post('/auth/login', { json: { username: victim.username, password: victim.password } });
    expectError(sixth, 429);
    const retry = sixth.headers.get('retry-after');
    assert.ok(retry && /^\d+$/.test(retry.trim()), `Retry-After is ${JSON.stringify(retry)}`);
    assert.ok(Number(retry) > 0 && Number(retry) <= 15 * 60, `Retry-After ${retry} is not in 1..900`);

    const seventh = await post('/auth/login', { json: { username: victim.username, password: victim.password } });
    expectError(seventh, 429);

    // Another username from the same address is not locked.
    await login(other.username, other.password);
  });
});

describe('POST /auth/logout', () => {
  let acct;
  before(async () => {
    acct = await cliAccount('advisor');
  });

  test('answers {} and revokes that token at once; another token of the same user still works', async () => {
    const t1 = (await login(acct.username, acct.password)).token;
    const t2 = (await login(acct.username, acct.password)).token;
    expectData(await get('/me', { token: t1 }));
    const res = await post('/auth/logout', { token: t1 });
    assert.deepEqual(expectData(res, 200), {});
    expectError(await get('/me', { token: t1 }), 401);
    expectData(await get('/me', { token: t2 }));
    expectError(await post('/auth/logout', { token: t1 }), 401);
  });

  test('without a token answers 401', async () => {
    expectError(await post('/auth/logout'), 401);
  });
});

describe('GET /me', () => {
  test('answers id, username, role, name, permissions and major_ids', async () => {
    const acct = await cliAccount('counselor', { name: `咨询师 张𠀋 ${RUN}` });
    const me = expectData(await get('/me', { token: acct.token }));
    assert.ok(sameId(me.id, acct.id));
    assert.ok(Number.isInteger(me.id));
    assert.equal(me.username, acct.username);
    assert.equal(me.role, 'counselor');
    assert.equal(me.name, acct.name);
    assert.ok(Array.isArray(me.permissions), 'permissions is not an array');
    assert.ok(Array.isArray(me.major_ids), 'major_ids is not an array');
    assert.equal(me.password, undefined);
    assert.equal(me.password_hash, undefined);
  });

  test('an admin made with the CLI holds every permission item', async () => {
    const acct = await cliAccount('admin');
    const me = expectData(await get('/me', { token: acct.token }));
    assert.equal(me.role, 'admin');
    for (const item of PERMISSION_ITEMS) assert.ok(me.permissions.includes(item), `admin lacks ${item}`);
  });

  test('a superadmin made with the CLI holds every permission item', async () => {
    const acct = await cliAccount('superadmin');
    const me = expectData(await get('/me', { token: acct.token }));
    assert.equal(me.role, 'superadmin');
    for (const item of PERMISSION_ITEMS) assert.ok(me.permissions.includes(item), `superadmin lacks ${item}`);
  });
});

describe('GET /me refuses every bad token with 401', () => {
  let acct;
  let jwt;
  let secret;
  before(async () => {
    acct = await cliAccount('counselor');
    jwt = decodeJwt(acct.token);
    secret = jwtSecret();
  });
  const payloadSeg = () => jwt.signingInput.split('.')[1];
  const resigned = (alg, payload = jwt.payload, key = secret) => signJwt({ ...jwt.header, alg }, payload, key, alg);

  test('control: the genuine token answers 200', async () => {
    expectData(await get('/me', { token: acct.token }));
  });

  const cases = [
    ['no Authorization header', () => ({})],
    ['Bearer garbage', () => ({ auth: 'Bearer garbage' })],
    ['Bearer with no token', () => ({ auth: 'Bearer' })],
    ['the token without the Bearer scheme', () => ({ auth: acct.token })],
    ['a Basic scheme', () => ({ auth: `Basic ${Buffer.from(`${acct.username}:${acct.password}`).toString('base64')}` })],
    ['three garbage segments', () => ({ token: 'aaa.bbb.ccc' })],
    ['a changed payload under the original signature', () => {
      const payload = b64urlJson({ ...jwt.payload, role: 'superadmin' });
      return { token: `${jwt.signingInput.split('.')[0]}.${payload}.${jwt.signature}` };
    }],
    ['a changed signature', () => {
      const s = jwt.signature;
      const flipped = (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
      return { token: `${jwt.signingInput}.${flipped}` };
    }],
    ['alg none with an empty signature and the trailing dot', () => (
      { token: `${b64urlJson({ alg: 'none', typ: 'JWT' })}.${payloadSeg()}.` })],
    ['alg none without the trailing dot', () => (
      { token: `${b64urlJson({ alg: 'none', typ: 'JWT' })}.${payloadSeg()}` })],
    ['alg None (other case) with an empty signature', () => (
      { token: `${b64urlJson({ alg: 'None', typ: 'JWT' })}.${payloadSeg()}.` })],
    ['HS512 with the right secret', () => ({ token: resigned('HS512') })],
    ['HS384 with the right secret', () => ({ token: resigned('HS384') })],
    ['HS256 with the right secret but exp in the past', () => (
      { token: resigned('HS256', { ...jwt.payload, iat: now() - 7200, exp: now() - 3600 }) })],
    ['HS256 with a wrong secret', () => ({ token: resigned('HS256', jwt.payload, `not-${secret}-x`) })],
    ['HS256 with the right secret for a sub that is no account', () => {
      const ghost = 2_000_000_000 + Math.floor(Math.random() * 100_000_000);
      const sub = typeof jwt.payload.sub === 'string' ? String(ghost) : ghost;
      return { token: resigned('HS256', { ...jwt.payload, sub }) };
    }],
    ['HS256 with the right secret but no exp claim', () => {
      const { exp, ...rest } = jwt.payload;
      return { token: resigned('HS256', rest) };
    }],
  ];
  for (const [name, opts] of cases) {
    test(name, async () => {
      expectError(await get('/me', opts()), 401);
    });
  }
});

describe('PUT /me/password', () => {
  test('changes the password: the new one signs in, the old one does not', async () => {
    const acct = await cliAccount('counselor');
    const fresh = password();
    const res = await put('/me/password', { token: acct.token, json: { old_password: acct.password, new_password: fresh } });
    assert.deepEqual(expectData(res, 200), {});
    await login(acct.username, fresh);
    expectError(await post('/auth/login', { json: { username: acct.username, password: acct.password } }), 401);
  });

  describe('refusals', () => {
    let acct;
    before(async () => {
      acct = await cliAccount('counselor');
    });
    const change = (body) => put('/me/password', { token: acct.token, json: body });

    test('a wrong old password answers 422 field old_password', async () => {
      expectError(await change({ old_password: password(), new_password: password() }), 422, 'old_password');
    });

    test('a new password shorter than 8 answers 422 field new_password', async () => {
      expectError(await change({ old_password: acct.password, new_password: 'Ab1!xyz' }), 422, 'new_password');
    });

    test('a new password of two character classes (abcdefgh1) answers 422 field new_password', async () => {
      expectError(await change({ old_password: acct.password, new_password: 'abcdefgh1' }), 422, 'new_password');
    });

    test('a new password containing the username answers 422 field new_password', async () => {
      expectError(await change({ old_password: acct.password, new_password: `Xy7!${acct.username}` }), 422, 'new_password');
    });

    test('a missing new password answers 422 field new_password', async () => {
      expectError(await change({ old_password: acct.password }), 422, 'new_password');
    });

    test('after the refusals the original password still signs in', async () => {
      await login(acct.username, acct.password);
    });

    test('without a token answers 401', async () => {
      expectError(await put('/me/password', { json: { old_password: acct.password, new_password: password() } }), 401);
    });
  });
});
