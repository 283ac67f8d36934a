-- 031_job_terms.sql: the job search's own index in place of InnoDB's FULLTEXT one. A search for
-- a common word ("开发": 20,000 of 200,000 jobs) took InnoDB's full-text index 0.2 s, most of it
-- fetching each match's row to filter it by city. Here each term of a job's search_terms
-- (core/terms.c) is a row of job_terms, so a search reads one term's range of the primary key and
-- checks the other terms and the filters in indexes (ix_job_terms_job, ix_jobs_match), never in
-- the jobs' rows. Kept by the triggers below whenever search_terms changes; a bulk loader
-- (@qiao_bulk_load, see sql/024) writes the jobs' terms itself in one sorted pass.
CREATE TABLE job_terms (
  term VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  job_id BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (term, job_id),
  KEY ix_job_terms_job (job_id, term)
) ENGINE=InnoDB;

-- What a search filters on and orders by, beside the job's id: a match is checked here. A
-- search in one city may read that city's listed jobs newest first instead (when they are fewer
-- than its rarest word's): ix_jobs_listed_city (sql/028) then holds the filtered columns too.
ALTER TABLE jobs
  DROP KEY ft_jobs_terms,
  ADD KEY ix_jobs_match (id, listed, city, degree, salary_min, salary_max, refreshed_at),
  DROP KEY ix_jobs_listed_city,
  ADD KEY ix_jobs_listed_city (listed, city, refreshed_at, id, degree, salary_min, salary_max);

-- The terms of a job's search_terms (space-separated) as a JSON array: each term is "x" and hex
-- digits, so it can be quoted as it is.
CREATE FUNCTION job_terms_json(p_terms TEXT) RETURNS TEXT DETERMINISTIC
  RETURN CONCAT('["', REPLACE(p_terms, ' ', '","'), '"]');

CREATE PROCEDURE job_terms_write(p_job BIGINT UNSIGNED, p_terms TEXT)
  INSERT INTO job_terms (term, job_id)
  SELECT t.term, p_job
  FROM JSON_TABLE(job_terms_json(p_terms), '$[*]' COLUMNS (term VARCHAR(100) PATH '$')) t
  WHERE t.term <> '';

-- Every job's terms written again in one pass, in the primary key's order, the second index
-- built after (as it is, row by row, 200,000 jobs' terms took ten minutes; so, two).
CREATE PROCEDURE job_terms_rebuild()
BEGIN
  ALTER TABLE job_terms DROP KEY ix_job_terms_job;
  TRUNCATE job_terms;
  INSERT INTO job_terms (term, job_id)
  SELECT t.term, j.id
  FROM jobs j, JSON_TABLE(job_terms_json(j.search_terms), '$[*]' COLUMNS (term VARCHAR(100) PATH '$')) t
  WHERE j.search_terms <> '' AND t.term <> ''
  ORDER BY t.term, j.id;
  ALTER TABLE job_terms ADD KEY ix_job_terms_job (job_id, term);
END;

CREATE TRIGGER jobs_terms_insert AFTER INSERT ON jobs FOR EACH ROW
BEGIN
  IF @qiao_bulk_load IS NULL AND NEW.search_terms IS NOT NULL THEN
    CALL job_terms_write(NEW.id, NEW.search_terms);
  END IF;
END;

CREATE TRIGGER jobs_terms_update AFTER UPDATE ON jobs FOR EACH ROW
BEGIN
  IF @qiao_bulk_load IS NULL AND NOT (OLD.search_terms <=> NEW.search_terms) THEN
    DELETE FROM job_terms WHERE job_id = OLD.id;
    IF NEW.search_terms IS NOT NULL THEN
      CALL job_terms_write(NEW.id, NEW.search_terms);
    END IF;
  END IF;
END;

CREATE TRIGGER jobs_terms_delete AFTER DELETE ON jobs FOR EACH ROW
  DELETE FROM job_terms WHERE job_id = OLD.id;

CALL job_terms_rebuild();
