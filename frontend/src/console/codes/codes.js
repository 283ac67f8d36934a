// Vocabulary of the code tables the office edits (PUT /codes/{table}/{code}): the tables, the
// fields each takes beyond the common ones, and how a form sends them.
export const EDITABLE_TABLES = ['destination', 'unit-nature', 'industry', 'region', 'political-status']
export const COMMON_FIELDS = ['name', 'valid_from', 'valid_to', 'sort_order']
export const TABLE_FIELDS = {
  destination: ['category', 'needs_employer', 'needs_school'],
  region: ['level', 'parent_code', 'full_name'],
}
export const CODE_TYPES = { valid_from: 'number', valid_to: 'number', sort_order: 'number', level: 'number', needs_employer: 'boolean', needs_school: 'boolean' }
/** What a new code of a table cannot do without (the server's rule). */
export const CODE_REQUIRED = ['code', 'name', 'category', 'level', 'full_name']
export const CATEGORIES = ['employed', 'further_study', 'pending', 'not_counted']
export const REGION_LEVELS = [1, 2, 3]
export const YEARS = { min: 2000, max: 2100 }
