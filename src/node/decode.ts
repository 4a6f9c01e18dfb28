// Decoding input files to text: UTF-8 (checked: an invalid byte stops the read with its line) or
// Windows-1252, the encoding of CSV files saved by Excel on a Western-European Windows ("CSV (separated by
// semicolons)" rather than "CSV UTF-8").
import { createReadStream } from 'node:fs';
import { TableError } from './errors.js';

/**
 * The encodings the readers accept. `latin1` is read as Windows-1252, its superset, as the WHATWG Encoding
 * Standard (and every browser) does: ISO-8859-1 puts invisible control codes at 0x80–0x9F where
 * Windows-1252 has `€`, `œ`, `’`, `…`.
 */
export type TextEncoding = 'utf-8' | 'windows-1252' | 'latin1';

/** The accepted names, for messages. */
export const TEXT_ENCODINGS: readonly TextEncoding[] = ['utf-8', 'windows-1252', 'latin1'];

// WHATWG index-windows-1252, bytes 0x80–0x9F (the other bytes are the same code points as in Latin-1).
// Written out here because Node's TextDecoder decodes 'windows-1252' as Latin-1 in some releases
// (nodejs/node#56542, #60888: 0x80 comes out as U+0080 instead of €).
const HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d,
  0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
  0x153, 0x9d, 0x17e, 0x178,
].map((c) => String.fromCharCode(c));

/**
 * Decodes Windows-1252 bytes: Latin-1 for every byte but 0x80–0x9F, which map to `€`, `‚`, `ƒ`… `Ÿ`.
 *
 * @example
 * decodeWindows1252(Uint8Array.of(0x80, 0x20, 0x63, 0x61, 0x66, 0xe9)) // → '€ café'
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return text.replace(/[\u0080-\u009f]/g, (c) => HIGH[c.charCodeAt(0) - 0x80] as string);
}

/** A streaming decoder: `write` each chunk of bytes, then `end`. Throws `TypeError` on invalid UTF-8. */
interface ChunkDecoder {
  write(bytes: Uint8Array): string;
  end(): string;
}

/** True when the bytes start with the UTF-8 byte order mark, which Excel writes in "CSV UTF-8" files. */
function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

function chunkDecoder(encoding: TextEncoding): ChunkDecoder {
  if (encoding !== 'utf-8') return { write: decodeWindows1252, end: () => '' };
  // fatal: an invalid byte throws instead of becoming U+FFFD; a leading BOM is dropped.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return {
    write: (bytes) => decoder.decode(bytes, { stream: true }),
    end: () => decoder.decode(),
  };
}

/**
 * The line (from 1) of the first invalid UTF-8 sequence in a stream of bytes, or `undefined` when there is
 * none. A line break (0x0A) is never part of a multi-byte sequence, so the bytes are checked line by line.
 */
export async function lineOfInvalidUtf8(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
): Promise<number | undefined> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  const check = (bytes: Uint8Array): boolean => {
    try {
      decoder.decode(bytes, { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  for await (const chunk of chunks) {
    let start = 0;
    for (let nl = chunk.indexOf(0x0a); nl >= 0; nl = chunk.indexOf(0x0a, start)) {
      if (!check(chunk.subarray(start, nl + 1))) return line;
      line++;
      start = nl + 1;
    }
    if (!check(chunk.subarray(start))) return line;
  }
  try {
    decoder.decode();
  } catch {
    return line; // the file ends inside a multi-byte sequence
  }
  return undefined;
}

function notUtf8(path: string, line: number | undefined): TableError {
  return new TableError(path, line, 'invalid_encoding', 'not valid UTF-8 text');
}

/** Options of the text readers. */
export interface TextOptions {
  /** The file's encoding (default `utf-8`). */
  readonly encoding?: TextEncoding | undefined;
  /** Called with the number of bytes read so far, for progress. */
  readonly onBytes?: ((bytes: number) => void) | undefined;
}

/**
 * Reads a file as text, chunk by chunk, in its encoding. A file that starts with the UTF-8 byte order mark
 * is read as UTF-8 whatever the encoding given (the mark says how it was saved). Invalid UTF-8 stops the
 * read with a {@link TableError} naming the line.
 */
export async function* readText(path: string, options: TextOptions = {}): AsyncGenerator<string> {
  let decoder: ChunkDecoder | undefined;
  let bytes = 0;
  try {
    for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      options.onBytes?.(bytes);
      decoder ??= chunkDecoder(hasUtf8Bom(chunk) ? 'utf-8' : (options.encoding ?? 'utf-8'));
      const text = decoder.write(chunk);
      if (text !== '') yield text;
    }
    const rest = decoder?.end() ?? '';
    if (rest !== '') yield rest;
  } catch (error) {
    if (
      error instanceof TypeError &&
      (error as NodeJS.ErrnoException).code === 'ERR_ENCODING_INVALID_ENCODED_DATA'
    )
      throw notUtf8(path, await lineOfInvalidUtf8(createReadStream(path)));
    throw error;
  }
}

/**
 * Decodes a whole file's bytes (or its first bytes, with `partial`: a sequence cut at the end is not an
 * error), without a leading byte order mark; a UTF-8 byte order mark wins over `encoding`. Invalid UTF-8 throws a {@link TableError} naming the line.
 */
export async function decodeBytes(
  path: string,
  bytes: Uint8Array,
  encoding: TextEncoding = 'utf-8',
  partial = false,
): Promise<string> {
  if (encoding !== 'utf-8' && !hasUtf8Bom(bytes)) return decodeWindows1252(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: partial });
  } catch {
    throw notUtf8(path, await lineOfInvalidUtf8([bytes]));
  }
}
