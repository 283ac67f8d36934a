-- 014_employers_jobs.sql: employers registering themselves, their reviews, licences and HR
-- users (seed manual §4.1), and the review of their jobs (§4.3).
--
-- States of an employer: pending (等待审核, new) → approved (已入驻) or rejected (with a
-- reason; an edit sends it back to pending). An approved employer who changes key details
-- goes to rereview (待复审) with the changes held in pending_changes, and keeps working with
-- the old details until the office approves them. Jobs follow the same pattern: pending
-- (待审核) → approved (已审核) or rejected; an edit of an approved job waits in
-- pending_changes (待复审) while the approved text stays public.

ALTER TABLE employers
  ADD COLUMN address          VARCHAR(200) NULL AFTER region_code,
  ADD COLUMN website          VARCHAR(200) NULL AFTER address,
  ADD COLUMN description      TEXT         NULL AFTER website,
  ADD COLUMN pending_changes  JSON         NULL AFTER status,
  ADD COLUMN review_reason    VARCHAR(500) NULL AFTER pending_changes,
  ADD COLUMN reviewed_by      BIGINT UNSIGNED NULL AFTER review_reason,
  ADD COLUMN reviewed_at      TIMESTAMP    NULL AFTER reviewed_by,
  -- The business licence (营业执照) as uploaded: a file under $QIAO_VAR_DIR/uploads, outside
  -- the web root, served only to the employer and reviewing staff.
  ADD COLUMN licence_file     VARCHAR(100) NULL AFTER reviewed_at,
  ADD COLUMN licence_type     VARCHAR(40)  NULL AFTER licence_file,
  ADD COLUMN licence_at       TIMESTAMP    NULL AFTER licence_type,
  ADD COLUMN wechat_bound     TINYINT(1)   NOT NULL DEFAULT 0 AFTER licence_at,
  ADD KEY ix_employers_industry (industry_code, status),
  ADD KEY ix_employers_region (region_code, status),
  ADD CONSTRAINT ck_employers_pending CHECK (pending_changes IS NULL OR JSON_VALID(pending_changes));

-- Refreshing several jobs within a second must still order them: microseconds.
ALTER TABLE jobs
  MODIFY COLUMN refreshed_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  ADD COLUMN pending_changes  JSON         NULL AFTER status,
  ADD COLUMN review_reason    VARCHAR(500) NULL AFTER pending_changes,
  ADD COLUMN reviewed_by      BIGINT UNSIGNED NULL AFTER review_reason,
  ADD COLUMN reviewed_at      TIMESTAMP    NULL AFTER reviewed_by,
  ADD KEY ix_jobs_review (status, id),
  ADD CONSTRAINT ck_jobs_pending CHECK (pending_changes IS NULL OR JSON_VALID(pending_changes));
