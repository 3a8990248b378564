// A monitoring report as CSV or XLSX: one row per organization and a totals row.
import { loadExcel } from '../lazy.ts';
import { REPORT_COLUMNS, type Report } from './report.ts';

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function rows(r: Report): unknown[][] {
  const out: unknown[][] = r.organizations.map((o) => REPORT_COLUMNS.map((c) => o[c]));
  out.push(REPORT_COLUMNS.map((c) => (c === 'name' ? 'TOTAL' : c === 'code' || c === 'title' ? '' : r.totals[c])));
  return out;
}

export function reportCsv(r: Report): string {
  return (
    [REPORT_COLUMNS as readonly string[], ...rows(r)].map((line) => line.map(csvCell).join(',')).join('\r\n') + '\r\n'
  );
}

export async function reportXlsx(r: Report, title: string): Promise<Buffer> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(title.slice(0, 31));
  ws.addRow([`${title}: ${r.from} – ${r.to} (as of ${r.as_of})`]);
  ws.addRow([...REPORT_COLUMNS]).font = { bold: true };
  for (const line of rows(r)) ws.addRow(line);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
