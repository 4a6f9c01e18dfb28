// The worker thread of a transaction file read by two threads (see transactions-split.ts): it reads the
// header, then the pieces of the file from its end back, as long as the caller has not taken them, and sends
// back its aggregates (their arrays moved, not copied), the rows and lines of each piece and its rejections.
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { TableError } from './errors.js';
import { buffersOf, ROW_BIAS } from './rfm-slots.js';
import { readerOf, targetFrom } from './transactions-csv.js';
import type { RejectedTransaction } from './transactions-reader.js';
import type { PartMessage, PartRequest, PieceCount } from './transactions-split.js';

/** The buffer, or a larger copy when it is full (a record longer than it). */
function roomIn(buffer: Buffer, filled: number): Buffer {
  if (filled < buffer.length) return buffer;
  const more = Buffer.allocUnsafe(buffer.length * 2);
  buffer.copy(more, 0, 0, filled);
  return more;
}

async function readPieces(request: PartRequest, post: (message: PartMessage) => void): Promise<void> {
  const target = targetFrom(request.target);
  const { starts, room, taken } = request.plan;
  const count = starts.length - 1;
  const rejected: RejectedTransaction[] = [];
  const rejectedPieces: number[] = [];
  let index = count - 1;
  const split =
    request.split === undefined
      ? undefined
      : { owner: 1 as const, inbox: request.split.inbox, outbox: request.split.outbox };
  const reader = readerOf(
    request.file,
    target,
    request,
    (row) => {
      rejected.push(row);
      rejectedPieces.push(index);
    },
    { expected: request.expected },
    split,
  );
  const pieces: PieceCount[] = [];
  // A piece's rows and lines, read up to here.
  const counted = (started: PieceCount): PieceCount => ({
    ...started,
    rows: reader.rows - started.firstRow,
    lines: reader.nextLine - started.firstLine,
  });
  // Read synchronously: this thread has nothing else to do meanwhile, and an asynchronous read left it idle
  // about 2 ms a piece while the read waited for a core (both being busy) in the pool of I/O threads.
  const fd = openSync(request.path, 'r');
  let piece: PieceCount | undefined;
  try {
    let buffer: Buffer = Buffer.allocUnsafe(request.chunkSize);
    let filled = 0;
    // The header, from the start of the file.
    let records = 0;
    for (let at = 0; !reader.ready; ) {
      buffer = roomIn(buffer, filled);
      const bytesRead = readSync(fd, buffer, filled, buffer.length - filled, at);
      at += bytesRead;
      filled += bytesRead;
      const used = reader.pushHeader(buffer, filled, bytesRead === 0);
      records += used;
      buffer.copyWithin(0, used, filled);
      filled -= used;
      if (bytesRead === 0) break;
    }
    // The pieces, the last first, then each one the caller has not taken (the j-th taken is count - 1 - j).
    let bytes = 0;
    for (let j = 0; ; j++) {
      if (j > 0 && Atomics.add(taken, 0, 1) >= count) break;
      index = count - 1 - j;
      const last = index === count - 1;
      // (A piece that starts in the header, when it is longer than the first piece, starts after it.)
      const end = starts[index + 1] as number;
      let at = Math.min(end, Math.max(records, starts[index] as number));
      piece = { index, rows: 0, lines: 0, firstRow: reader.rows, firstLine: reader.nextLine };
      reader.numberFrom(ROW_BIAS + index * room);
      filled = 0;
      while (at < end || (last && filled > 0)) {
        buffer = roomIn(buffer, filled);
        const want = Math.min(buffer.length - filled, end - at);
        const bytesRead = want > 0 ? readSync(fd, buffer, filled, want, at) : 0;
        at += bytesRead;
        bytes += bytesRead;
        filled += bytesRead;
        // The file's last piece ends with the file (read as the end even when it has grown).
        const final = last && (bytesRead === 0 || at >= end);
        const used = reader.push(buffer, filled, final);
        buffer.copyWithin(0, used, filled);
        filled -= used;
        if (final || bytesRead === 0) break;
      }
      if (filled > 0) {
        // Its last record goes on past its end (a line break inside quotes).
        post({ kind: 'misread' });
        return;
      }
      pieces.push(counted(piece));
      piece = undefined;
      post({ kind: 'progress', rows: reader.rows, bytes });
    }
  } catch (error) {
    if (!(error instanceof TableError) || piece === undefined) throw error;
    const where = `${error.file}${error.line === undefined ? '' : `, line ${error.line}`}: `;
    const reason = error.message.startsWith(where) ? error.message.slice(where.length) : error.message;
    const failed = counted(piece);
    post({
      kind: 'failed',
      error: { line: error.line, code: error.code, reason },
      piece: failed,
      rejected: rejected.filter((_, k) => rejectedPieces[k] === failed.index),
    });
    return;
  } finally {
    closeSync(fd);
  }
  if (split !== undefined) {
    // The rows of the caller's parts of the tables go to it; those it sends are added until it is done.
    reader.finishSending();
    reader.receive(true);
  }
  const state = reader.exportSlots();
  post({ kind: 'done', state, rows: reader.rows, pieces, rejected, rejectedPieces });
}

const port = parentPort;
if (port !== null) {
  await readPieces(workerData as PartRequest, (message) => {
    port.postMessage(message, message.kind === 'done' ? buffersOf(message.state) : []);
  });
}
