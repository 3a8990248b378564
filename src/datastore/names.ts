// Names shared by the migration and the DataStore code.
export const SCHEMA = 'datastore';
/** NOLOGIN role with SELECT on DataStore tables only; datastore_search_sql switches to it when it exists. */
export const READER_ROLE = 'pasport_datastore_reader';
/** CKAN's ckan.datastore.search.rows_max. */
export const ROWS_MAX = 32000;
/** Full-text configuration: no stemming, the data mixes Kazakh, Russian, Uzbek and English. */
export const TS_CONFIG = 'simple';
