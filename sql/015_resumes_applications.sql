-- 015_resumes_applications.sql: students' resumes (seed manual §2.9) and their applications to
-- jobs (§4.4, 简历投递).

CREATE TABLE resumes (
  id                 BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  student_id         BIGINT UNSIGNED NOT NULL,
  title              VARCHAR(100) NOT NULL,
  summary            TEXT         NULL,
  expected_city      VARCHAR(64)  NULL,
  expected_industry  CHAR(1)      NULL,
  expected_job       VARCHAR(100) NULL,
  -- The lists a student fills in: {"education":[…], "experience":[…], "projects":[…],
  -- "skills":[…], "certificates":[…]}; education starts from the student's record.
  content            JSON         NOT NULL,
  recommended        TINYINT(1)   NOT NULL DEFAULT 0,   -- 推荐简历: marked by staff
  recommended_by     BIGINT UNSIGNED NULL,
  created_at         TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at         TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  KEY ix_resumes_student (student_id, id),
  KEY ix_resumes_recommended (recommended, id),
  CONSTRAINT ck_resumes_content CHECK (JSON_VALID(content)),
  CONSTRAINT fk_resumes_student FOREIGN KEY (student_id) REFERENCES students (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One application per student and job. The resume is kept as it was sent, with only the
-- contact details the student chose to share: the employer sees that, never later edits.
CREATE TABLE applications (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  job_id      BIGINT UNSIGNED NOT NULL,
  student_id  BIGINT UNSIGNED NOT NULL,
  resume_id   BIGINT UNSIGNED NOT NULL,
  resume      JSON NOT NULL,
  state       ENUM('delivered','viewed','shortlisted','interview','offer','rejected','withdrawn')
              NOT NULL DEFAULT 'delivered',
  note        VARCHAR(500) NULL,    -- the employer's word with the last change of state
  created_at  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  UNIQUE KEY uq_applications_job_student (job_id, student_id),
  KEY ix_applications_job (job_id, state, id),
  KEY ix_applications_student (student_id, id),
  CONSTRAINT ck_applications_resume CHECK (JSON_VALID(resume)),
  CONSTRAINT fk_applications_job FOREIGN KEY (job_id) REFERENCES jobs (id),
  CONSTRAINT fk_applications_student FOREIGN KEY (student_id) REFERENCES students (id),
  CONSTRAINT fk_applications_resume FOREIGN KEY (resume_id) REFERENCES resumes (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every change of an application's state, by whom and when: both sides see the history.
CREATE TABLE application_events (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  application_id  BIGINT UNSIGNED NOT NULL,
  from_state      VARCHAR(16) NULL,
  to_state        VARCHAR(16) NOT NULL,
  actor_id        BIGINT UNSIGNED NOT NULL,
  note            VARCHAR(500) NULL,
  at              TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  KEY ix_application_events (application_id, id),
  CONSTRAINT fk_application_events FOREIGN KEY (application_id) REFERENCES applications (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
