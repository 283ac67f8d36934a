// tests/api/activation.test.mjs: POST /students/{id}/activation and POST /auth/activate.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import {
  cliAccount, createMajor, expectData, expectError, login, password, post,
} from './lib.mjs';
import { advisorFor, importStudents, staffWith, studentRow } from './records.mjs';

let admin;
let major;
let other;
before(async () => {
  admin = await cliAccount('admin');
  major = await createMajor(admin.token);
  other = await createMajor(admin.token);
});

const link = (token, id) => post(`/students/${id}/activation`, { token });
const activate = (json) => post('/auth/activate', { json });

test('a link activates the imported account once; the student then signs in to their own record', async () => {
  const [s] = await importStudents(admin.token, [studentRow(major)]);
  const before = await post('/auth/login', { json: { username: s.student_no, password: password() } });
  expectError(before, 401); // pending: no password yet
  const l = expectData(await link(admin.token, s.id), 201);
  assert.equal(l.username, s.student_no);
  assert.match(l.token, /^[0-9a-f]{64}$/);
  assert.equal(l.path, `/activate?token=${l.token}`);
  assert.equal(l.valid_days, 7);
  expectError(await activate({ token: l.token, password: 'short' }), 422, 'password');
  expectError(await activate({ token: l.token, password: `x${s.student_no}Aa!` }), 422, 'password');
  const pw = password();
  assert.deepEqual(expectData(await activate({ token: l.token, password: pw })), { username: s.student_no });
  expectError(await activate({ token: l.token, password: password() }), 422, 'token'); // single use
  const { token } = await login(s.student_no, pw);
  assert.deepEqual(expectData(await post('/auth/logout', { token })), {});
  expectError(await link(admin.token, s.id), 409); // already active
});

test('a new link replaces the old one; unknown tokens and extra fields are refused', async () => {
  const [s] = await importStudents(admin.token, [studentRow(major)]);
  const first = expectData(await link(admin.token, s.id), 201);
  const second = expectData(await link(admin.token, s.id), 201);
  assert.notEqual(first.token, second.token);
  expectError(await activate({ token: first.token, password: password() }), 422, 'token');
  expectError(await activate({ token: 'f'.repeat(64), password: password() }), 422, 'token');
  expectError(await activate({ password: password() }), 422, 'token');
  expectError(await activate({ token: second.token, password: password(), role: 'admin' }), 422, 'role');
  expectData(await activate({ token: second.token, password: password() }));
});

test('who may make a link: staff with students.edit, advisors of the major; others refused', async () => {
  const [s] = await importStudents(admin.token, [studentRow(major)]);
  expectError(await post(`/students/${s.id}/activation`), 401);
  const counselor = await staffWith(admin.token, 'counselor', []);
  expectError(await link(counselor.token, s.id), 403);
  const student = await cliAccount('student');
  expectError(await link(student.token, s.id), 403);
  const outsider = await advisorFor(admin.token, [other.id]);
  expectError(await link(outsider.token, s.id), 404);
  const advisor = await advisorFor(admin.token, [major.id]);
  expectData(await link(advisor.token, s.id), 201);
  expectError(await link(admin.token, 2_000_000_000), 404);
  expectError(await link(admin.token, 'abc'), 404);
});
