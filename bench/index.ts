// npm run bench [-- name ...]: runs the named benchmarks (all by default) and prints their figures.
// Each benchmark prints ratios against the peers it runs in the same process: machines are noisy.
import { benchmarks } from './registry.js';

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const selected = wanted.length === 0 ? benchmarks : benchmarks.filter((b) => wanted.includes(b.name));
if (selected.length === 0) {
  console.error(`unknown benchmark; available: ${benchmarks.map((b) => b.name).join(', ')}`);
  process.exit(1);
}
for (const bench of selected) {
  console.log(`\n## ${bench.name}: ${bench.description}\n`);
  await bench.run();
}
