-- 027_application_tally.sql: the applications of each job counted by state, kept current by
-- triggers in the transaction of every application write, so an employer's list of applicants
-- gets its total from at most seven rows instead of counting a popular job's thousands of
-- applications on every page (20 ms each for 5,000, the whole cost of the page under load).
-- None while a bulk loader runs (sql/024).
CREATE TABLE application_tally (
  job_id  BIGINT UNSIGNED NOT NULL,
  state   ENUM('delivered','viewed','shortlisted','interview','offer','rejected','withdrawn') NOT NULL,
  n       INT NOT NULL,
  PRIMARY KEY (job_id, state)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Filled before the triggers exist: migrations run while the workers are stopped.
INSERT INTO application_tally (job_id, state, n)
  SELECT job_id, state, COUNT(*) FROM applications GROUP BY job_id, state;

-- Adds delta to the count of one job's applications in one state.
CREATE PROCEDURE application_tally_add(p_job BIGINT UNSIGNED, p_state VARCHAR(16), delta INT)
  INSERT INTO application_tally (job_id, state, n) VALUES (p_job, p_state, delta)
  ON DUPLICATE KEY UPDATE n = n + VALUES(n);

CREATE TRIGGER applications_tally_insert AFTER INSERT ON applications FOR EACH ROW
BEGIN
  IF @qiao_bulk_load IS NULL THEN
    CALL application_tally_add(NEW.job_id, NEW.state, 1);
  END IF;
END;

CREATE TRIGGER applications_tally_update AFTER UPDATE ON applications FOR EACH ROW
BEGIN
  IF @qiao_bulk_load IS NULL AND NOT (OLD.job_id <=> NEW.job_id AND OLD.state <=> NEW.state) THEN
    CALL application_tally_add(OLD.job_id, OLD.state, -1);
    CALL application_tally_add(NEW.job_id, NEW.state, 1);
  END IF;
END;

CREATE TRIGGER applications_tally_delete AFTER DELETE ON applications FOR EACH ROW
BEGIN
  IF @qiao_bulk_load IS NULL THEN
    CALL application_tally_add(OLD.job_id, OLD.state, -1);
  END IF;
END;
