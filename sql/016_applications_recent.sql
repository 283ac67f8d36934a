-- 016_applications_recent.sql: an employer's applicants are read newest first within a job
-- (every state at once), which ix_applications_job (job, state, id) cannot give in order.
ALTER TABLE applications ADD KEY ix_applications_job_recent (job_id, id);
