// CSV and TSV lines of record values (datastore_search records_format csv/tsv and the dumps).
const text = (v: unknown): string =>
  v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);

export function csvLine(values: unknown[]): string {
  return (
    values
      .map((v) => {
        const s = text(v);
        return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
      })
      .join(',') + '\r\n'
  );
}

// TSV has no quoting: tabs and line breaks inside values become spaces.
export function tsvLine(values: unknown[]): string {
  return values.map((v) => text(v).replace(/[\t\r\n]+/g, ' ')).join('\t') + '\n';
}
