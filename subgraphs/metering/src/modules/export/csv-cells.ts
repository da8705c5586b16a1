/**
 * One CSV line (RFC 4180: quoted when needed, quotes doubled), with spreadsheet formula injection
 * neutralised: a text cell starting with = + - @ or a tab or carriage return is prefixed with a
 * single quote, so Excel, Sheets and LibreOffice show it as text instead of running it (OWASP's
 * advice). Numbers are written as numbers.
 */
export function csvLine(cells: readonly (string | number | null)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
