// Reading the cells of a scored record: the explanation text of each contribution and of a result, and the
// cells of chosen columns (each the cell `scoredCells` puts in that column), so that a writer makes only the
// cells it writes.
import {
  type ComponentScore,
  type Contribution,
  formatPoints,
  type RfmComponentScore,
  type ScoredRecord,
} from 'scorekit';
import { formatCsvNumber } from './csv-number.js';

// A frozen contribution cannot change, and scorers share them between results (an RFM batch has few distinct
// R and F contributions, an attribute rule one): its text is made once per decimal mark.
const pieces = { '.': new WeakMap<Contribution, string>(), ',': new WeakMap<Contribution, string>() };

/** The texts of some points: as a reason states them (`: +12.4`), and as a piece ends with them (` (+12.4)`). */
interface PointsTexts {
  readonly stated: string;
  readonly end: string;
}

// Points repeat (an RFM score is 1 to 5, a rule has its points): their texts are kept, up to a few thousand.
const POINTS_KEPT = 4096;
const pointsTexts = { '.': new Map<number, PointsTexts>(), ',': new Map<number, PointsTexts>() };

function pointsTextsOf(points: number, decimal: '.' | ','): PointsTexts {
  const kept = pointsTexts[decimal];
  let texts = kept.get(points);
  if (texts === undefined) {
    texts = {
      stated: `: ${formatPoints(points)}`,
      end: ` (${points > 0 ? '+' : ''}${formatCsvNumber(points, decimal)})`,
    };
    if (kept.size >= POINTS_KEPT) kept.clear();
    kept.set(points, texts);
  }
  return texts;
}

/**
 * What follows a contribution's reason in its piece: its points in brackets, or nothing when the reason
 * already states them (behaviour rules: `Visited /pricing 3 times: +12.4`).
 */
function pieceEnd(e: Contribution, decimal: '.' | ','): string {
  const texts = pointsTextsOf(e.points, decimal);
  return e.reason.includes(texts.stated) ? '' : texts.end;
}

/**
 * One contribution as explain text: its reason and {@link pieceEnd}. A frozen contribution's piece is made once.
 *
 * @example
 * explainPiece({ scorer: 'fit', rule: 'vip', points: 5, reason: 'VIP' }, '.') // → 'VIP (+5)'
 */
export function explainPiece(e: Contribution, decimal: '.' | ','): string {
  if (!Object.isFrozen(e)) return e.reason + pieceEnd(e, decimal);
  const cache = pieces[decimal];
  let piece = cache.get(e);
  if (piece === undefined) {
    piece = e.reason + pieceEnd(e, decimal);
    cache.set(e, piece);
  }
  return piece;
}

/**
 * The explanation cell: every contribution's piece, joined by `; `.
 *
 * @example
 * const result = { explain: [{ scorer: 'fit', rule: 'vip', points: 5, reason: 'VIP' }] } as unknown as ScoredRecord;
 * explainText(result, '.') // → 'VIP (+5)'
 */
export function explainText(result: ScoredRecord, decimal: '.' | ','): string {
  let explain = '';
  for (let i = 0; i < result.explain.length; i++) {
    const piece = explainPiece(result.explain[i] as Contribution, decimal);
    explain = i === 0 ? piece : `${explain}; ${piece}`;
  }
  return explain;
}

// What a column reads: a field of the result, the explanation, or a field of one of its components.
/** The kind of the id column (see {@link ResultCells.kinds}). */
export const ID = 0;
const SCORE = 1;
const QUALIFICATION = 2;
const STAGE_CHANGE = 3;
const GRADE = 4;
const SEGMENT = 5;
const SEGMENT_LABEL = 6;
const SEGMENT_COLOR = 7;
const SEGMENT_ACTION = 8;
/** The kind of the explanation column (see {@link ResultCells.kinds}). */
export const EXPLAIN = 9;
/** The kind of a component's column (see {@link ResultCells.kinds}). */
export const COMPONENT = 10;
const KINDS: Readonly<Record<string, number>> = {
  id: ID,
  score: SCORE,
  qualification: QUALIFICATION,
  stage_change: STAGE_CHANGE,
  grade: GRADE,
  segment: SEGMENT,
  segment_label: SEGMENT_LABEL,
  segment_color: SEGMENT_COLOR,
  segment_action: SEGMENT_ACTION,
  explain: EXPLAIN,
};
const FIELDS = ['value', 'normalized', 'r', 'f', 'm', 'code', 'recency', 'frequency', 'monetary'];

/**
 * Field `field` of a component (its place in the component fields `value`, `normalized`, `r`, `f`, `m`, `code`,
 * `recency`, `frequency`, `monetary`; see {@link ResultCells.fields}).
 *
 * @example
 * componentField({ scorer: 'fit', type: 'attributes', value: 5, max: 10, normalized: 0.5, detail: [] }, 0) // → 5
 */
export function componentField(c: ComponentScore, field: number): string | number | null {
  const x = c as RfmComponentScore;
  switch (field) {
    case 0:
      return c.value;
    case 1:
      return c.normalized;
    case 2:
      return x.r;
    case 3:
      return x.f;
    case 4:
      return x.m;
    case 5:
      return x.code;
    case 6:
      return x.recency;
    case 7:
      return x.frequency;
    default:
      return x.monetary;
  }
}

/**
 * The cells of chosen columns of scored records (any of `pipelineColumns`), each the cell `scoredCells` puts
 * in that column: a writer makes only the cells it writes. Each column is a kind read by one switch (no
 * function per column, whose calls from one place would not be inlined); a record's components are looked
 * up by name once per record (`components`).
 *
 * @example
 * const pipeline = definePipeline({ id: 'p', scorers: [attributes({ name: 'fit', rules: [{ when: { field: 'vip', eq: true }, points: 5 }] })] });
 * const [result] = scoreCustomers([{ id: 'a', vip: true }], pipeline).results;
 * new ResultCells(['fit.value', 'id'], '.').cells(result) // → [5, 'a']
 */
export class ResultCells {
  /** The kind of each column. */
  readonly kinds: Uint8Array;
  /** For a component's column: which of {@link ResultCells.names} it reads. */
  readonly slots: Int32Array;
  /** For a component's column: which field of it (see {@link componentField}). */
  readonly fields: Uint8Array;
  /** The components the columns read, by name. */
  readonly names: string[] = [];
  readonly #decimal: '.' | ',';
  readonly #explain: boolean;
  /** The components of the last record given to {@link ResultCells.components}, by place in `names`. */
  readonly found: (ComponentScore | undefined)[] = [];

  /** `explain: false`: the explanation cell is left empty (it is the costliest to make). */
  constructor(columns: readonly string[], decimal: '.' | ',', explain = true) {
    this.#decimal = decimal;
    this.#explain = explain;
    this.kinds = new Uint8Array(columns.length);
    this.slots = new Int32Array(columns.length);
    this.fields = new Uint8Array(columns.length);
    columns.forEach((column, i) => {
      const kind = Object.hasOwn(KINDS, column) ? KINDS[column] : undefined;
      if (kind !== undefined) {
        this.kinds[i] = kind;
        return;
      }
      const dot = column.lastIndexOf('.');
      const field = FIELDS.indexOf(column.slice(dot + 1));
      if (dot < 0 || field < 0) throw new RangeError(`unknown column "${column}"`);
      const name = column.slice(0, dot);
      let k = this.names.indexOf(name);
      if (k < 0) k = this.names.push(name) - 1;
      this.kinds[i] = COMPONENT;
      this.slots[i] = k;
      this.fields[i] = field;
    });
  }

  /** Looks up the components the columns read in `result`, for the `cell` calls that follow. */
  components(result: ScoredRecord): void {
    const found = this.found;
    for (let k = 0; k < this.names.length; k++) found[k] = this.component(result, k);
  }

  /** The component `names[k]` of `result`, if it has one. */
  component(result: ScoredRecord, k: number): ComponentScore | undefined {
    const name = this.names[k] as string;
    const components = result.components;
    const c = components[name];
    // A component is kept under its scorer's name: checked first, which costs less than Object.hasOwn (a
    // call); anything else found under the name must be an own property (not Object.prototype's).
    return c !== undefined && (c.scorer === name || Object.hasOwn(components, name)) ? c : undefined;
  }

  /** Cell `i` of `result` (its components looked up by `components` first). */
  cell(result: ScoredRecord, i: number): string | number | null {
    switch (this.kinds[i]) {
      case ID:
        return result.id;
      case SCORE:
        return result.score;
      case QUALIFICATION:
        return result.qualification;
      case STAGE_CHANGE:
        return result.transition?.change ?? null;
      case GRADE:
        return result.grade?.cell ?? null;
      case SEGMENT:
        return result.segment?.key ?? null;
      case SEGMENT_LABEL:
        return result.segment?.label ?? null;
      case SEGMENT_COLOR:
        return result.segment?.color ?? null;
      case SEGMENT_ACTION:
        return result.segment?.action ?? null;
      case EXPLAIN:
        return this.#explain ? explainText(result, this.#decimal) : '';
      default: {
        const c = this.found[this.slots[i] as number];
        return c === undefined ? null : componentField(c, this.fields[i] as number);
      }
    }
  }

  /** Every cell of `result`. */
  cells(result: ScoredRecord): (string | number | null)[] {
    this.components(result);
    const out: (string | number | null)[] = new Array(this.kinds.length);
    for (let i = 0; i < out.length; i++) out[i] = this.cell(result, i);
    return out;
  }
}
