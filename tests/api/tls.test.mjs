// tests/api/tls.test.mjs: the stack's HTTPS listener (nginx/tls.conf, scripts/stack
// write_listen). The test stack serves HTTPS beside HTTP with a certificate made for the run
// (scripts/test-stack exports QIAO_HTTPS_URL and QIAO_TLS_CA); against a stack without HTTPS
// these tests are skipped. TLS 1.2 and 1.3 only, forward-secret ciphers, HSTS over HTTPS and
// not over plain HTTP, the same API and security headers on both, no version in Server.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import tls from 'node:tls';
import { describe, test } from 'node:test';
import { BASE_URL } from './lib.mjs';

const URL_ = process.env.QIAO_HTTPS_URL;
const skip = URL_ ? false : 'QIAO_HTTPS_URL is not set: this stack serves no HTTPS';
const ca = URL_ ? readFileSync(process.env.QIAO_TLS_CA) : null;
const { hostname, port } = URL_ ? new URL(URL_) : {};

function httpsGet(path) {
  return new Promise((resolve, reject) => {
    const req = https.get(`${URL_}${path}`, { ca, timeout: 10_000 }, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
  });
}

// The outcome of a handshake limited to one protocol version: the protocol and cipher, or the error.
function handshake(version) {
  return new Promise((resolve) => {
    // SECLEVEL=0 lets this client offer the old versions, so a refusal is the server's.
    const socket = tls.connect({
      host: hostname, port: Number(port), ca, servername: 'localhost', minVersion: version, maxVersion: version, ciphers: 'DEFAULT@SECLEVEL=0',
    });
    socket.once('secureConnect', () => { resolve({ protocol: socket.getProtocol(), cipher: socket.getCipher().name }); socket.end(); });
    socket.once('error', (e) => resolve({ error: e.code || e.message }));
  });
}

describe('HTTPS', { skip }, () => {
  test('the API answers over HTTPS with the security headers and HSTS; the certificate verifies', async () => {
    const res = await httpsGet('/api/v1/health');
    assert.equal(res.status, 200);
    assert.equal(JSON.parse(res.body).data.status, 'ok');
    assert.match(res.headers['strict-transport-security'] || '', /^max-age=\d{8,}/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.match(res.headers['x-request-id'] || '', /^[0-9a-f]{32}$/);
    assert.equal(res.headers.server, 'nginx', 'the Server header names a version');
  });

  test('plain HTTP sends no HSTS (a browser would ignore it there anyway)', async () => {
    const res = await fetch(`${BASE_URL}/api/v1/health`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('strict-transport-security'), null);
  });

  test('TLS 1.2 and 1.3 are accepted with forward-secret AEAD ciphers; 1.0 and 1.1 are refused', async () => {
    for (const v of ['TLSv1.2', 'TLSv1.3']) {
      const r = await handshake(v);
      assert.equal(r.protocol, v, `${v}: ${JSON.stringify(r)}`);
      assert.match(r.cipher, /^(ECDHE-.*(GCM|CHACHA20)|TLS_(AES|CHACHA20))/, `${v} negotiated ${r.cipher}`);
    }
    for (const v of ['TLSv1', 'TLSv1.1']) {
      const r = await handshake(v);
      assert.ok(r.error, `${v} was accepted: ${JSON.stringify(r)}`);
      assert.notEqual(r.error, 'ERR_SSL_NO_PROTOCOLS_AVAILABLE', `${v} was never offered by this client`);
    }
  });

  test('the single-page app is served over HTTPS too', async () => {
    const res = await httpsGet('/');
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'], /text\/html/);
    assert.match(res.headers['strict-transport-security'] || '', /max-age/);
  });
});
