-- 019_job_fairs.sql: job fairs (招聘会, seed manual §4.6): the fair the office sets up, the
-- employers' applications to take part with the jobs they bring, booths assigned by zone, the
-- employers' and students' check-ins, and resumes delivered on site (docs/fairs.md).

INSERT INTO permission_items (code, kind, label_zh, label_en, sort_order) VALUES
  ('fairs.manage', 'function', '管理招聘会', 'Manage job fairs', 197);

CREATE TABLE fairs (
  id                   BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  title                VARCHAR(100) NOT NULL,
  description          TEXT         NULL,
  venue_id             BIGINT UNSIGNED NULL,
  venue                VARCHAR(100) NULL,            -- the place as shown
  starts_at            DATETIME NOT NULL,
  ends_at              DATETIME NOT NULL,
  publish_at           DATETIME NULL,                -- 对外发布时间: hidden from the public before it
  apply_until          DATETIME NOT NULL,            -- 申请截止时间 of employers
  booths               INT UNSIGNED NOT NULL,        -- 展位总数
  booths_taken         INT UNSIGNED NOT NULL DEFAULT 0,  -- by approved applications, kept by a conditional UPDATE
  max_booths           TINYINT UNSIGNED NOT NULL DEFAULT 1,  -- 申请展位数: most one employer may ask for
  max_attendees        TINYINT UNSIGNED NOT NULL DEFAULT 3,  -- 参会人数 per employer
  fee                  DECIMAL(10,2) NOT NULL DEFAULT 0,     -- 参会费用 per booth, yuan
  payment_note         VARCHAR(500) NULL,            -- 支付方式, 发票信息
  form_note            TEXT NULL,                    -- 申请表说明, printed on the receipt
  participants_public  TINYINT(1) NOT NULL DEFAULT 1,  -- whether students see who comes before the day
  require_signup       TINYINT(1) NOT NULL DEFAULT 0,  -- students must sign up before checking in
  checkin_code         VARCHAR(32) NULL,
  status               ENUM('published','cancelled') NOT NULL DEFAULT 'published',
  cancel_reason        VARCHAR(500) NULL,
  signups              INT UNSIGNED NOT NULL DEFAULT 0,
  checkins             INT UNSIGNED NOT NULL DEFAULT 0,
  created_by           BIGINT UNSIGNED NOT NULL,
  created_at           TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at           TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  KEY ix_fairs_public (status, ends_at, starts_at),
  CONSTRAINT ck_fairs_times CHECK (ends_at > starts_at),
  CONSTRAINT ck_fairs_booths CHECK (booths_taken <= booths),
  CONSTRAINT fk_fairs_venue FOREIGN KEY (venue_id) REFERENCES venues (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- An employer's application to take part (参会申请): pending → approved (its booths counted
-- in fairs.booths_taken) or rejected; pending or approved → withdrawn by the employer.
CREATE TABLE fair_applications (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  fair_id        BIGINT UNSIGNED NOT NULL,
  employer_id    BIGINT UNSIGNED NOT NULL,
  booths         TINYINT UNSIGNED NOT NULL DEFAULT 1,
  attendees      TINYINT UNSIGNED NOT NULL DEFAULT 1,
  contact_name   VARCHAR(100) NOT NULL,
  contact_phone  VARCHAR(20)  NOT NULL,
  note           VARCHAR(500) NULL,
  state          ENUM('pending','approved','rejected','withdrawn') NOT NULL DEFAULT 'pending',
  review_reason  VARCHAR(500) NULL,
  reviewed_by    BIGINT UNSIGNED NULL,
  reviewed_at    TIMESTAMP NULL,
  zone           VARCHAR(20) NULL,                 -- 区域, set with the booths
  group_name     VARCHAR(50) NULL,                 -- 组别
  checked_in_at  TIMESTAMP NULL,                   -- the employer's check-in on the day
  created_at     TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at     TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  UNIQUE KEY uq_fair_applications (fair_id, employer_id),
  KEY ix_fair_applications_state (fair_id, state, id),
  KEY ix_fair_applications_employer (employer_id, id),
  CONSTRAINT fk_fair_applications_fair FOREIGN KEY (fair_id) REFERENCES fairs (id),
  CONSTRAINT fk_fair_applications_employer FOREIGN KEY (employer_id) REFERENCES employers (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The jobs an employer brings to the fair (its own approved ones).
CREATE TABLE fair_application_jobs (
  application_id  BIGINT UNSIGNED NOT NULL,
  job_id          BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (application_id, job_id),
  KEY ix_fair_application_jobs_job (job_id),
  CONSTRAINT fk_faj_application FOREIGN KEY (application_id) REFERENCES fair_applications (id),
  CONSTRAINT fk_faj_job FOREIGN KEY (job_id) REFERENCES jobs (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row a booth: a booth number is held by at most one application of the fair.
CREATE TABLE fair_booths (
  fair_id         BIGINT UNSIGNED NOT NULL,
  booth           VARCHAR(20) NOT NULL,            -- e.g. A01
  application_id  BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (fair_id, booth),
  KEY ix_fair_booths_application (application_id),
  CONSTRAINT fk_fair_booths_fair FOREIGN KEY (fair_id) REFERENCES fairs (id),
  CONSTRAINT fk_fair_booths_application FOREIGN KEY (application_id) REFERENCES fair_applications (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Students signed up for the fair, and their check-in (a walk-in is a row made by the check-in
-- where the fair does not require signing up).
CREATE TABLE fair_visitors (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  fair_id         BIGINT UNSIGNED NOT NULL,
  student_id      BIGINT UNSIGNED NOT NULL,
  signed_up_at    TIMESTAMP NULL,
  checked_in_at   TIMESTAMP NULL,
  checkin_method  ENUM('qr','code') NULL,
  UNIQUE KEY uq_fair_visitors (fair_id, student_id),
  KEY ix_fair_visitors_student (student_id, fair_id),
  CONSTRAINT fk_fair_visitors_fair FOREIGN KEY (fair_id) REFERENCES fairs (id),
  CONSTRAINT fk_fair_visitors_student FOREIGN KEY (student_id) REFERENCES students (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A resume delivered at a fair (现场投递) is an application that names the fair.
ALTER TABLE applications
  ADD COLUMN fair_id BIGINT UNSIGNED NULL AFTER resume,
  ADD KEY ix_applications_fair (fair_id, id),
  ADD CONSTRAINT fk_applications_fair FOREIGN KEY (fair_id) REFERENCES fairs (id);
