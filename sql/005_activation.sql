-- 005_activation.sql: one-time activation links for accounts made without a password (an
-- import makes every student's account that way). Only a hash of the token is stored.
CREATE TABLE activation_tokens (
  token_hash  CHAR(64) NOT NULL PRIMARY KEY,
  account_id  BIGINT UNSIGNED NOT NULL,
  expires_at  TIMESTAMP NOT NULL,
  used_at     TIMESTAMP NULL,
  created_by  BIGINT UNSIGNED NULL,
  created_at  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  KEY ix_at_account (account_id),
  CONSTRAINT fk_at_account FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
