// The parameters every *_autocomplete action takes (CKAN's `q` and `limit`); each spreads them into
// its input schema beside its own.
export const AUTOCOMPLETE_PARAMS = {
  q: { type: 'string', minLength: 1 },
  limit: { type: 'integer', minimum: 0, maximum: 1000 },
} as const;
