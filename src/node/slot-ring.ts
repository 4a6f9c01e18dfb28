// Rows sent from one thread to the other while a transaction file is read by two (transactions-split.ts): each
// thread keeps the RFM tables of half the parts, and hands the rows of the other half to the thread that keeps
// them (rfm-slots.ts). A ring of blocks in shared memory, one writer and one reader: a block is one part's
// queue (up to `BLOCK_ROWS` rows of 8 words and their millionths), written then published by moving the tail;
// the reader applies it, then frees it by moving the head. The writer never waits: a full ring says so, and
// the writer adds the rows to a table of its own instead (merged at the end).

/** Rows a block holds: a part's queue at its longest. */
export const BLOCK_ROWS = 1024;
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
}

/** A ring of `blocks` blocks (4 MB for 100). */
export function ringMemory(blocks: number): RingMemory {
  return {
    blocks,
    control: new SharedArrayBuffer(4 * (CONTROL + HEADER * blocks)),
    rows: new SharedArrayBuffer(4 * blocks * BLOCK_ROWS * ROW_WORDS),
    micros: new SharedArrayBuffer(8 * blocks * BLOCK_ROWS),
  };
}

/**
 * One end of a ring: the writer's `send` and `close`, or the reader's `drain`.
 *
 * @example
 * const memory = ringMemory(2);
 * const writer = new SlotRing(memory);
 * const reader = new SlotRing(memory);
 * writer.send(7, Int32Array.of(1, 2, 3, 4, 5, 6, 7, 8), Float64Array.of(9), 0, 1) // → true
 * let got = 0;
 * reader.drain((part, rows, micros, at, n) => { got = part * 100 + rows[at * 8 + 7] + micros[at] + n; }) // → 1
 * got // → 718
 */
export class SlotRing {
  readonly #blocks: number;
  readonly #control: Int32Array;
  readonly #rows: Int32Array;
  readonly #micros: Float64Array;

  constructor(memory: RingMemory) {
    this.#blocks = memory.blocks;
    this.#control = new Int32Array(memory.control);
    this.#rows = new Int32Array(memory.rows);
    this.#micros = new Float64Array(memory.micros);
  }

  /**
   * Sends rows `[from, from + n)` of `rows` (8 words each) and `micros` as part `part`'s block; false, sending
   * nothing, when the ring is full.
   */
  send(part: number, rows: Int32Array, micros: Float64Array, from: number, n: number): boolean {
    const control = this.#control;
    const tail = control[TAIL] as number;
    if (tail - Atomics.load(control, HEAD) === this.#blocks) return false;
    const block = tail % this.#blocks;
    this.#rows.set(rows.subarray(from * ROW_WORDS, (from + n) * ROW_WORDS), block * BLOCK_ROWS * ROW_WORDS);
    this.#micros.set(micros.subarray(from, from + n), block * BLOCK_ROWS);
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
   * Hands every block written so far to `apply` (its part, the ring's rows and millionths, where the block's
   * rows start in them, how many), each freed once applied; returns how many blocks.
   */
  drain(
    apply: (part: number, rows: Int32Array, micros: Float64Array, at: number, n: number) => void,
  ): number {
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
