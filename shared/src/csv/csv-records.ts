/** One record of a CSV file and the line it starts on (1-based, header included). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * Reads RFC 4180 CSV record by record without building the whole table: quoted fields may hold
 * commas, doubled quotes and line breaks; CRLF and LF both end a record; blank lines are skipped.
 */
export function* csvRecords(text: string): Generator<CsvRecord> {
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    let endOfRecord = false;
    while (i < text.length && !endOfRecord) {
      const c = text[i];
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (c === '"') {
          quoted = false;
          i += 1;
        } else {
          if (c === '\n') line += 1;
          field += c;
          i += 1;
        }
      } else if (c === '"' && field === '') {
        quoted = true;
        i += 1;
      } else if (c === ',') {
        fields.push(field);
        field = '';
        i += 1;
      } else if (c === '\r' || c === '\n') {
        i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
        line += 1;
        endOfRecord = true;
      } else {
        field += c;
        i += 1;
      }
    }
    fields.push(field);
    if (fields.length === 1 && fields[0].trim() === '') continue;
    yield { line: start, fields };
  }
}
