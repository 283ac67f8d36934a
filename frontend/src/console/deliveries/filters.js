// The filters of resume delivery, shared by its list, its figures and its export.

export const blankFilters = () => ({
  dates: [], // [from, to] as YYYY-MM-DD: the days the applications were sent
  employer_id: '',
  college: '',
  major_id: '',
  state: '',
  fair_id: null,
})

/** The query every /admin/applications route takes for these filters. */
export const filterQuery = (filters) => ({
  from: filters.dates?.[0],
  to: filters.dates?.[1],
  employer_id: filters.employer_id,
  college: filters.college,
  major_id: filters.major_id,
  state: filters.state,
  fair_id: filters.fair_id ?? undefined,
})
