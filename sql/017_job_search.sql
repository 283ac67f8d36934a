-- 017_job_search.sql: full-text search over jobs that works for Chinese. MariaDB has no parser
-- for Chinese, so the backend writes each job's search terms (core/terms.c: Han characters
-- singly and in pairs, Latin words, from the title, city, majors and employer name) into
-- search_terms, and the FULLTEXT index over them answers a search. `qiao migrate` fills the
-- terms of jobs that have none.
ALTER TABLE jobs
  ADD COLUMN search_terms TEXT NULL,
  ADD FULLTEXT KEY ft_jobs_terms (search_terms);
