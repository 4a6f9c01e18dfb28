import * as z from 'zod';

/** The current model format. Bumped when the stored shape changes; `loadModel` refuses unknown formats. */
export const MODEL_FORMAT = 'scorekit.model/1';

/** The zod schema of a stored model (the pipeline inside is checked by the pipeline schema). */
export const ModelSchema = z.strictObject({
  format: z.literal(MODEL_FORMAT),
  pipeline: z.unknown(),
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d{3})?Z)?$/),
  population: z.number().int().min(0),
  fitted: z.record(z.string(), z.json()),
});
