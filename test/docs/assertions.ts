// Turns documentation lines into assertions: `expr // → value` and `console.log(expr); // value` assert that
// the expression equals the value, when the value is a JavaScript literal; other lines run as they are.
import { transformSync } from 'esbuild';

function compiles(code: string): boolean {
  try {
    transformSync(code, { loader: 'ts' });
    return true;
  } catch {
    return false;
  }
}

function literal(text: string): boolean {
  return (
    (compiles(`const __v = (${text});`) && !/^[A-Za-z_$][\w$]*(\s|$)/.test(text.trim())) ||
    /^(true|false|null|undefined)$/.test(text.trim())
  );
}

/** Rewrites checkable lines into `__check(actual, expected, line)` calls. */
export function withAssertions(code: string): string {
  return code
    .split('\n')
    .map((line) => {
      const arrow = /^(\s*)([^/].*?);?\s*\/\/\s*→\s*(.+?)$/.exec(line);
      const logged = /^(\s*)console\.log\((.*)\);\s*\/\/\s*(.+?)$/.exec(line);
      const m = arrow ?? logged;
      if (m === null || /^\s*(const|let|var|import|export|if|for|while|return)\b/.test(m[2] ?? ''))
        return line;
      const expected = m[3] ?? '';
      if (!literal(expected)) return line;
      const candidate = `${m[1]}__check(() => (${m[2]}), () => (${expected}), ${JSON.stringify(line.trim())});`;
      return compiles(candidate) ? candidate : line;
    })
    .join('\n');
}
