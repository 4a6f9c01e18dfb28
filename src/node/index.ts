// scorekit/node: Node-only helpers to read and write table files (CSV, NDJSON, JSON) for scoring.
export {
  type CsvOptions,
  detectDelimiter,
  fromDecimalComma,
  readCsv,
  readCsvHeader,
  type TableRow,
} from './csv.js';
export { fileSize, formatOf, readColumns, readTable, type TableFormat } from './table.js';
export { scoredCells, scoredColumns, writeLines, writeScored } from './write.js';
