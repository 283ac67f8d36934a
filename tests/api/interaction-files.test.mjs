// tests/api/interaction-files.test.mjs: the employer file's 深度合作 archive and 业务动态 counts
// (issue 7). The office (admins holding employers.relations) uploads images and PDFs to an
// interaction (POST /employer-interactions/{id}/files?name=…, the file as the raw body, checked
// by its bytes and at most QIAO_MAX_LICENCE bytes like the licence), lists them, downloads them
// and deletes them; advisors read and download; everyone else is refused as on the log's routes.
// A name is a name, not a path: "../", a slash or a control character answers 422 name (the
// decision this suite pins down; the stored file has a random name either way). Then the log's
// `registrations`: the students signed up for the info session or fair a derived interaction
// comes from, counted when read, null for the office's own entries.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  ISO_OFFSET, RUN, envFileValue, expectAudited, expectData, expectError, expectList, post, request,
  sameId, show,
} from './lib.mjs';
import { download } from './records.mjs';
import { NOT_DOCUMENTS } from './hostile-inputs.mjs';
import { sessionBody, venueBody } from './events.mjs';
import { applicationBody, fairBody } from './fairs.mjs';
import { approvedFresh, logOf, record, relationsCallers } from './interactions.mjs';

const MISSING = 2_000_000_000; // an id no record has
const MAX = (() => {
  try {
    const v = Number(envFileValue('QIAO_MAX_LICENCE'));
    return Number.isFinite(v) && v > 0 ? v : 5 << 20;
  } catch {
    return 5 << 20;
  }
})();

// A file as the API answers it.
const FILE_KEYS = ['id', 'interaction_id', 'name', 'content_type', 'size', 'uploaded_by', 'uploaded_by_name', 'created_at'];

/* ---------- minimal valid files, made here ---------- */

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n'
  + 'trailer\n<< /Root 1 0 R >>\n%%EOF\n',
  'latin1',
);

// CRC-32 of PNG chunks (ISO 3309).
function crc32(buf) {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

// A 1×1 white PNG, chunk by chunk (the pixel row stored uncompressed in a zlib stream).
function onePixelPng() {
  const chunk = (type, data) => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type), data])));
    return Buffer.concat([head, Buffer.from(type), data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0);
  ihdr.writeUInt32BE(1, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.from([0, 255, 255, 255]); // filter byte, one pixel
  let a = 1;
  let b = 0;
  for (const byte of row) { a = (a + byte) % 65521; b = (b + a) % 65521; }
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE(((b << 16) | a) >>> 0);
  const zlib = Buffer.concat([Buffer.from([0x78, 0x01, 0x01, row.length, 0, ~row.length & 0xff, 0xff]), row, adler]);
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', ihdr), chunk('IDAT', zlib), chunk('IEND', Buffer.alloc(0))]);
}
const PNG = onePixelPng();

/* ---------- calls ---------- */

// POSTs `body` to interaction `id` named `name` (undefined: no name) as `type`; a string `name`
// starting with "?" is sent as the raw query string (bytes no JS string can hold).
function uploadAs(token, id, body, name, type = 'application/octet-stream') {
  const raw = typeof name === 'string' && name.startsWith('?');
  return request('POST', `/employer-interactions/${id}/files${raw ? name : ''}`, {
    token, body, headers: { 'content-type': type }, query: raw || name === undefined ? undefined : { name },
  });
}
const listAs = (token, id) => request('GET', `/employer-interactions/${id}/files`, { token, query: { per_page: 200 } });
const removeAs = (token, fileId) => request('DELETE', `/employer-files/${fileId}`, { token });

let admin; // CLI admin: every permission item (approves employers, sessions, fairs)
let superadmin; // reads the audit log
let office; // an admin holding employers.relations only
let plainAdmin; // an admin holding students.view only
let counselor;
let advisor; // reads the log: lists and downloads
let students; // [{s, token, id}]: sign up for sessions and fairs, and are refused the files

// Writes whose audit entries the last test looks up.
const audited = [];

before(async () => {
  ({ admin, superadmin, office, plainAdmin, counselor, advisor, students } = await relationsCallers('存档', 3));
});

// An approved employer with a strategic interaction (合作授牌) of the office's: {c, x}.
async function strategic() {
  const c = await approvedFresh(admin.token);
  const x = await record(office.token, c.employer.id, 'strategic', { title: `合作授牌${RUN}` });
  return { c, x };
}

// Uploads as the office (201) and checks the answer: the file.
async function upload(x, body, name, type) {
  const res = await uploadAs(office.token, x.id, body, name, type);
  const f = expectData(res, 201);
  for (const k of FILE_KEYS) assert.ok(Object.hasOwn(f, k), `the file lacks "${k}": ${show(res)}`);
  assert.ok(Number.isInteger(f.id), show(res));
  assert.ok(sameId(f.interaction_id, x.id), show(res));
  assert.equal(f.name, name);
  assert.equal(f.size, body.length);
  assert.ok(sameId(f.uploaded_by, office.id), `uploaded_by ${f.uploaded_by}, the office is ${office.id}`);
  assert.equal(f.uploaded_by_name, office.name);
  assert.match(f.created_at, ISO_OFFSET);
  audited.push({ label: 'upload', actor: office.id, res, action: /^employer_file\.upload$/, target: f.id });
  return f;
}

const filesOf = async (token, x) => expectList(await listAs(token, x.id));

describe('the archived files of an interaction (深度合作)', () => {
  test('a PDF and a PNG, whatever their Content-Type: 201 with the type from the bytes; listed newest first; downloaded byte for byte with a Content-Disposition', async () => {
    const { x } = await strategic();
    const pdf = await upload(x, PDF, '合作协议（签字版）.pdf', 'application/octet-stream');
    assert.equal(pdf.content_type, 'application/pdf');
    const png = await upload(x, PNG, 'plaque photo.png', 'application/pdf'); // the header lies
    assert.equal(png.content_type, 'image/png');

    const { data, meta } = await filesOf(office.token, x);
    assert.equal(meta.total, 2);
    assert.deepEqual(data.map((f) => f.id), [png.id, pdf.id], 'newest first');
    assert.deepEqual(data[1], pdf, 'the list shows the file as the upload answered it');

    const got = await download(`/employer-files/${pdf.id}`, { token: office.token });
    assert.equal(got.status, 200, got.text);
    assert.equal(got.headers.get('content-type'), 'application/pdf');
    assert.deepEqual(got.buf, PDF);
    // a name not in plain ASCII is offered as file-<id>.<ext>; the list keeps the real one
    assert.match(got.headers.get('content-disposition'), new RegExp(`^attachment; filename="file-${pdf.id}\\.pdf"$`));
    const image = await download(`/employer-files/${png.id}`, { token: office.token });
    assert.equal(image.headers.get('content-type'), 'image/png');
    assert.deepEqual(image.buf, PNG);
    assert.equal(image.headers.get('content-disposition'), 'attachment; filename="plaque photo.png"');
  });

  test('not a PNG, JPEG or PDF by its bytes → 422 file, whatever its name and type; empty → 422 file; over QIAO_MAX_LICENCE → 413; nothing kept', async () => {
    const { x } = await strategic();
    for (const [body, name, type] of NOT_DOCUMENTS) expectError(await uploadAs(office.token, x.id, body, name, type), 422, 'file');
    expectError(await uploadAs(office.token, x.id, Buffer.alloc(0), 'empty.pdf'), 422, 'file');
    const big = Buffer.concat([PDF, Buffer.alloc(MAX + 1 - PDF.length, 0x20)]);
    assert.equal(big.length, MAX + 1);
    expectError(await uploadAs(office.token, x.id, big, 'big.pdf', 'application/pdf'), 413);
    // exactly the limit is kept
    const edge = Buffer.concat([PDF, Buffer.alloc(MAX - PDF.length, 0x20)]);
    await upload(x, edge, 'edge.pdf', 'application/pdf');
    const { data } = await filesOf(office.token, x);
    assert.deepEqual(data.map((f) => f.name), ['edge.pdf'], 'a refused upload was kept');
  });

  test('the name: required; a name, not a path (no / or \\, not . or ..); valid UTF-8 without control characters; at most 120 characters → else 422 name', async () => {
    const { x } = await strategic();
    expectError(await uploadAs(office.token, x.id, PDF, undefined), 422, 'name');
    expectError(await uploadAs(office.token, x.id, PDF, ''), 422, 'name');
    const bad = ['../../../etc/passwd.pdf', '../协议.pdf', '..\\..\\windows\\win.ini.pdf', '/etc/cron.d/qiao.pdf', 'a/b.pdf',
      '..', '.', 'line\nbreak.pdf', 'bell\u0007.pdf', 'esc\u001b[31m.pdf', 'del\u007f.pdf', 'tab\t.pdf', 'x'.repeat(117) + '.pdf'];
    for (const name of bad) expectError(await uploadAs(office.token, x.id, PDF, name), 422, 'name');
    expectError(await uploadAs(office.token, x.id, PDF, '?name=%FF%FE.pdf'), 422, 'name'); // not UTF-8
    // 120 characters (CJK), dots inside a name and spaces are a name
    const long = '合'.repeat(116) + '.pdf';
    assert.equal([...long].length, 120);
    for (const name of [long, '..hidden.pdf', '协议 v2.0 (final).pdf']) await upload(x, PDF, name);
    assert.equal((await filesOf(office.token, x)).meta.total, 3);
  });

  test('404: an interaction or a file that does not exist, or an id that is not one', async () => {
    expectError(await uploadAs(office.token, MISSING, PDF, 'x.pdf'), 404);
    expectError(await listAs(office.token, MISSING), 404);
    expectError(await listAs(advisor.token, MISSING), 404);
    expectError(await request('GET', `/employer-files/${MISSING}`, { token: office.token }), 404);
    expectError(await removeAs(office.token, MISSING), 404);
    expectError(await uploadAs(office.token, 'abc', PDF, 'x.pdf'), 404);
    expectError(await request('GET', '/employer-files/abc', { token: office.token }), 404);
  });

  test('as the log\'s routes: no token 401; students, the employer\'s own HR, counselors and admins without employers.relations 403; advisors list and download but may not upload or delete', async () => {
    const { c, x } = await strategic();
    const f = await upload(x, PDF, 'agreement.pdf');
    const calls = {
      upload: (t) => uploadAs(t, x.id, PDF, 'again.pdf'),
      list: (t) => listAs(t, x.id),
      download: (t) => request('GET', `/employer-files/${f.id}`, { token: t }),
      delete: (t) => removeAs(t, f.id),
    };
    // the log itself answers these callers the same way
    const log = (t) => request('GET', `/employers/${c.employer.id}/interactions`, { token: t });
    for (const call of Object.values(calls)) expectError(await call(undefined), 401);
    const refused = { student: students[0].token, 'the employer\'s HR': c.token, counselor: counselor.token, 'admin without the item': plainAdmin.token };
    for (const [who, token] of Object.entries(refused)) {
      assert.equal((await log(token)).status, 403, `${who} reads the log`);
      for (const [name, call] of Object.entries(calls)) {
        const res = await call(token);
        assert.equal(res.status, 403, `${who} ${name}: ${show(res)}`);
        expectError(res, 403);
      }
    }
    expectList(await log(advisor.token));
    assert.deepEqual(expectList(await calls.list(advisor.token)).data.map((r) => r.id), [f.id]);
    const got = await download(`/employer-files/${f.id}`, { token: advisor.token });
    assert.equal(got.status, 200);
    assert.deepEqual(got.buf, PDF);
    expectError(await calls.upload(advisor.token), 403);
    expectError(await calls.delete(advisor.token), 403);
    assert.equal((await filesOf(office.token, x)).meta.total, 1, 'a refused call changed the files');
  });

  test('DELETE: 200 the file as it was; then gone from the list, 404 on download and on a second delete; two deletes at once: one 200, one 404', async () => {
    const { x } = await strategic();
    const f = await upload(x, PNG, 'to-delete.png');
    const keep = await upload(x, PDF, 'keep.pdf');
    const res = await removeAs(office.token, f.id);
    assert.deepEqual(expectData(res), f);
    audited.push({ label: 'delete', actor: office.id, res, action: /^employer_file\.delete$/, target: f.id });
    assert.deepEqual((await filesOf(office.token, x)).data.map((r) => r.id), [keep.id]);
    expectError(await request('GET', `/employer-files/${f.id}`, { token: office.token }), 404);
    expectError(await removeAs(office.token, f.id), 404);

    const twice = await Promise.all([removeAs(office.token, keep.id), removeAs(admin.token, keep.id)]);
    assert.deepEqual(twice.map((r) => r.status).sort(), [200, 404], twice.map(show).join('\n'));
    const won = twice.find((r) => r.status === 200);
    audited.push({ label: 'delete', actor: won === twice[0] ? office.id : admin.id, res: won, action: /^employer_file\.delete$/, target: keep.id });
    assert.equal((await filesOf(office.token, x)).meta.total, 0);
  });

  test('every upload and delete is in the audit log with its actor and the file', async () => {
    await expectAudited(superadmin.token, audited, ['upload', 'delete']);
  });
});

describe('业务动态: registrations counted from the sign-ups', () => {
  test('an info session\'s interaction counts its sign-ups as they come and go; the office\'s own entries have null', async () => {
    const c = await approvedFresh(admin.token);
    const venue = expectData(await post('/venues', { token: admin.token, json: venueBody() }), 201);
    const s = expectData(await post('/sessions', { token: c.token, json: sessionBody(venue.id) }), 201);
    expectData(await post(`/admin/events/${s.id}/review`, { token: admin.token, json: { decision: 'approve' } }));
    const own = await record(office.token, c.employer.id, 'strategic');
    assert.equal(own.registrations, null, 'the write answers the interaction without a count');
    const rowOf = async () => {
      const log = await logOf(office.token, c.employer.id);
      for (const r of log) assert.ok(Object.hasOwn(r, 'registrations'), `no registrations in ${JSON.stringify(r)}`);
      for (const r of log.filter((y) => !['session', 'fair'].includes(y.source))) assert.equal(r.registrations, null, JSON.stringify(r));
      return log.find((r) => r.source === 'session' && sameId(r.source_id, s.id));
    };
    assert.equal((await rowOf()).registrations, 0);
    for (const st of students) expectData(await post(`/events/${s.id}/signups`, { token: st.token }), 201);
    assert.equal((await rowOf()).registrations, students.length);
    expectData(await post(`/events/${s.id}/signups/cancel`, { token: students[0].token }));
    assert.equal((await rowOf()).registrations, students.length - 1, 'a cancelled sign-up is still counted');
    // advisors read the same count
    const seen = (await logOf(advisor.token, c.employer.id)).find((r) => r.source === 'session');
    assert.equal(seen.registrations, students.length - 1);
  });

  test('a fair application\'s interaction counts the fair\'s sign-ups', async () => {
    const c = await approvedFresh(admin.token);
    const fair = expectData(await post('/fairs', { token: admin.token, json: fairBody() }), 201);
    const app = expectData(await post(`/fairs/${fair.id}/applications`, { token: c.token, json: applicationBody([]) }), 201);
    expectData(await post(`/admin/fair-applications/${app.id}/review`, { token: admin.token, json: { decision: 'approve' } }));
    const rowOf = async () => (await logOf(office.token, c.employer.id, { kind: 'daily_business' }))
      .find((r) => r.source === 'fair' && sameId(r.source_id, app.id));
    assert.equal((await rowOf()).registrations, 0);
    for (const st of students.slice(0, 2)) expectData(await post(`/fairs/${fair.id}/signups`, { token: st.token }), 201);
    assert.equal((await rowOf()).registrations, 2);
  });
});
