-- 004_students.sql: student records, their employment (current and history), dispatch, the
-- import field mappings, and what makes statistics fast.

ALTER TABLE students
  ADD COLUMN political_status  CHAR(2)     NULL AFTER origin_region_code,
  -- The current approved destination, kept in step with `employment` for lists and statistics.
  ADD COLUMN destination_code  VARCHAR(4)  NULL AFTER status,
  ADD KEY ix_students_stats (graduation_year, major_id, status, destination_code),
  ADD KEY ix_students_no (student_no),
  ADD KEY ix_students_name (name);

-- The current employment record (就业信息) of a student: the newest approved entry by
-- effective date. Every change is also an entry of employment_history.
CREATE TABLE employment (
  student_id        BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  destination_code  VARCHAR(4)   NULL,
  employer_name     VARCHAR(200) NULL,
  credit_code       CHAR(18)     NULL,
  industry_code     CHAR(1)      NULL,
  region_code       CHAR(6)      NULL,
  unit_nature_code  VARCHAR(4)   NULL,
  job_title         VARCHAR(100) NULL,
  salary            DECIMAL(12,2) NULL,
  school            VARCHAR(200) NULL,
  effective_date    DATE         NULL,
  history_id        BIGINT UNSIGNED NULL,
  updated_by        BIGINT UNSIGNED NULL,
  updated_at        TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  CONSTRAINT fk_employment_student FOREIGN KEY (student_id) REFERENCES students (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every employment change: staff entries are approved at once; a student's report waits for
-- review. Rates "as of" a date are computed from the approved entries.
CREATE TABLE employment_history (
  id                BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  student_id        BIGINT UNSIGNED NOT NULL,
  destination_code  VARCHAR(4)   NULL,
  employer_name     VARCHAR(200) NULL,
  credit_code       CHAR(18)     NULL,
  industry_code     CHAR(1)      NULL,
  region_code       CHAR(6)      NULL,
  unit_nature_code  VARCHAR(4)   NULL,
  job_title         VARCHAR(100) NULL,
  salary            DECIMAL(12,2) NULL,
  school            VARCHAR(200) NULL,
  effective_date    DATE         NOT NULL,
  state             ENUM('pending','approved','rejected') NOT NULL,
  submitted_by      BIGINT UNSIGNED NULL,
  submitted_at      TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  reviewed_by       BIGINT UNSIGNED NULL,
  reviewed_at       TIMESTAMP NULL,
  review_reason     VARCHAR(500) NULL,
  KEY ix_eh_student (student_id, state, effective_date, id),
  KEY ix_eh_state (state, id),
  CONSTRAINT fk_eh_student FOREIGN KEY (student_id) REFERENCES students (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Dispatch information (派遣信息): by default back to the employment office of the student's
-- place of origin (回生源地), until the acceptance letter says otherwise.
CREATE TABLE dispatch (
  student_id        BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  dispatch_type     VARCHAR(32)  NOT NULL DEFAULT '回生源地',
  unit_name         VARCHAR(200) NULL,
  unit_address      VARCHAR(200) NULL,
  archive_unit      VARCHAR(200) NULL,
  archive_address   VARCHAR(200) NULL,
  hukou_address     VARCHAR(200) NULL,
  updated_at        TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  CONSTRAINT fk_dispatch_student FOREIGN KEY (student_id) REFERENCES students (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The import wizard's field mapping, saved per user: {"file header": "field", ...}.
CREATE TABLE import_mappings (
  account_id  BIGINT UNSIGNED NOT NULL,
  kind        VARCHAR(32) NOT NULL,
  mapping     TEXT NOT NULL,
  updated_at  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  PRIMARY KEY (account_id, kind),
  CONSTRAINT fk_im_account FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Records loaded before this migration get their employment and dispatch rows.
INSERT INTO employment (student_id) SELECT id FROM students;
INSERT INTO dispatch (student_id) SELECT id FROM students;
