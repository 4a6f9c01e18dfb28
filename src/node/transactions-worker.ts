// The worker thread of a transaction file read by two threads (see transactions-split.ts): it reads the
// header, then the records from the given byte to the end of the file, and sends back its aggregates (their
// arrays moved, not copied), its rows and its rejections.
import { open } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { TableError } from './errors.js';
import { buffersOf } from './rfm-slots.js';
import { readerOf, targetFrom } from './transactions-csv.js';
import type { RejectedTransaction } from './transactions-reader.js';
import type { PartMessage, PartRequest } from './transactions-split.js';

/** The buffer, or a larger copy when it is full (a record longer than it). */
function roomIn(buffer: Buffer, filled: number): Buffer {
  if (filled < buffer.length) return buffer;
  const more = Buffer.allocUnsafe(buffer.length * 2);
  buffer.copy(more, 0, 0, filled);
  return more;
}

async function readPart(request: PartRequest, post: (message: PartMessage) => void): Promise<void> {
  const target = targetFrom(request.target);
  const rejected: RejectedTransaction[] = [];
  const split =
    request.split === undefined
      ? undefined
      : { owner: 1 as const, inbox: request.split.inbox, outbox: request.split.outbox };
  const reader = readerOf(
    request.file,
    target,
    request,
    (row) => rejected.push(row),
    { expected: request.expected },
    split,
  );
  const handle = await open(request.path, 'r');
  let firstLine = 1;
  try {
    let buffer: Buffer = Buffer.allocUnsafe(request.chunkSize);
    let filled = 0;
    // The header, from the start of the file.
    for (let at = 0; !reader.ready; ) {
      buffer = roomIn(buffer, filled);
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, at);
      at += bytesRead;
      filled += bytesRead;
      const used = reader.pushHeader(buffer, filled, bytesRead === 0);
      buffer.copyWithin(0, used, filled);
      filled -= used;
      if (bytesRead === 0) break;
    }
    firstLine = reader.nextLine;
    // The records of the part.
    filled = 0;
    let bytes = 0;
    for (let at = request.start; ; ) {
      buffer = roomIn(buffer, filled);
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, at);
      at += bytesRead;
      bytes += bytesRead;
      filled += bytesRead;
      const used = reader.push(buffer, filled, bytesRead === 0);
      buffer.copyWithin(0, used, filled);
      filled -= used;
      post({ kind: 'progress', rows: reader.rows, bytes });
      if (bytesRead === 0) break;
    }
  } catch (error) {
    if (!(error instanceof TableError)) throw error;
    const where = `${error.file}${error.line === undefined ? '' : `, line ${error.line}`}: `;
    const reason = error.message.startsWith(where) ? error.message.slice(where.length) : error.message;
    post({ kind: 'failed', error: { line: error.line, code: error.code, reason }, rejected, firstLine });
    return;
  } finally {
    await handle.close();
  }
  if (split !== undefined) {
    // The rows of the caller's parts go to it; those it sends are added until it is done.
    reader.finishSending();
    reader.receive(true);
  }
  const state = reader.exportSlots();
  post({ kind: 'done', state, rows: reader.rows, rejected, firstLine });
}

const port = parentPort;
if (port !== null) {
  await readPart(workerData as PartRequest, (message) => {
    port.postMessage(message, message.kind === 'done' ? buffersOf(message.state) : []);
  });
}
