// Rows sent from one thread to the other while a transaction file is read by two (transactions-split.ts): each
// thread keeps the RFM tables of half the parts, and hands the rows of the other half to the thread that keeps
// them (rfm-slots.ts). A ring of blocks in shared memory, one writer and one reader: a block is one part's
// queue (up to `BLOCK_ROWS` rows of 8 words, their millionths, and the bytes of their long ids with where
// each starts), written then published by moving the tail; the reader applies it, then frees it by moving the
// head. The writer never waits: a full ring (or long ids past `BLOCK_BYTES`) says so, and the writer adds the
// rows to a table of its own instead (merged at the end).

/** Rows a block holds: a part's queue at its longest. */
export const BLOCK_ROWS = 1024;
/** Bytes of long ids a block holds (a thousand ids of 64 bytes). */
export const BLOCK_BYTES = 1 << 16;
// A queued row's words (rfm-slots.ts Q_WORDS).
const ROW_WORDS = 8;
// Control words: head (blocks read), tail (blocks written), done (the writer sends no more).
const HEAD = 0;
const TAIL = 1;
const DONE = 2;
const CONTROL = 4;
// Each block's part and number of rows.
const HEADER = 2;

/** The shared memory of a ring, to be given to the other thread. */
export interface RingMemory {
  readonly blocks: number;
  readonly control: SharedArrayBuffer;
  readonly rows: SharedArrayBuffer;
  readonly micros: SharedArrayBuffer;
  readonly places: SharedArrayBuffer;
  readonly bytes: SharedArrayBuffer;
}

/** A ring of `blocks` blocks (11 MB for 100). */
export function ringMemory(blocks: number): RingMemory {
  return {
    blocks,
    control: new SharedArrayBuffer(4 * (CONTROL + HEADER * blocks)),
    rows: new SharedArrayBuffer(4 * blocks * BLOCK_ROWS * ROW_WORDS),
    micros: new SharedArrayBuffer(8 * blocks * BLOCK_ROWS),
    places: new SharedArrayBuffer(4 * blocks * BLOCK_ROWS),
    bytes: new SharedArrayBuffer(blocks * BLOCK_BYTES),
  };
}

/** A block as the reader gets it: its part, and its rows in the ring's arrays from `at` (see `drain`). */
export type BlockReader = (
  part: number,
  rows: Int32Array,
  micros: Float64Array,
  places: Int32Array,
  bytes: Uint8Array,
  at: number,
  n: number,
) => void;

/**
 * One end of a ring: the writer's `send` and `close`, or the reader's `drain`.
 *
 * @example
 * const memory = ringMemory(2);
 * const writer = new SlotRing(memory);
 * const reader = new SlotRing(memory);
 * writer.send(7, Int32Array.of(1, 2, 3, 4, 5, 6, 7, 8), Float64Array.of(9), 0, 1, Int32Array.of(0), new Uint8Array(0), 0) // → true
 * let got = 0;
 * reader.drain((part, rows, micros, places, bytes, at, n) => { got = part * 100 + rows[at * 8 + 7] + micros[at] + n; }) // → 1
 * got // → 718
 */
export class SlotRing {
  readonly #blocks: number;
  readonly #control: Int32Array;
  readonly #rows: Int32Array;
  readonly #micros: Float64Array;
  readonly #places: Int32Array;
  readonly #bytes: Uint8Array;

  constructor(memory: RingMemory) {
    this.#blocks = memory.blocks;
    this.#control = new Int32Array(memory.control);
    this.#rows = new Int32Array(memory.rows);
    this.#micros = new Float64Array(memory.micros);
    this.#places = new Int32Array(memory.places);
    this.#bytes = new Uint8Array(memory.bytes);
  }

  /**
   * Sends rows `[from, from + n)` of `rows` (8 words each) and `micros` as part `part`'s block, with `places`
   * (from 0: where the long id of each of the n rows starts in `bytes`, of which `used` are sent; another row's
   * place is not read); false, sending nothing, when the ring is full or `used` is more than a block holds.
   */
  send(
    part: number,
    rows: Int32Array,
    micros: Float64Array,
    from: number,
    n: number,
    places: Int32Array,
    bytes: Uint8Array,
    used: number,
  ): boolean {
    const control = this.#control;
    const tail = control[TAIL] as number;
    if (used > BLOCK_BYTES || tail - Atomics.load(control, HEAD) === this.#blocks) return false;
    const block = tail % this.#blocks;
    this.#rows.set(rows.subarray(from * ROW_WORDS, (from + n) * ROW_WORDS), block * BLOCK_ROWS * ROW_WORDS);
    this.#micros.set(micros.subarray(from, from + n), block * BLOCK_ROWS);
    if (used > 0) {
      this.#places.set(places.subarray(0, n), block * BLOCK_ROWS);
      this.#bytes.set(bytes.subarray(0, used), block * BLOCK_BYTES);
    }
    control[CONTROL + HEADER * block] = part;
    control[CONTROL + HEADER * block + 1] = n;
    // Published after the block is written: the reader's Atomics.load of the tail sees it whole.
    Atomics.store(control, TAIL, tail + 1);
    Atomics.notify(control, TAIL);
    return true;
  }

  /** Says that no block will follow. */
  close(): void {
    Atomics.store(this.#control, DONE, 1);
    Atomics.notify(this.#control, TAIL);
  }

  /** Whether the writer has closed the ring and every block was read. */
  get finished(): boolean {
    const control = this.#control;
    return Atomics.load(control, DONE) === 1 && Atomics.load(control, TAIL) === control[HEAD];
  }

  /**
   * Hands every block written so far to `apply` (its part, the ring's rows, millionths and places, the block's
   * bytes, where the block's rows start in the arrays, how many), each freed once applied; returns how many.
   */
  drain(apply: BlockReader): number {
    const control = this.#control;
    const tail = Atomics.load(control, TAIL);
    let head = control[HEAD] as number;
    const count = tail - head;
    for (; head < tail; head++) {
      const block = head % this.#blocks;
      apply(
        control[CONTROL + HEADER * block] as number,
        this.#rows,
        this.#micros,
        this.#places,
        this.#bytes.subarray(block * BLOCK_BYTES, (block + 1) * BLOCK_BYTES),
        block * BLOCK_ROWS,
        control[CONTROL + HEADER * block + 1] as number,
      );
      Atomics.store(control, HEAD, head + 1);
    }
    return count;
  }

  /** Waits (blocking this thread) until a block is written or the ring closed, at most `ms` milliseconds. */
  wait(ms: number): void {
    const control = this.#control;
    const tail = Atomics.load(control, TAIL);
    if (tail !== control[HEAD] || Atomics.load(control, DONE) === 1) return;
    Atomics.wait(control, TAIL, tail, ms);
  }
}
