-- 012_audit_chain.sql: the audit log becomes append-only and tamper-evident. The sealer
-- (`qiao worker`, `qiao audit seal`) gives each new entry the next sequence number and a hash
-- keyed with QIAO_AUDIT_KEY over the previous entry's hash and this entry's columns;
-- `qiao audit verify` recomputes the chain and names the first entry that does not match.
ALTER TABLE audit_log
  ADD COLUMN seq  BIGINT UNSIGNED NULL,  -- NULL until sealed (a second or so)
  ADD COLUMN hash CHAR(64) NULL,         -- hex BLAKE2b-256
  ADD UNIQUE KEY uq_audit_seq (seq);

-- The newest sealed entry; one row, locked by each sealing so seals never fork.
CREATE TABLE audit_head (
  id    TINYINT UNSIGNED NOT NULL PRIMARY KEY,
  seq   BIGINT UNSIGNED  NOT NULL,
  hash  CHAR(64)         NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, REPEAT('0', 64));

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_log is append-only';

-- The only update allowed is the seal: seq and hash set once, nothing else changed.
CREATE TRIGGER audit_log_seal_only BEFORE UPDATE ON audit_log FOR EACH ROW
BEGIN
  IF OLD.seq IS NOT NULL OR NEW.seq IS NULL OR NEW.hash IS NULL
     OR NOT (NEW.id <=> OLD.id AND NEW.at <=> OLD.at AND NEW.actor_id <=> OLD.actor_id
             AND NEW.actor_role <=> OLD.actor_role AND NEW.action <=> OLD.action
             AND NEW.target_type <=> OLD.target_type AND NEW.target_id <=> OLD.target_id
             AND NEW.address <=> OLD.address AND NEW.request_id <=> OLD.request_id
             AND NEW.detail <=> OLD.detail) THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_log is append-only: only the seal sets seq and hash';
  END IF;
END;
