// Writes dist/schema.json, the JSON Schema of a pipeline config, generated from the zod schemas (the one
// source of truth), so editors complete config files: { "$schema": "./node_modules/scorekit/dist/schema.json" }.
import { writeFileSync } from 'node:fs';
import { pipelineJsonSchema } from '../dist/index.js';

writeFileSync(
  new URL('../dist/schema.json', import.meta.url),
  `${JSON.stringify(pipelineJsonSchema(), null, 2)}\n`,
);
console.log('wrote dist/schema.json');
