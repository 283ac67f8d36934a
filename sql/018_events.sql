-- 018_events.sql: venues (场地管理), career events (就业活动, seed manual §3.2) and employers'
-- info sessions (宣讲会, §4.5), with students' sign-ups and check-ins (docs/events.md).
--
-- An info session is an event of kind info_session that an employer applied for: pending
-- (等待审核) → approved or rejected; an approved event may be cancelled. Events the office
-- creates are approved at once.

INSERT INTO permission_items (code, kind, label_zh, label_en, sort_order) VALUES
  ('events.manage', 'function', '管理活动与宣讲会', 'Manage events and info sessions', 195);

CREATE TABLE venues (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name           VARCHAR(100) NOT NULL,
  campus         VARCHAR(100) NULL,
  address        VARCHAR(200) NULL,
  capacity       INT UNSIGNED NOT NULL,
  -- 待定（300人）: a placeholder chosen before the room is known; it may hold any number of
  -- events at once, and the office moves each to a real room when it approves it.
  to_be_decided  TINYINT(1) NOT NULL DEFAULT 0,
  active         TINYINT(1) NOT NULL DEFAULT 1,
  created_at     TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at     TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  UNIQUE KEY uq_venues_name (name),
  CONSTRAINT ck_venues_capacity CHECK (capacity BETWEEN 1 AND 100000)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO venues (name, capacity, to_be_decided) VALUES
  ('待定（100人）', 100, 1),
  ('待定（300人）', 300, 1);

CREATE TABLE events (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind            ENUM('event','info_session') NOT NULL DEFAULT 'event',
  category        VARCHAR(32)  NOT NULL,
  title           VARCHAR(100) NOT NULL,
  description     TEXT         NULL,
  employer_id     BIGINT UNSIGNED NULL,          -- an info session's employer
  venue_id        BIGINT UNSIGNED NULL,
  venue           VARCHAR(100) NULL,             -- the place as shown
  starts_at       DATETIME NOT NULL,             -- China time, like every DATETIME here
  ends_at         DATETIME NOT NULL,
  signup_from     DATETIME NULL,
  signup_until    DATETIME NULL,
  capacity        INT UNSIGNED NOT NULL,
  signups         INT UNSIGNED NOT NULL DEFAULT 0,  -- kept by the sign-up's conditional UPDATE
  checkins        INT UNSIGNED NOT NULL DEFAULT 0,
  require_signup  TINYINT(1) NOT NULL DEFAULT 0,
  checkin_code    VARCHAR(32) NULL,              -- 签到口令
  status          ENUM('pending','approved','rejected','cancelled') NOT NULL DEFAULT 'approved',
  review_reason   VARCHAR(500) NULL,
  created_by      BIGINT UNSIGNED NOT NULL,
  reviewed_by     BIGINT UNSIGNED NULL,
  reviewed_at     TIMESTAMP NULL,
  created_at      TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at      TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  KEY ix_events_public (status, ends_at, starts_at),
  KEY ix_events_venue (venue_id, status, starts_at),
  KEY ix_events_employer (employer_id, id),
  KEY ix_events_queue (kind, status, id),
  CONSTRAINT ck_events_times CHECK (ends_at > starts_at),
  CONSTRAINT ck_events_seats CHECK (signups <= capacity),
  CONSTRAINT fk_events_employer FOREIGN KEY (employer_id) REFERENCES employers (id),
  CONSTRAINT fk_events_venue FOREIGN KEY (venue_id) REFERENCES venues (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE event_signups (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  event_id    BIGINT UNSIGNED NOT NULL,
  student_id  BIGINT UNSIGNED NOT NULL,
  created_at  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY uq_event_signups (event_id, student_id),
  KEY ix_event_signups_student (student_id, event_id),
  CONSTRAINT fk_event_signups_event FOREIGN KEY (event_id) REFERENCES events (id),
  CONSTRAINT fk_event_signups_student FOREIGN KEY (student_id) REFERENCES students (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE event_checkins (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  event_id    BIGINT UNSIGNED NOT NULL,
  student_id  BIGINT UNSIGNED NOT NULL,
  method      ENUM('qr','code') NOT NULL,
  at          TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY uq_event_checkins (event_id, student_id),
  CONSTRAINT fk_event_checkins_event FOREIGN KEY (event_id) REFERENCES events (id),
  CONSTRAINT fk_event_checkins_student FOREIGN KEY (student_id) REFERENCES students (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
