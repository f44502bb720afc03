import { createHash } from 'node:crypto';
import type ExcelJS from 'exceljs';
import { COLUMNS, type Column } from './import-template';

/** A file to import or one exported: its name and its bytes. */
export interface ImportFile {
  name: string;
  bytes: Buffer;
}

/** One data row of the file, numbered as a spreadsheet shows it (the header is row 1). */
export interface TableRow {
  rowNumber: number;
  cells: Partial<Record<Column, string>>;
}

/** A row that cannot be imported: which row, which column, which rule, and a sentence for people. */
export interface RowRefusal {
  row: number;
  column: string;
  rule: string;
  message: string;
}

export type FileKind = 'csv' | 'xlsx';

export class UnreadableFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableFileError';
  }
}

export function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The kind of a file by its name and its first bytes: an XLSX file is a ZIP
 * archive (`PK`), a CSV file is text. A name and content that disagree are
 * refused, so a renamed file is not read as what it is not.
 */
export function kindOf(file: ImportFile): FileKind {
  const isZip = file.bytes.length >= 4 && file.bytes[0] === 0x50 && file.bytes[1] === 0x4b && file.bytes[2] === 0x03 && file.bytes[3] === 0x04;
  const name = file.name.toLowerCase();
  if (name.endsWith('.xlsx')) {
    if (!isZip) throw new UnreadableFileError(`${file.name} is named .xlsx but is not an XLSX workbook`);
    return 'xlsx';
  }
  if (name.endsWith('.csv') || name.endsWith('.txt')) {
    if (isZip || file.bytes.includes(0)) throw new UnreadableFileError(`${file.name} is named .csv but is not text`);
    return 'csv';
  }
  throw new UnreadableFileError(`${file.name}: only .csv and .xlsx files can be imported`);
}

/** The rows of a file of either kind, with the refusals of its header (unknown or missing columns). */
export async function readTable(file: ImportFile): Promise<{ rows: TableRow[]; refusals: RowRefusal[] }> {
  const records = kindOf(file) === 'xlsx' ? await xlsxRecords(file.bytes) : csvRecords(file.bytes.toString('utf8'));
  return tableOf(records);
}

/** Header row and data rows, as text, into rows keyed by column; blank rows are left out. */
export function tableOf(records: string[][]): { rows: TableRow[]; refusals: RowRefusal[] } {
  const [header = [], ...data] = records;
  const refusals: RowRefusal[] = [];
  const columns: Array<Column | undefined> = header.map((title, index) => {
    const name = title.trim().toLocaleLowerCase('sv-SE');
    if (name === '') return undefined;
    if ((COLUMNS as readonly string[]).includes(name)) return name as Column;
    refusals.push({
      row: 1,
      column: title,
      rule: 'unknown-column',
      message: `Column ${index + 1} "${title}" is not a column of the template (docs/import.md)`,
    });
    return undefined;
  });
  for (const required of ['fråga', 'steg', 'datum'] as const) {
    if (!columns.includes(required)) refusals.push({ row: 1, column: required, rule: 'missing-column', message: `The header has no column "${required}"` });
  }
  const rows: TableRow[] = [];
  data.forEach((record, index) => {
    if (record.every((cell) => cell.trim() === '')) return;
    const cells: Partial<Record<Column, string>> = {};
    record.forEach((cell, position) => {
      const column = columns[position];
      if (column !== undefined && cell.trim() !== '') cells[column] = readable(cell.trim());
    });
    rows.push({ rowNumber: index + 2, cells });
  });
  return { rows, refusals };
}

/**
 * A cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab or
 * carriage return first) is written with `'` before it, so that text someone
 * wrote cannot run as a formula on the reader's machine (CSV injection), as in
 * web/exports/table-export.ts; reading takes the `'` off again.
 */
export function inert(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function readable(text: string): string {
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}

/**
 * RFC 4180 records: fields in double quotes may hold the separator, line
 * breaks and doubled quotes. The separator is the header's: a semicolon (what
 * Excel writes in Swedish, where the comma is the decimal sign) or a comma.
 */
export function csvRecords(text: string): string[][] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const firstLine = body.slice(0, body.search(/\r?\n|$/));
  const separator = firstLine.includes(';') ? ';' : ',';
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < body.length; index++) {
    const char = body[index];
    if (quoted) {
      if (char === '"' && body[index + 1] === '"') {
        field += '"';
        index++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === separator) {
      record.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && body[index + 1] === '\n') index++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** The template as CSV: semicolons, every field quoted, CRLF, with a byte order mark so that Excel reads it as UTF-8. */
export function csvText(records: string[][]): string {
  return '\ufeff' + records.map((record) => record.map((field) => `"${inert(field).replace(/"/g, '""')}"`).join(';')).join('\r\n') + '\r\n';
}

/** exceljs, loaded on first use: requiring it costs every start about 0.3 s of CPU (as in web/exports/table-export.ts). */
async function loadWorkbook(): Promise<ExcelJS.Workbook> {
  const { Workbook } = ((await import('exceljs')) as unknown as { default: typeof ExcelJS }).default;
  return new Workbook();
}

/** The first worksheet's rows as text; a date cell becomes its calendar date (YYYY-MM-DD). */
async function xlsxRecords(bytes: Buffer): Promise<string[][]> {
  const workbook = await loadWorkbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw new UnreadableFileError(`The workbook cannot be read: ${(error as Error).message}`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const records: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const record: string[] = [];
    for (let column = 1; column <= sheet.columnCount; column++) record.push(cellText(row.getCell(column).value));
    records[rowNumber - 1] = record;
  });
  return Array.from(records, (record) => record ?? []);
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    return '';
  }
  return String(value);
}

/** The template as an XLSX workbook: one sheet, the header in bold, every cell text (so dates stay YYYY-MM-DD). */
export async function xlsxBytes(records: string[][]): Promise<Buffer> {
  const workbook = await loadWorkbook();
  const sheet = workbook.addWorksheet('Frågespår');
  records.forEach((record) => sheet.addRow(record.map(inert)));
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((column) => {
    column.numFmt = '@';
    column.width = 18;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
