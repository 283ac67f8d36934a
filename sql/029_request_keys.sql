-- 029_request_keys.sql: the Idempotency-Key of writes (backend/src/http/idempotency.c). A key is
-- recorded in the transaction of the write it answers, so a retry after a lost answer (a worker
-- killed after its commit) finds it and gets the first answer back instead of writing twice.
-- Kept a day at least: `qiao worker` forgets older ones daily. The answer is the caller's own.
CREATE TABLE request_keys (
  account_id  BIGINT UNSIGNED NOT NULL,
  idem_key    VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  method      VARCHAR(8)   NOT NULL,
  path        VARCHAR(255) NOT NULL,
  request_hash CHAR(64) CHARACTER SET ascii NOT NULL,  -- of method, path and body: a retry is the same request
  status      SMALLINT UNSIGNED NULL,  -- NULL: committed, its answer not stored (lost)
  answer      MEDIUMTEXT NULL,
  created_at  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (account_id, idem_key),
  KEY ix_request_keys_created (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
