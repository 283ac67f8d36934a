// tests/api/resume-files.test.mjs: a resume's attachments (附件, issue 6). The student who owns
// a resume uploads images and PDFs to it (POST /resumes/{id}/files?name=…, the file as the raw
// body, checked by its bytes and at most QIAO_MAX_LICENCE bytes like the licence), at most 5,
// lists, downloads and deletes them. Staff who read the resume (students.view, an advisor in
// scope) and an employer the resume was sent to (an application to one of its jobs) list and
// download; everyone else gets 404 for a resume out of reach, as for one that does not exist,
// or 403 where the role or item alone refuses. Attachments are live, not part of the copy an
// application keeps: a file the student deletes is gone for the employer too.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  ISO_OFFSET, RUN, cliAccount, createMajor, envFileValue, expectAudited, expectData, expectError, post,
  request, sameId, show,
} from './lib.mjs';
import { advisorFor, download, importStudents, staffWith, studentRow } from './records.mjs';
import { registered } from './recruitment.mjs';
import { NOT_DOCUMENTS, PDF, PNG } from './hostile-inputs.mjs';

const MISSING = 2_000_000_000; // an id no record has
const LIMIT = 5; // attachments a resume holds
const MAX = (() => {
  try {
    return Number(envFileValue('QIAO_MAX_LICENCE')) || 5 << 20;
  } catch {
    return 5 << 20; // the default when the stack's env file does not set it
  }
})();

// A file as the API answers it.
const FILE_KEYS = ['id', 'resume_id', 'name', 'content_type', 'size', 'created_at'];

let admin; // CLI admin: every item (approves employers and jobs)
let superadmin; // reads the audit log
let major;
let owner; // the student whose resumes get attachments: {s, id, token}
let other; // another student of the same major
let advisor; // an advisor of the major: reads the resume without any item
let outsider; // an advisor of another college
let counselor; // a counselor holding students.view (not limited to majors)
let statsOnly; // an admin holding stats.view only
let company; // an approved employer with an approved job the owner applies to
let job;
let rival; // another approved employer, with its own job

const audited = []; // writes whose audit entries the last test looks up

async function studentWithAccount() {
  const [s] = await importStudents(admin.token, [studentRow(major)]);
  const acc = await cliAccount('student', { username: s.student_no });
  return { s, id: acc.id, token: acc.token };
}

async function approvedCompanyWithJob() {
  const c = await registered();
  expectData(await post(`/admin/employers/${c.employer.id}/review`, { token: admin.token, json: { decision: 'approve' } }));
  const j = expectData(await post('/jobs', { token: c.token, json: { title: `附件测试职位${RUN}`, description: '用于简历附件测试的职位。', city: '南京' } }), 201);
  expectData(await post(`/admin/jobs/${j.id}/review`, { token: admin.token, json: { decision: 'approve' } }));
  return { c, j };
}

before(async () => {
  admin = await cliAccount('admin');
  superadmin = await cliAccount('superadmin');
  major = await createMajor(admin.token, { college: `附件学院${RUN}`, name: `附件专业${RUN}` });
  const elsewhere = await createMajor(admin.token, { college: `附件别院${RUN}`, name: `附件别专业${RUN}` });
  owner = await studentWithAccount();
  other = await studentWithAccount();
  advisor = await advisorFor(admin.token, [major.id]);
  outsider = await advisorFor(admin.token, [elsewhere.id], ['students.view']);
  counselor = await staffWith(admin.token, 'counselor', ['students.view']);
  statsOnly = await staffWith(admin.token, 'admin', ['stats.view']);
  ({ c: company, j: job } = await approvedCompanyWithJob());
  ({ c: rival } = await approvedCompanyWithJob());
});

/* ---------- calls ---------- */

const newResume = async (title = '附件测试简历') => expectData(await post('/resumes', { token: owner.token, json: { title } }), 201);
// POSTs `body` to resume `id` named `name` (undefined: no name) as `type`.
const uploadAs = (token, id, body, name, type = 'application/octet-stream') => request('POST', `/resumes/${id}/files`, {
  token, body, headers: { 'content-type': type }, query: name === undefined ? undefined : { name },
});
const listAs = (token, id) => request('GET', `/resumes/${id}/files`, { token });
const getAs = (token, id, fileId) => request('GET', `/resumes/${id}/files/${fileId}`, { token });
const removeAs = (token, id, fileId) => request('DELETE', `/resumes/${id}/files/${fileId}`, { token });
const filesOf = async (id, token = owner.token) => expectData(await listAs(token, id));

// Uploads as the owner (201) and checks the answer: the file.
async function upload(r, body, name, type) {
  const res = await uploadAs(owner.token, r.id, body, name, type);
  const f = expectData(res, 201);
  for (const k of FILE_KEYS) assert.ok(Object.hasOwn(f, k), `the file lacks "${k}": ${show(res)}`);
  assert.deepEqual(Object.keys(f).sort(), [...FILE_KEYS].sort(), `the file says more than it should: ${show(res)}`);
  assert.ok(Number.isInteger(f.id), show(res));
  assert.ok(sameId(f.resume_id, r.id), show(res));
  assert.equal(f.name, name);
  assert.equal(f.size, body.length);
  assert.match(f.created_at, ISO_OFFSET);
  audited.push({ label: 'upload', actor: owner.id, res, action: /^resume_file\.upload$/, target: f.id });
  return f;
}

// Downloads as `token` and checks the bytes and the headers of a private file (kept by no cache).
async function expectDownload(token, r, f, bytes) {
  const got = await download(`/resumes/${r.id}/files/${f.id}`, { token });
  assert.equal(got.status, 200, got.text);
  assert.equal(got.headers.get('content-type'), f.content_type);
  assert.match(got.headers.get('cache-control') ?? '', /no-store/, 'a private file may be cached');
  assert.deepEqual(got.buf, bytes);
  return got;
}

describe('a resume\'s attachments (附件)', () => {
  test('a PDF and a PNG, whatever their Content-Type: 201 typed by their bytes; listed newest first; downloaded byte for byte', async () => {
    const r = await newResume();
    assert.deepEqual(await filesOf(r.id), [], 'a new resume has attachments');
    const pdf = await upload(r, PDF, '成绩单（盖章）.pdf', 'application/octet-stream');
    assert.equal(pdf.content_type, 'application/pdf');
    const png = await upload(r, PNG, 'award photo.png', 'application/pdf'); // the header lies
    assert.equal(png.content_type, 'image/png');

    const list = await filesOf(r.id);
    assert.deepEqual(list.map((f) => f.id), [png.id, pdf.id], 'newest first');
    assert.deepEqual(list[1], pdf, 'the list shows the file as the upload answered it');

    const got = await expectDownload(owner.token, r, pdf, PDF);
    // a name not in plain ASCII is offered as file-<id>.<ext>; the list keeps the real one
    assert.equal(got.headers.get('content-disposition'), `attachment; filename="file-${pdf.id}.pdf"`);
    const image = await expectDownload(owner.token, r, png, PNG);
    assert.equal(image.headers.get('content-disposition'), 'attachment; filename="award photo.png"');
  });

  test('not a PNG, JPEG or PDF by its bytes → 422 file, whatever its name and type; empty → 422 file; over QIAO_MAX_LICENCE → 413; nothing kept', async () => {
    const r = await newResume();
    // a text file named .pdf first: the student's likeliest mistake
    expectError(await uploadAs(owner.token, r.id, Buffer.from('我的成绩单：全部优秀\n', 'utf8'), 'transcript.pdf', 'application/pdf'), 422, 'file');
    for (const [body, name, type] of NOT_DOCUMENTS) expectError(await uploadAs(owner.token, r.id, body, name, type), 422, 'file');
    expectError(await uploadAs(owner.token, r.id, Buffer.alloc(0), 'empty.pdf'), 422, 'file');
    const big = Buffer.concat([PDF, Buffer.alloc(MAX + 1 - PDF.length, 0x20)]);
    expectError(await uploadAs(owner.token, r.id, big, 'big.pdf', 'application/pdf'), 413, 'file');
    assert.deepEqual(await filesOf(r.id), [], 'a refused upload was kept');
    // exactly the limit is kept
    await upload(r, Buffer.concat([PDF, Buffer.alloc(MAX - PDF.length, 0x20)]), 'edge.pdf', 'application/pdf');
    assert.deepEqual((await filesOf(r.id)).map((f) => f.name), ['edge.pdf']);
  });

  test('the name: required, a name and not a path, no control characters, at most 120 characters → else 422 name', async () => {
    const r = await newResume();
    expectError(await uploadAs(owner.token, r.id, PDF, undefined), 422, 'name');
    for (const name of ['', '../../etc/passwd.pdf', 'a/b.pdf', '..\\win.ini.pdf', '..', '.', 'line\nbreak.pdf', 'x'.repeat(117) + '.pdf']) {
      expectError(await uploadAs(owner.token, r.id, PDF, name), 422, 'name');
    }
    assert.deepEqual(await filesOf(r.id), []);
    await upload(r, PDF, '简'.repeat(116) + '.pdf');
  });

  test(`at most ${LIMIT} attachments: another → 409 file; a delete makes room; of two uploads at once for the last place one is kept`, async () => {
    const r = await newResume();
    const kept = [];
    for (let i = 1; i <= LIMIT; i++) kept.push(await upload(r, PDF, `证书${i}.pdf`));
    expectError(await uploadAs(owner.token, r.id, PNG, 'one-more.png'), 409, 'file');
    assert.equal((await filesOf(r.id)).length, LIMIT);
    expectData(await removeAs(owner.token, r.id, kept[0].id));
    const both = await Promise.all([uploadAs(owner.token, r.id, PDF, 'a.pdf'), uploadAs(owner.token, r.id, PNG, 'b.png')]);
    assert.deepEqual(both.map((x) => x.status).sort(), [201, 409], both.map(show).join('\n'));
    expectError(both.find((x) => x.status === 409), 409, 'file');
    assert.equal((await filesOf(r.id)).length, LIMIT, 'the limit held under two uploads at once');
    // another resume of the same student has its own places
    await upload(await newResume('第二份简历'), PDF, 'own-place.pdf');
  });

  test('staff who read the resume list and download it: an advisor of the major, a counselor with students.view; an advisor of other majors 404; an admin without students.view 403; none of them uploads or deletes', async () => {
    const r = await newResume();
    const f = await upload(r, PDF, 'cv.pdf');
    for (const reader of [advisor, counselor, admin]) {
      assert.deepEqual((await filesOf(r.id, reader.token)).map((x) => x.id), [f.id]);
      await expectDownload(reader.token, r, f, PDF);
      expectError(await uploadAs(reader.token, r.id, PDF, 'staff.pdf'), 403);
      expectError(await removeAs(reader.token, r.id, f.id), 403);
    }
    expectError(await listAs(outsider.token, r.id), 404);
    expectError(await getAs(outsider.token, r.id, f.id), 404);
    expectError(await listAs(statsOnly.token, r.id), 403);
    expectError(await getAs(statsOnly.token, r.id, f.id), 403);
    assert.deepEqual((await filesOf(r.id)).map((x) => x.id), [f.id], 'a refused call changed the files');
  });

  test('an employer reads the attachments of a resume sent to its job, only after it is sent; another employer 404; neither uploads nor deletes; the student\'s delete reaches the employer', async () => {
    const r = await newResume('投递用简历');
    const f = await upload(r, PDF, 'portfolio.pdf');
    expectError(await listAs(company.token, r.id), 404); // not sent yet
    expectError(await getAs(company.token, r.id, f.id), 404);
    const app = expectData(await post(`/jobs/${job.id}/applications`, { token: owner.token, json: { resume_id: r.id } }), 201);
    const seen = expectData(await request('GET', `/applications/${app.id}`, { token: company.token }));
    assert.ok(sameId(seen.resume_id, r.id), 'the employer cannot tell which resume to ask for');
    assert.deepEqual((await filesOf(r.id, company.token)).map((x) => x.id), [f.id]);
    await expectDownload(company.token, r, f, PDF);
    expectError(await listAs(rival.token, r.id), 404);
    expectError(await getAs(rival.token, r.id, f.id), 404);
    // the same student's other resume was not sent: out of the employer's reach
    const unsent = await newResume('没投递的简历');
    const g = await upload(unsent, PNG, 'private.png');
    expectError(await listAs(company.token, unsent.id), 404);
    expectError(await getAs(company.token, unsent.id, g.id), 404);
    expectError(await getAs(company.token, r.id, g.id), 404); // a file of another resume
    expectError(await uploadAs(company.token, r.id, PDF, 'hr.pdf'), 403);
    expectError(await removeAs(company.token, r.id, f.id), 403);
    expectData(await removeAs(owner.token, r.id, f.id));
    assert.deepEqual(await filesOf(r.id, company.token), []);
    expectError(await getAs(company.token, r.id, f.id), 404);
  });

  test('another student: 404 on every call, as for a resume that does not exist; no token 401; ids that are not ids 404', async () => {
    const r = await newResume();
    const f = await upload(r, PDF, 'mine.pdf');
    const calls = {
      upload: (t, id) => uploadAs(t, id, PDF, 'theirs.pdf'),
      list: (t, id) => listAs(t, id),
      download: (t, id) => getAs(t, id, f.id),
      delete: (t, id) => removeAs(t, id, f.id),
    };
    for (const [name, call] of Object.entries(calls)) {
      const real = await call(other.token, r.id);
      const missing = await call(other.token, MISSING);
      expectError(real, 404);
      expectError(missing, 404);
      assert.equal(real.body.error.message, missing.body.error.message, `${name}: the answer tells the resume is there`);
      expectError(await call(undefined, r.id), 401);
    }
    // the owner, on a file that is not there or not of this resume
    const elsewhere = await upload(await newResume('另一份'), PNG, 'elsewhere.png');
    expectError(await getAs(owner.token, r.id, MISSING), 404);
    expectError(await getAs(owner.token, r.id, elsewhere.id), 404);
    expectError(await removeAs(owner.token, r.id, elsewhere.id), 404);
    expectError(await uploadAs(owner.token, 'abc', PDF, 'x.pdf'), 404);
    expectError(await getAs(owner.token, r.id, 'abc'), 404);
    expectError(await removeAs(owner.token, r.id, '0'), 404);
    assert.deepEqual((await filesOf(r.id)).map((x) => x.id), [f.id], 'a refused call changed the files');
  });

  test('DELETE by the owner: 200 the file as it was; then gone from the list, 404 on download and on a second delete; two deletes at once: one 200, one 404', async () => {
    const r = await newResume();
    const f = await upload(r, PNG, 'to-delete.png');
    const keep = await upload(r, PDF, 'keep.pdf');
    const res = await removeAs(owner.token, r.id, f.id);
    assert.deepEqual(expectData(res), f);
    audited.push({ label: 'delete', actor: owner.id, res, action: /^resume_file\.delete$/, target: f.id });
    assert.deepEqual((await filesOf(r.id)).map((x) => x.id), [keep.id]);
    expectError(await getAs(owner.token, r.id, f.id), 404);
    expectError(await removeAs(owner.token, r.id, f.id), 404);

    const twice = await Promise.all([removeAs(owner.token, r.id, keep.id), removeAs(owner.token, r.id, keep.id)]);
    assert.deepEqual(twice.map((x) => x.status).sort(), [200, 404], twice.map(show).join('\n'));
    audited.push({ label: 'delete', actor: owner.id, res: twice.find((x) => x.status === 200), action: /^resume_file\.delete$/, target: keep.id });
    assert.deepEqual(await filesOf(r.id), []);
  });

  test('every upload and delete is in the audit log with its actor and the file', async () => {
    await expectAudited(superadmin.token, audited, ['upload', 'delete']);
  });
});
