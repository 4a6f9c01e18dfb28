import { readFile } from 'node:fs/promises';
import { ConfigError, definePipeline, loadModel, type Model, type Pipeline } from 'scorekit';
import { CliError } from './errors.js';

/** Removes `//` and `/* … *\/` comments outside strings, so config files may be commented (JSONC). */
export function stripJsonComments(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    const next = text[i + 1];
    if (inString) {
      out += ch;
      if (ch === '\\') {
        out += next ?? '';
        i++;
      } else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
      out += ch;
    } else if (ch === '/' && next === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (ch === '/' && next === '*') {
      i += 2;
      while (i < text.length && !(text[i] === '*' && text[i + 1] === '/')) i++;
      i++;
    } else out += ch;
  }
  return out;
}

/** Reads a JSON (or commented JSON) file, with one clear line when it is missing or not JSON. */
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
  try {
    return JSON.parse(stripJsonComments(text.replace(/^\ufeff/, '')));
  } catch (error) {
    throw new CliError(`the ${what} file "${path}" is not valid JSON: ${(error as Error).message}`);
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
