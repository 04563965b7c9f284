/**
 * The leftover keys of a custom profile (what to do with identifiers the check of the written
 * bytes still finds; leftovers.ts):
 *
 *     "onLeftover": "clean",
 *     "allowValues": ["CARDIO"],
 *     "leftoverFixes": [
 *       { "place": "(0043,1028)", "kind": "other identifier", "source": "StudyID", "fix": "remove" }
 *     ]
 *
 * An allowed value is one the user confirmed identifies nobody: problems about it name its
 * place in the file and never quote it, since a profile error goes to the screen and to logs.
 */
import type { LeftoverFix, LeftoverRule, ProfileSpec } from './api';
import type { IdentifierKind } from './identifiers';
import { hasControlCharacter, isObject, kind, quoted, suggestion, type Json } from './profileJson';

export const ON_LEFTOVER = ['quarantine', 'clean'] as const;
const FIXES = ['cut', 'remove', 'allow'] as const satisfies readonly LeftoverFix[];
const RULE_KEYS = ['place', 'kind', 'source', 'fix'] as const;
const MAX_ALLOW_VALUE_LENGTH = 1024;
/** A source is a keyword, or one with " of another file of the study". */
const MAX_SOURCE_LENGTH = 256;

/** A Record, so that the compiler says when identifiers.ts gains a kind this list lacks. */
const KINDS: Record<IdentifierKind, true> = {
  'patient name': true,
  'person name': true,
  'patient ID': true,
  'other identifier': true,
  'birth date': true,
  address: true,
  'telephone number': true,
  institution: true,
  'original UID': true,
};
export const IDENTIFIER_KINDS = Object.keys(KINDS) as IdentifierKind[];

/** A finding's place with item numbers as [*] (leftovers.ts placeOf), in either case of hex. */
const PLACE = /^\([0-9A-F]{4},[0-9A-F]{4}\)(?:\[\*\]\.\([0-9A-F]{4},[0-9A-F]{4}\))*$/i;

type LeftoverKeys = Pick<ProfileSpec, 'onLeftover' | 'allowValues' | 'leftoverFixes'>;

/** The leftover keys of a profile's root object; absent keys stay absent. */
export function parseLeftoverKeys(root: { [key: string]: Json }, problems: string[]): LeftoverKeys {
  const keys: { -readonly [K in keyof LeftoverKeys]: LeftoverKeys[K] } = {};
  if (root.onLeftover !== undefined) {
    const value = root.onLeftover;
    const known = ON_LEFTOVER.find((option) => option === value);
    if (known) keys.onLeftover = known;
    else {
      const shown = typeof value === 'string' ? quoted(value) : kind(value);
      problems.push(`onLeftover: must be "quarantine" or "clean", not ${shown}`);
    }
  }
  if (root.allowValues !== undefined)
    keys.allowValues = parseAllowValues(root.allowValues, problems);
  if (root.leftoverFixes !== undefined)
    keys.leftoverFixes = parseLeftoverFixes(root.leftoverFixes, problems);
  return keys;
}

/** The same checks for a spec built some other way (CLI flags, the UI). */
export function leftoverSpecProblems(spec: ProfileSpec): string[] {
  const problems: string[] = [];
  const { onLeftover, allowValues, leftoverFixes } = spec;
  // A spec is plain data: as JSON, it is what a file holding these keys would hold.
  parseLeftoverKeys(
    JSON.parse(JSON.stringify({ onLeftover, allowValues, leftoverFixes })) as {
      [key: string]: Json;
    },
    problems,
  );
  return problems;
}

/**
 * Why a value cannot be allowed (to follow its name: "allowValues[2]: ..."), or undefined.
 * Shared with the CLI's --allow-value.
 */
export function allowValueProblem(value: string): string | undefined {
  if (value.trim() === '') return 'must not be empty';
  if (value.length > MAX_ALLOW_VALUE_LENGTH)
    return `${value.length} characters; at most ${MAX_ALLOW_VALUE_LENGTH} are allowed`;
  if (hasControlCharacter(value)) return 'must not contain control characters';
  return undefined;
}

function parseAllowValues(value: Json, problems: string[]): string[] {
  if (!Array.isArray(value)) {
    problems.push(`allowValues: must be an array of strings, not ${kind(value)}`);
    return [];
  }
  const values: string[] = [];
  value.forEach((item, index) => {
    const path = `allowValues[${index}]`;
    const problem =
      typeof item === 'string' ? allowValueProblem(item) : `must be a string, not ${kind(item)}`;
    if (problem) problems.push(`${path}: ${problem}`);
    else if (!values.includes(item as string)) values.push(item as string);
  });
  return values;
}

function parseLeftoverFixes(value: Json, problems: string[]): LeftoverRule[] {
  if (!Array.isArray(value)) {
    problems.push(
      `leftoverFixes: must be an array of {"place", "kind", "source", "fix"} objects, not ${kind(value)}`,
    );
    return [];
  }
  const rules: LeftoverRule[] = [];
  const indexOfRule = new Map<string, number>();
  value.forEach((item, index) => {
    const path = `leftoverFixes[${index}]`;
    const rule = parseRule(item, path, problems);
    if (!rule) return;
    // Two fixes for one finding: which one the author meant cannot be guessed.
    const key = `${rule.place}|${rule.kind}|${rule.source}`;
    const earlier = indexOfRule.get(key);
    if (earlier !== undefined) {
      problems.push(`${path}: the same place, kind and source as leftoverFixes[${earlier}]`);
      return;
    }
    indexOfRule.set(key, index);
    rules.push(rule);
  });
  return rules;
}

function parseRule(item: Json, path: string, problems: string[]): LeftoverRule | undefined {
  if (!isObject(item)) {
    problems.push(
      `${path}: must be a {"place", "kind", "source", "fix"} object, not ${kind(item)}`,
    );
    return undefined;
  }
  const before = problems.length;
  for (const key of Object.keys(item)) {
    if (!(RULE_KEYS as readonly string[]).includes(key))
      problems.push(
        `${path}: unknown key ${quoted(key)}${suggestion(key, RULE_KEYS)}; ` +
          `expected ${RULE_KEYS.join(', ')}`,
      );
  }
  const { place, kind: findingKind, source, fix } = item;
  if (typeof place !== 'string') problems.push(`${path}.place: ${notAString(place)}`);
  else if (!PLACE.test(place))
    problems.push(
      `${path}.place: not a tag path; write "(0043,1028)", or "(0040,A730)[*].(0040,A160)" ` +
        'inside a sequence',
    );
  const knownKind = IDENTIFIER_KINDS.find((k) => k === findingKind);
  if (!knownKind)
    problems.push(
      `${path}.kind: ${oneOf(findingKind)}; expected one of ${IDENTIFIER_KINDS.map(quoted).join(', ')}`,
    );
  if (typeof source !== 'string') problems.push(`${path}.source: ${notAString(source)}`);
  else if (source.trim() === '' || source.length > MAX_SOURCE_LENGTH || hasControlCharacter(source))
    problems.push(
      `${path}.source: must be the finding's source, such as "PatientName": at most ` +
        `${MAX_SOURCE_LENGTH} characters, without control characters`,
    );
  const knownFix = FIXES.find((f) => f === fix);
  if (!knownFix)
    problems.push(`${path}.fix: ${oneOf(fix)}; expected one of ${FIXES.map(quoted).join(', ')}`);
  if (problems.length > before) return undefined;
  // Finding paths spell hex in upper case: a rule in lower case would never apply.
  return {
    place: (place as string).toUpperCase(),
    kind: knownKind!,
    source: source as string,
    fix: knownFix!,
  };
}

/** What is wrong with a value that must be one of a few strings. */
function oneOf(value: Json | undefined): string {
  return typeof value === 'string' ? `unknown value ${quoted(value)}` : notAString(value);
}

function notAString(value: Json | undefined): string {
  return value === undefined ? 'missing' : `must be a string, not ${kind(value)}`;
}
