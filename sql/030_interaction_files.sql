-- 030_interaction_files.sql: the archived material of an employer interaction (深度合作's 存档材料,
-- issue 7): images and PDFs the office uploads to an interaction (the signed agreement, a photo
-- of the plaque of a 合作授牌). The file itself is kept under $QIAO_VAR_DIR/uploads/interactions,
-- outside the web root, under a random name; the row keeps the name it was uploaded with
-- (backend/src/resources/interaction_files.c, docs/interactions.md).

CREATE TABLE employer_interaction_files (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  interaction_id  BIGINT UNSIGNED NOT NULL,
  name            VARCHAR(120) NOT NULL,                         -- as uploaded, checked: no path
  stored_as       VARCHAR(64) CHARACTER SET ascii NOT NULL,      -- its random name on the disk
  content_type    VARCHAR(40) CHARACTER SET ascii NOT NULL,      -- from the bytes, not the header
  size            INT UNSIGNED NOT NULL,
  uploaded_by     BIGINT UNSIGNED NOT NULL,
  created_at      TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY uq_employer_interaction_files_stored (stored_as),
  KEY ix_employer_interaction_files_interaction (interaction_id, id),
  CONSTRAINT fk_employer_interaction_files_interaction FOREIGN KEY (interaction_id)
    REFERENCES employer_interactions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
