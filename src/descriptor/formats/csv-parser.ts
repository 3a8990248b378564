// An RFC 4180 CSV reader that can be fed in chunks: quoted fields ("" escapes, embedded delimiters and line
// breaks), CRLF, LF or CR record ends. A quote inside an unquoted field is kept literally, as spreadsheets
// write it; text after a closing quote is an error.

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
  }
}

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_IN_QUOTED = 3; // saw `"` inside a quoted field: `""` or the closing quote, the next char says

export class CsvReader {
  private state = FIELD_START;
  private field = '';
  private row: string[] = [];
  private skipLf = false;
  private line = 1;
  private rowLine = 1;
  /** 1-based line on which each emitted row started (a quoted field may span lines). */
  readonly rowLines: number[] = [];

  constructor(readonly delimiter = ',') {}

  /** Feeds a chunk; returns the rows it completed. */
  push(chunk: string): string[][] {
    const out: string[][] = [];
    const d = this.delimiter;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (this.skipLf) {
        this.skipLf = false;
        if (c === '\n') continue;
      }
      const newline = c === '\n' || c === '\r';
      switch (this.state) {
        case QUOTED:
          if (c === '"') this.state = QUOTE_IN_QUOTED;
          else {
            if (c === '\n' || (c === '\r' && chunk[i + 1] !== '\n')) this.line++;
            this.field += c;
          }
          continue;
        case QUOTE_IN_QUOTED:
          if (c === '"') {
            this.field += '"';
            this.state = QUOTED;
            continue;
          }
          if (c !== d && !newline) throw new CsvSyntaxError('text after a closing quote', this.line);
          break;
        case FIELD_START:
          if (c === '"') {
            this.state = QUOTED;
            continue;
          }
          break;
      }
      if (c === d) this.endField();
      else if (newline) {
        this.endField();
        this.endRow(out);
        if (c === '\r') this.skipLf = true;
      } else {
        // Unquoted text; fast path to the next special character.
        let j = i;
        while (j < chunk.length && chunk[j] !== d && chunk[j] !== '\n' && chunk[j] !== '\r') j++;
        this.field += chunk.slice(i, j);
        this.state = UNQUOTED;
        i = j - 1;
      }
    }
    return out;
  }

  /** Ends the input; returns the last row, if it had no line break. */
  end(): string[][] {
    if (this.state === QUOTED) throw new CsvSyntaxError('unclosed quoted field', this.line);
    const out: string[][] = [];
    if (this.state !== FIELD_START || this.row.length) {
      this.endField();
      this.endRow(out);
    }
    return out;
  }

  private endField(): void {
    this.row.push(this.field);
    this.field = '';
    this.state = FIELD_START;
  }

  private endRow(out: string[][]): void {
    out.push(this.row);
    this.row = [];
    this.rowLines.push(this.rowLine);
    this.line++;
    this.rowLine = this.line;
  }
}

/** Reads a whole CSV text. */
export function readCsv(text: string, delimiter = ','): { rows: string[][]; lines: number[] } {
  const reader = new CsvReader(delimiter);
  const rows = reader.push(text);
  rows.push(...reader.end());
  return { rows, lines: reader.rowLines };
}

/** The delimiter of the first line (outside quotes): `,`, `;` (Excel in ru/kk locales) or tab. */
export function sniffDelimiter(text: string): string {
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (let i = 0; i < text.length && i < 65536; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && c in counts) counts[c]++;
  }
  return counts[';'] > counts[','] && counts[';'] >= counts['\t'] ? ';' : counts['\t'] > counts[','] ? '\t' : ',';
}

const needsQuotes = /[",\r\n;\t]|^\s|\s$/;
/** One CSV line (CRLF-terminated), quoting where RFC 4180 needs it. */
export function csvLine(cells: readonly string[], delimiter = ','): string {
  return `${cells.map((c) => (needsQuotes.test(c) || c.includes(delimiter) ? `"${c.replace(/"/g, '""')}"` : c)).join(delimiter)}\r\n`;
}
