import type ExcelJS from 'exceljs';

/** A table to download: a sheet name, headings and rows of plain values. */
export interface ExportTable {
  name: string;
  headings: string[];
  rows: Array<Array<string | number | null>>;
}

/**
 * A cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab or
 * carriage return first) is prefixed with `'`, so that a title someone wrote
 * cannot run as a formula on the reader's machine (CSV injection).
 */
function inert(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * CSV as Swedish spreadsheets read it: semicolon-separated, UTF-8 with a byte
 * order mark, CRLF line ends, every field quoted (RFC 4180 quoting).
 */
export function toCsv(table: ExportTable): string {
  const line = (cells: Array<string | number | null>) => cells.map((cell) => `"${inert(cell).replace(/"/g, '""')}"`).join(';');
  return `\uFEFF${[line(table.headings), ...table.rows.map(line)].join('\r\n')}\r\n`;
}

/** The same table as an Excel workbook of one sheet, headings bold and frozen. */
export async function toXlsx(table: ExportTable): Promise<Buffer> {
  // Loaded on the first download: requiring exceljs costs every start (the server's, each tool's) about 0.3 s of CPU.
  const { Workbook } = ((await import('exceljs')) as unknown as { default: typeof ExcelJS }).default;
  const workbook = new Workbook();
  workbook.creator = 'Frågespår';
  const sheet = workbook.addWorksheet(table.name.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(table.headings).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row.map((cell) => (typeof cell === 'number' ? cell : inert(cell))));
  sheet.columns.forEach((column) => (column.width = 18));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
