/** The embedded default's SQLite files in CRM_DATA_DIR (why two: sqlite-database.ts). */
export const DATA_FILES = { log: 'crm.sqlite', readModels: 'read-models.sqlite' } as const;
