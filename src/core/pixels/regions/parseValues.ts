/** Checks of one text or whole number of a regions file, shared by templates, matches and boxes. */
import { hasControlCharacter, kind, type Json } from '../../deid/profileJson';
import type { Problems } from './problems';

/** Present and a string; a problem line names the kind of a wrong value, never the value. */
export function parseString(
  value: Json | undefined,
  path: string,
  problems: Problems,
): string | undefined {
  if (value === undefined) {
    problems.add(`${path}: missing`);
    return undefined;
  }
  if (typeof value !== 'string') {
    problems.add(`${path}: must be a string, not ${kind(value)}`);
    return undefined;
  }
  return value;
}

/** A trimmed, non-empty string without control characters; `single` also refuses backslashes. */
export function parseText(
  value: Json | undefined,
  path: string,
  max: number,
  single: boolean,
  problems: Problems,
): string | undefined {
  const string = parseString(value, path, problems);
  if (string === undefined) return undefined;
  const text = string.trim();
  let ok = true;
  if (text === '') {
    problems.add(`${path}: must not be empty`);
    ok = false;
  }
  if (text.length > max) {
    problems.add(`${path}: ${text.length} characters; at most ${max} are allowed`);
    ok = false;
  }
  if (hasControlCharacter(text) || (single && text.includes('\\'))) {
    problems.add(`${path}: must not contain ${single ? 'a backslash or ' : ''}a control character`);
    ok = false;
  }
  return ok ? text : undefined;
}

export function parseInteger(
  value: Json | undefined,
  path: string,
  min: number,
  max: number,
  problems: Problems,
  unit = ' of pixels',
): number | undefined {
  if (value === undefined) {
    problems.add(`${path}: missing`);
    return undefined;
  }
  if (typeof value !== 'number') {
    problems.add(`${path}: must be a whole number, not ${kind(value)}`);
    return undefined;
  }
  if (!Number.isInteger(value)) {
    problems.add(`${path}: must be a whole number${unit}, not ${value}`);
    return undefined;
  }
  if (value < min || value > max) {
    problems.add(`${path}: ${value} is outside ${min} to ${max}`);
    return undefined;
  }
  return value;
}
