-- 032_resume_files.sql: a resume's attachments (附件, issue 6): images and PDFs a student adds to
-- a resume on the phone (a transcript, a certificate, a portfolio), read by staff of the
-- student's majors and by the employers the resume was sent to. The file itself is kept under
-- $QIAO_VAR_DIR/uploads/resumes, outside the web root, under a random name; the row keeps the
-- name it was uploaded with (backend/src/resources/resume_files.c, docs/recruitment.md).
-- Resumes are never deleted (applications keep their resume_id), so the key has no cascade: a
-- cascade would drop the rows and leave their files on the disk.

CREATE TABLE resume_files (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  resume_id     BIGINT UNSIGNED NOT NULL,
  name          VARCHAR(120) NOT NULL,                         -- as uploaded, checked: no path
  stored_as     VARCHAR(64) CHARACTER SET ascii NOT NULL,      -- its random name on the disk
  content_type  VARCHAR(40) CHARACTER SET ascii NOT NULL,      -- from the bytes, not the header
  size          INT UNSIGNED NOT NULL,
  created_at    TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY uq_resume_files_stored (stored_as),
  KEY ix_resume_files_resume (resume_id, id),
  CONSTRAINT fk_resume_files_resume FOREIGN KEY (resume_id) REFERENCES resumes (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
