// Memory of large typed arrays given back when they are done with, not at the next full collection.

/**
 * Gives back the memory of arrays that will not be read again at the next young-generation collection (a few
 * milliseconds later) instead of the next full one (seconds later, or never in a short run): an array buffer
 * that has lived long is freed only by a full collection, and the 170 MB of RFM tables, dead once their
 * features are taken, would stay in memory through the scoring that follows. `structuredClone` with the buffer
 * in `transfer` moves its memory to a new, young buffer (nothing is copied) that nothing holds, and leaves the
 * old one empty: every view of it then has a length of 0.
 *
 * @example
 * const table = new Int32Array(1 << 20);
 * release([table]);
 * table.length // → 0
 */
export function release(arrays: readonly ArrayBufferView[]): void {
  for (const array of arrays) {
    const buffer = array.buffer;
    if (buffer instanceof ArrayBuffer && buffer.byteLength > 0)
      structuredClone(buffer, { transfer: [buffer] });
  }
}
