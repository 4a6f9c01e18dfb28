import { readFile } from 'node:fs/promises';
import { ConfigError, definePipeline, loadModel, type Model, type Pipeline } from 'scorekit';
import { jsonSyntaxError } from '../node/json.js';
import { CliError } from './errors.js';

/** The offset of the next character that is not white space or a comment, from `i`. */
function nextSignificant(text: string, i: number): number {
  while (i < text.length) {
    const ch = text[i];
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') i++;
    else if (ch === '/' && text[i + 1] === '/') while (i < text.length && text[i] !== '\n') i++;
    else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else break;
  }
  return i;
}

/**
 * Turns JSON with comments (JSONC, as VS Code reads `settings.json`) into JSON: `//` and `/* … *\/` comments
 * and trailing commas before `}` or `]` become spaces, so every line and column stays where it was and a JSON
 * error points at the right place of the file.
 */
export function jsoncToJson(text: string): string {
  const out = text.split('');
  const blank = (from: number, to: number): void => {
    for (let k = from; k < to; k++) if (out[k] !== '\n' && out[k] !== '\r') out[k] = ' ';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (ch === '/' && text[i + 1] === '/') {
      const newline = text.indexOf('\n', i);
      const end = newline < 0 ? text.length : newline;
      blank(i, end);
      i = end - 1;
    } else if (ch === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      const end = close < 0 ? text.length : close + 2;
      blank(i, end);
      i = end - 1;
    } else if (ch === ',') {
      const next = text[nextSignificant(text, i + 1)];
      if (next === '}' || next === ']') out[i] = ' ';
    }
  }
  return out.join('');
}

/** Reads a JSON (or JSONC: comments, trailing commas) file, with one clear line when it is missing or not JSON. */
export async function readJsonFile(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      code === 'ENOENT'
        ? `the ${what} file "${path}" does not exist`
        : `cannot read the ${what} file "${path}": ${(error as Error).message}`,
    );
  }
  const json = jsoncToJson(text.replace(/^\ufeff/, ''));
  try {
    return JSON.parse(json);
  } catch {
    const at = jsonSyntaxError(json);
    const where = at === undefined ? '' : `: line ${at.line}, column ${at.column}, unexpected ${at.found}`;
    throw new CliError(`the ${what} file "${path}" is not valid JSON${where}`);
  }
}

/** Loads and validates a pipeline config file. */
export async function loadPipelineFile(path: string): Promise<Pipeline> {
  const data = await readJsonFile(path, 'config');
  try {
    return definePipeline(data as never);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(`${path}: ${error.message}`);
    throw error;
  }
}

/** Loads and validates a stored model file. */
export async function loadModelFile(path: string): Promise<Model> {
  const data = await readJsonFile(path, 'model');
  try {
    return loadModel(data);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(`${path}: ${error.message}`);
    throw error;
  }
}
