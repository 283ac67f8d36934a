-- 033_job_terms_load.sql: the two halves of a bulk load of the job search's terms, so a loader
-- that writes the terms itself (`qiao demo-data`: a file already in the primary key's order,
-- by LOAD DATA, twice as fast as job_terms_rebuild's sorting INSERT) and job_terms_rebuild share
-- them: the table emptied and its second index dropped before, that index built after.
CREATE PROCEDURE job_terms_load_begin()
BEGIN
  ALTER TABLE job_terms DROP KEY ix_job_terms_job;
  TRUNCATE job_terms;
END;
CREATE PROCEDURE job_terms_load_end()
  ALTER TABLE job_terms ADD KEY ix_job_terms_job (job_id, term);
DROP PROCEDURE job_terms_rebuild;
CREATE PROCEDURE job_terms_rebuild()
BEGIN
  CALL job_terms_load_begin();
  INSERT INTO job_terms (term, job_id)
  SELECT t.term, j.id
  FROM jobs j, JSON_TABLE(job_terms_json(j.search_terms), '$[*]' COLUMNS (term VARCHAR(100) PATH '$')) t
  WHERE j.search_terms <> '' AND t.term <> ''
  ORDER BY t.term, j.id;
  CALL job_terms_load_end();
END;
