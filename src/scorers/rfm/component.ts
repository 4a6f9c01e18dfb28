// The RFM component of a result, made by a constructor rather than an object literal. V8 follows the objects of
// each literal ("allocation sites") and moves a literal's next objects straight to the old generation when most
// of its last ones outlived a collection ("pretenuring"). In about half of the command line's benchmark runs it
// decided so for this literal early in the scoring of a million customers (--trace-pretenuring-statistics, and a
// sampling heap profile of what only full collections freed: 164 MB, all from here): the components of the whole
// run, dead as soon as written, then waited for a full collection, and the peak went from 325 to 455-513 MiB.
// Objects made by `new` are not followed that way: 8 runs of 8 stay at 323-327 MiB. The object is the same as the
// literal's: the same own properties in the same order (fields are defined in their declaration order), the
// same JSON.
import type { Contribution } from '../../pipeline/types.js';
import type { RfmComponentScore } from './compile.js';

/**
 * An RFM component score (see {@link RfmComponentScore}).
 *
 * @example
 * const c = new RfmComponent('rfm', 13, 15, 10 / 12, [], 5, 4, 4, '544', 3, 12, 830.5);
 * JSON.stringify(c).slice(0, 39) // → '{"scorer":"rfm","type":"rfm","value":13'
 */
export class RfmComponent implements RfmComponentScore {
  readonly scorer: string;
  readonly type: 'rfm';
  readonly value: number;
  readonly max: number;
  readonly normalized: number;
  readonly detail: readonly Contribution[];
  readonly r: number;
  readonly f: number;
  readonly m: number;
  readonly code: string;
  readonly recency: number | null;
  readonly frequency: number;
  readonly monetary: number;

  constructor(
    scorer: string,
    value: number,
    max: number,
    normalized: number,
    detail: readonly Contribution[],
    r: number,
    f: number,
    m: number,
    code: string,
    recency: number | null,
    frequency: number,
    monetary: number,
  ) {
    this.scorer = scorer;
    this.type = 'rfm';
    this.value = value;
    this.max = max;
    this.normalized = normalized;
    this.detail = detail;
    this.r = r;
    this.f = f;
    this.m = m;
    this.code = code;
    this.recency = recency;
    this.frequency = frequency;
    this.monetary = monetary;
  }
}

/**
 * One line of an RFM explanation (see `Contribution`), made by a constructor for the reason given above: the M
 * line is made for every customer of an explained run.
 *
 * @example
 * JSON.stringify(new RfmContribution('rfm', 'M', 4, 'M=4: 830.50 spent')) // → '{"scorer":"rfm","rule":"M","points":4,"reason":"M=4: 830.50 spent"}'
 */
export class RfmContribution implements Contribution {
  readonly scorer: string;
  readonly rule: string;
  readonly points: number;
  readonly reason: string;

  constructor(scorer: string, rule: string, points: number, reason: string) {
    this.scorer = scorer;
    this.rule = rule;
    this.points = points;
    this.reason = reason;
  }
}
