-- 020_employer_appeals.sql: employers' account appeals (用人单位账号申诉, seed manual §4.2) and
-- the mail the system sends (the outbox the task worker delivers over SMTP).
--
-- An appeal: pending → approved (the employer's contact becomes the applicant, and a one-time
-- link to set a new password, valid 30 minutes, goes to the applicant's e-mail; no password
-- is ever shown to staff) or rejected with a reason.

CREATE TABLE employer_appeals (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  employer_id      BIGINT UNSIGNED NOT NULL,
  username         VARCHAR(64)  NULL,          -- the account to recover (NULL: the first HR user)
  applicant_name   VARCHAR(100) NOT NULL,
  applicant_phone  VARCHAR(20)  NOT NULL,
  applicant_email  VARCHAR(200) NOT NULL,
  reason           TEXT         NOT NULL,
  state            ENUM('pending','approved','rejected') NOT NULL DEFAULT 'pending',
  review_reason    VARCHAR(500) NULL,
  reviewed_by      BIGINT UNSIGNED NULL,
  reviewed_at      TIMESTAMP NULL,
  account_id       BIGINT UNSIGNED NULL,       -- the account the link resets
  address          VARCHAR(45)  NULL,          -- where the appeal came from
  created_at       TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at       TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  KEY ix_employer_appeals_state (state, id),
  KEY ix_employer_appeals_employer (employer_id, state),
  CONSTRAINT fk_employer_appeals_employer FOREIGN KEY (employer_id) REFERENCES employers (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A reset signs out every session of the account begun before it: tokens issued earlier are
-- refused (the person who left stays signed in no longer).
ALTER TABLE accounts ADD COLUMN sessions_valid_after TIMESTAMP NULL AFTER password_changed_at;

-- A reset link is an activation token for an account already in use.
ALTER TABLE activation_tokens
  ADD COLUMN purpose ENUM('activate','reset') NOT NULL DEFAULT 'activate' AFTER account_id;

CREATE TABLE mail_outbox (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  to_address  VARCHAR(200) NOT NULL,
  subject     VARCHAR(200) NOT NULL,
  body        TEXT         NOT NULL,
  created_at  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  sent_at     TIMESTAMP NULL,
  attempts    INT UNSIGNED NOT NULL DEFAULT 0,
  last_error  VARCHAR(500) NULL,
  KEY ix_mail_outbox_unsent (sent_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
