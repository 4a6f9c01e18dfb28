// scorekit/node: Node-only helpers to read and write table files (CSV, NDJSON, JSON) for scoring.
export {
  type CsvOptions,
  csvDelimiter,
  detectDelimiter,
  readCsv,
  readCsvHeader,
  type TableRow,
} from './csv.js';
export { decodeWindows1252, TEXT_ENCODINGS, type TextEncoding, type TextOptions } from './decode.js';
export { TableError } from './errors.js';
export { fromDecimalComma, headerPaths, type RowOptions, rowFields } from './header.js';
export { type JsonSyntaxError, jsonSyntaxError } from './json.js';
export { fileSize, formatOf, readColumns, readTable, type TableFormat } from './table.js';
export {
  aggregateTransactionsFile,
  type IdList,
  type KnownIds,
  type RejectedTransaction,
  type TransactionsFileOptions,
  type TransactionsFileResult,
} from './transactions-csv.js';
export {
  type CsvWriteOptions,
  csvLine,
  formatCsvNumber,
  pipelineColumns,
  ScoredFileWriter,
  type ScoredWriteOptions,
  scoredCells,
  scoredColumns,
  unknownColumns,
  writeLines,
  writeScored,
} from './write.js';
