import { describe, expect, it } from 'vitest';
import {
  attributes,
  ConfigError,
  definePipeline,
  loadModel,
  pipelineJsonSchema,
  segments,
  sum,
  thresholds,
  validatePipeline,
  weighted,
} from '../../src/index.js';

const fitRules = [
  { when: { field: 'country', in: ['FR', 'BE'] }, points: 10, reason: 'Core market' },
] as const;

function configError(config: unknown): ConfigError {
  try {
    definePipeline(config as never);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('definePipeline', () => {
  it('gives the same pipeline from the builders and from plain JSON', () => {
    const built = definePipeline({
      id: 'p',
      scorers: [attributes({ name: 'fit', rules: [...fitRules] })],
      combine: weighted({ fit: 1 }, { scale: 10 }),
      qualify: thresholds([{ label: 'hot', min: 5 }]),
      segment: segments({
        rules: [],
        otherwise: { key: 'all', label: 'All', color: '#888', action: 'none' },
      }),
    });
    const fromJson = definePipeline(JSON.parse(JSON.stringify(built)));
    expect(fromJson.config).toEqual(built.config);
    expect(JSON.parse(JSON.stringify(built))).toEqual({
      id: 'p',
      scorers: [{ type: 'attributes', name: 'fit', rules: [...fitRules] }],
      combine: { type: 'weighted', weights: { fit: 1 }, scale: 10 },
      qualify: { type: 'thresholds', levels: [{ label: 'hot', min: 5 }] },
      segment: {
        type: 'rules',
        rules: [],
        otherwise: { key: 'all', label: 'All', color: '#888', action: 'none' },
      },
    });
    expect(sum(['fit'])).toEqual({ type: 'sum', scorers: ['fit'] });
  });

  it('lists every problem with its path, in plain words', () => {
    const error = configError({
      id: 'b2b-leads',
      scorers: [
        {
          type: 'attributes',
          name: 'fit',
          rules: [
            { when: { field: 'a', eq: 1 }, points: 1 },
            { when: { field: 'b', eq: 1 }, points: 2 },
            { when: { field: 'c', eq: 1 }, points: 'ten' },
          ],
        },
      ],
    });
    expect(error.code).toBe('invalid_config');
    expect(error.message).toBe(
      'the pipeline "b2b-leads" has 1 problem\n  scorers[0].rules[2].points: expected a number, got "ten"',
    );
    expect(error.issues).toEqual([
      {
        code: 'invalid_type',
        path: ['scorers', 0, 'rules', 2, 'points'],
        message: 'expected a number, got "ten"',
      },
    ]);
  });

  it('refuses field paths that reach the prototype, anywhere', () => {
    for (const field of ['__proto__', 'a.__proto__.b', 'constructor', 'x.prototype']) {
      const error = configError({
        id: 'p',
        scorers: [
          attributes({ name: 'fit', rules: [{ when: { not: { field, exists: true } }, points: 1 }] }),
        ],
      });
      expect(error.issues).toEqual([
        {
          code: 'forbidden_path',
          path: ['scorers', 0, 'rules', 0, 'when', 'not', 'field'],
          message: `"${field}" is not an allowed field path`,
        },
      ]);
    }
    expect(
      configError({
        id: 'p',
        scorers: [attributes({ name: 'f', rules: [{ when: { field: 'a..b', eq: 1 }, points: 1 }] })],
      }).issues[0]?.code,
    ).toBe('invalid_path');
  });

  it('names misspelt scorers with a suggestion', () => {
    const error = configError({
      id: 'p',
      scorers: [
        attributes({ name: 'engagement', rules: [...fitRules] }),
        attributes({ name: 'fit', rules: [...fitRules] }),
      ],
      combine: weighted({ fit: 0.4, engagment: 0.6 }),
    });
    expect(error.message).toContain(
      'combine.weights.engagment: no scorer is named "engagment" (did you mean "engagement"?)',
    );
  });

  it('checks names, levels, conditions, segments and time zones', () => {
    const codes = (config: unknown): string[] => validatePipeline(config).map((i) => i.code);
    const fit = attributes({ name: 'fit', rules: [...fitRules] });
    expect(codes({ id: 'p', scorers: [fit, fit] })).toEqual(['duplicate_name']);
    expect(
      codes({
        id: 'p',
        scorers: [fit],
        qualify: thresholds([
          { label: 'a', min: 1 },
          { label: 'b', min: 2 },
        ]),
      }),
    ).toEqual(['unordered_levels']);
    expect(
      codes({ id: 'p', scorers: [fit], qualify: thresholds([{ label: 'a', min: 1 }], { on: 'fitt' }) }),
    ).toEqual(['unknown_scorer']);
    expect(codes({ id: 'p', scorers: [fit], combine: sum(['nope']) })).toEqual(['unknown_scorer']);
    expect(codes({ id: 'p', scorers: [fit], combine: weighted({ fit: 0 }) })).toEqual(['invalid_weights']);
    expect(codes({ id: 'p', timeZone: 'Mars/Olympus', scorers: [fit] })).toEqual(['invalid_time_zone']);
    expect(
      codes({ id: 'p', scorers: [attributes({ name: 'f', rules: [{ when: { field: 'a' }, points: 1 }] })] }),
    ).toEqual(['invalid_condition']);
    expect(
      codes({
        id: 'p',
        scorers: [attributes({ name: 'f', rules: [{ when: { field: 'a', eq: 1, all: [] }, points: 1 }] })],
      }),
    ).toContain('invalid_condition');
    expect(
      codes({
        id: 'p',
        scorers: [attributes({ name: 'f', rules: [{ when: { field: 'a', gt: 'soon' }, points: 1 }] })],
      }),
    ).toEqual(['invalid_value']);
    expect(
      codes({
        id: 'p',
        scorers: [attributes({ name: 'f', rules: [{ when: { field: 'a', within: {} }, points: 1 }] })],
      }),
    ).toEqual(['invalid_duration']);
    expect(
      codes({
        id: 'p',
        scorers: [
          attributes({
            name: 'f',
            rules: [{ when: { field: 'a', eq: 1 }, points: 1 }],
            weights: { size: 2 },
          }),
        ],
      }),
    ).toEqual(['unknown_criterion']);
    expect(codes({ id: 'p', scorers: [fit], extra: 1 })).toEqual(['unknown_key']);
    expect(codes({ id: 'p', scorers: [{ type: 'magic', name: 'm' }] })).toEqual(['invalid_value']);
    const seg = { key: 'a', label: 'A', color: '#fff', action: '' };
    expect(
      codes({
        id: 'p',
        scorers: [fit],
        segment: segments({
          rules: [{ when: { field: 'score', gte: 1 }, segment: seg }],
          otherwise: { ...seg, label: 'B' },
        }),
      }),
    ).toEqual(['conflicting_segment']);
    expect(
      codes({
        id: 'p',
        scorers: [fit],
        segment: segments({ rules: [], otherwise: { ...seg, color: 'url(x)' } }),
      }),
    ).toEqual(['invalid_format']);
  });

  it('throws ConfigError, never another error, on junk', () => {
    for (const junk of [null, 42, 'x', [], {}, { id: 1 }, { id: 'p', scorers: 'x' }]) {
      expect(() => definePipeline(junk as never)).toThrow(ConfigError);
    }
  });

  it('publishes a JSON Schema of the config', () => {
    const schema = pipelineJsonSchema();
    expect(schema.title).toBe('scorekit pipeline');
    expect((schema.required as string[]).sort()).toEqual(['id', 'scorers']);
  });
});

describe('a config with values zod cannot compare', () => {
  // zod 4 runs string and array length checks on anything with a `length` and compares it with a number: an
  // object without prototype there made it throw a TypeError (found by the behaviour configs' fast-check test).
  const withEvent = (event: unknown) => ({
    id: 'p',
    scorers: [{ type: 'behaviour', name: 'engagement', rules: [{ event, points: 1 }] }],
  });

  it('is a ConfigError with the path of the value, not a TypeError', () => {
    const event = { length: Object.create(null) };
    const error = configError(withEvent(event));
    expect(error.issues.map((i) => i.path.join('.'))).toEqual(['scorers.0.rules.0.event']);
    expect(validatePipeline(withEvent(event)).map((i) => i.path.join('.'))).toEqual([
      'scorers.0.rules.0.event',
    ]);
    // The same inside a stored model.
    const model = {
      format: 'scorekit-model/1',
      pipeline: withEvent(event),
      asOf: '2026-01-01',
      population: 0,
      fitted: {},
    };
    expect(() => loadModel(model as never)).toThrow(ConfigError);
  });

  it('is a ConfigError for the whole config when a value cannot be read at all', () => {
    const event = {
      length: {
        valueOf() {
          throw new Error('unreadable');
        },
      },
    };
    const error = configError(withEvent(event));
    expect(error.issues).toEqual([
      { code: 'invalid_value', path: [], message: 'a value of it cannot be read as data (unreadable)' },
    ]);
  });
});
