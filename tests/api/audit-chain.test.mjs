// tests/api/audit-chain.test.mjs: the audit log is append-only and tamper-evident (sql/012):
// the database refuses changes, and `qiao audit verify` finds an entry changed or removed by
// someone who got past that (the triggers dropped as a database administrator could).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, describe, test } from 'node:test';
import { CLI, cliAccount, rootSql as sql, rootSqlRefused as refused } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const MIGRATION = readFileSync(path.resolve(here, '../../sql/012_audit_chain.sql'), 'utf8');

// `qiao audit ARG`: {status, out}.
function audit(arg) {
  const r = spawnSync(CLI, ['audit', arg], { encoding: 'utf8', env: process.env });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

// Puts the migration's trigger `name` back (the client needs another delimiter for a body
// with semicolons in it).
function restoreTrigger(name) {
  const start = MIGRATION.indexOf(`CREATE TRIGGER ${name}`);
  assert.ok(start >= 0, `no trigger ${name} in the migration`);
  const rest = MIGRATION.slice(start);
  const end = rest.startsWith(`CREATE TRIGGER ${name} BEFORE UPDATE`) ? rest.indexOf('END;') + 3 : rest.indexOf(';');
  sql(`DROP TRIGGER IF EXISTS ${name};\nDELIMITER //\n${rest.slice(0, end)} //\nDELIMITER ;`);
}

function holds() {
  assert.equal(audit('seal').status, 0);
  const r = audit('verify');
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /audit chain holds: \d+ entries sealed/);
  return r.out;
}

before(async () => {
  await cliAccount('admin'); // a few fresh entries
});

describe('the audit chain', () => {
  test('`qiao audit verify` holds after ordinary writes, and every entry gets sealed', () => {
    holds();
    assert.equal(sql('SELECT COUNT(*) FROM audit_log WHERE seq IS NULL OR hash IS NULL'), '0');
  });

  test('the database refuses to change or delete an entry, or to seal one twice', () => {
    const id = sql('SELECT MAX(id) FROM audit_log');
    assert.match(refused(`UPDATE audit_log SET action = CONCAT(action, '.x') WHERE id = ${id}`), /append-only/);
    assert.match(refused(`UPDATE audit_log SET seq = seq WHERE id = ${id}`), /append-only/);
    assert.match(refused(`DELETE FROM audit_log WHERE id = ${id}`), /append-only/);
    holds();
  });

  test('an entry changed behind the triggers\' back is named by verify; put back, the chain holds', () => {
    const [id, seq, action] = sql('SELECT id, seq, action FROM audit_log WHERE seq IS NOT NULL ORDER BY seq LIMIT 1 OFFSET 1').split('\t');
    sql(`DROP TRIGGER audit_log_seal_only; UPDATE audit_log SET action = 'nothing.happened' WHERE id = ${id}`);
    try {
      const r = audit('verify');
      assert.equal(r.status, 1, r.out);
      assert.match(r.out, new RegExp(`BROKEN at entry ${seq} \\(audit_log\\.id ${id}\\)`));
    } finally {
      sql(`UPDATE audit_log SET action = '${action}' WHERE id = ${id}`);
      restoreTrigger('audit_log_seal_only');
    }
    holds();
  });

  test('removed entries are found: one in the middle and the newest', () => {
    sql('CREATE TABLE audit_saved AS SELECT * FROM audit_log WHERE 0');
    try {
      const [midId, midSeq] = sql('SELECT id, seq FROM audit_log WHERE seq IS NOT NULL ORDER BY seq LIMIT 1 OFFSET 2').split('\t');
      sql(`DROP TRIGGER audit_log_no_delete; INSERT INTO audit_saved SELECT * FROM audit_log WHERE id = ${midId}; DELETE FROM audit_log WHERE id = ${midId}`);
      let r = audit('verify');
      assert.equal(r.status, 1, r.out);
      assert.match(r.out, new RegExp(`BROKEN at entry ${midSeq}.*entries ${midSeq} to ${midSeq} are missing`));
      sql('INSERT INTO audit_log SELECT * FROM audit_saved; DELETE FROM audit_saved');

      const last = sql('SELECT MAX(seq) FROM audit_log');
      sql(`INSERT INTO audit_saved SELECT * FROM audit_log WHERE seq = ${last}; DELETE FROM audit_log WHERE seq = ${last}`);
      r = audit('verify');
      assert.equal(r.status, 1, r.out);
      assert.match(r.out, new RegExp(`the chain ends at ${Number(last) - 1} but was sealed up to ${last}`));
      sql('INSERT INTO audit_log SELECT * FROM audit_saved');
    } finally {
      sql('DROP TABLE audit_saved');
      restoreTrigger('audit_log_no_delete');
    }
    holds();
  });
});
