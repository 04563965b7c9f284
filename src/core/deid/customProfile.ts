/**
 * Custom profiles: a JSON file that picks a base profile and its options and gives some tags
 * their own actions (docs/custom-profile.md has the reference):
 *
 *     {
 *       "name": "My study",
 *       "base": "basic",
 *       "options": ["retain-uids", "clean-descriptors"],
 *       "actions": {
 *         "(0010,0010)": "K",
 *         "0008,0080": "X",
 *         "00100020": { "replace": "SUBJ01" },
 *         "StudyDescription": "C"
 *       }
 *     }
 *
 * - name: optional; shown in reports and written to De-identification Method, hence an LO
 *   value: at most 64 characters, no backslash, no control characters.
 * - base: "basic" (the default) or "legacy".
 * - options: names from PROFILE_OPTIONS; the two Retain Longitudinal options exclude each other.
 * - actions: keys are tags ("(gggg,eeee)", "gggg,eeee", "ggggeeee") or dictionary keywords;
 *   values are PS3.15 action codes X, Z, D, K, C, U or {"replace": "value"}. U only for tags
 *   whose VR is UI; private tags (odd groups) only X, K, Z or replace, because D, C and U need a
 *   VR and a meaning that only the private dictionary of their creator knows.
 * - onLeftover, allowValues, leftoverFixes: what to do with identifiers the check of the
 *   written bytes still finds (customProfileLeftovers.ts).
 *
 * A bad file is refused as a whole, with every problem found, one per line, each prefixed by its
 * JSON path: a profile that is half applied would de-identify less than its author thinks.
 */
import { dictionaryKeywords, dictionaryVR, tagOfKeyword } from '../dicom/dictionary';
import { isTextVR } from '../dicom/vr';
import { elementOf, formatTag, groupOf, isPrivateTag, parseTag } from '../dicom/tag';
import type { OverrideAction, ProfileSpec, TagOverride } from './api';
import { leftoverSpecProblems, parseLeftoverKeys } from './customProfileLeftovers';
import { PROFILE_OPTIONS, isProfileOptionName, type ProfileOptionName } from './options';
import { hasControlCharacter, isObject, kind, quoted, suggestion, type Json } from './profileJson';

export class ProfileError extends Error {
  /** One line per problem, each starting with its JSON path. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'ProfileError';
    this.problems = problems;
  }
}

const TOP_LEVEL_KEYS = [
  'name',
  'base',
  'options',
  'actions',
  'onLeftover',
  'allowValues',
  'leftoverFixes',
] as const;
const BASES = ['basic', 'legacy'] as const;
const CODES = ['X', 'Z', 'D', 'K', 'C', 'U'] as const;
const PRIVATE_CODES: readonly string[] = ['X', 'K', 'Z'];
const EXCLUSIVE_OPTIONS = [
  'retain-longitudinal-full-dates',
  'retain-longitudinal-modified-dates',
] as const;
/** LO, the VR of De-identification Method, holds 64 characters. */
const MAX_NAME_LENGTH = 64;
const MAX_REPLACE_LENGTH = 1024;

const keyPath = (key: string): string => (/^[A-Za-z_]\w*$/.test(key) ? key : `[${quoted(key)}]`);

/** Parses and checks a custom profile file; throws one ProfileError listing every problem. */
export function parseCustomProfile(text: string): ProfileSpec {
  let root: Json;
  try {
    root = JSON.parse(text) as Json;
  } catch (error) {
    throw new ProfileError([`$: invalid JSON: ${(error as Error).message}`]);
  }
  if (!isObject(root)) {
    throw new ProfileError([`$: the profile must be a JSON object, not ${kind(root)}`]);
  }

  const problems: string[] = [];
  for (const key of Object.keys(root)) {
    if (!(TOP_LEVEL_KEYS as readonly string[]).includes(key)) {
      problems.push(
        `${keyPath(key)}: unknown key${suggestion(key, TOP_LEVEL_KEYS)}; ` +
          `expected ${TOP_LEVEL_KEYS.join(', ')}`,
      );
    }
  }

  const name = root.name === undefined ? undefined : parseName(root.name, problems);

  let base: ProfileSpec['base'] = 'basic';
  if (root.base !== undefined) {
    if (typeof root.base === 'string' && (BASES as readonly string[]).includes(root.base)) {
      base = root.base as ProfileSpec['base'];
    } else {
      const shown = typeof root.base === 'string' ? quoted(root.base) : kind(root.base);
      problems.push(`base: must be "basic" or "legacy", not ${shown}`);
    }
  }

  const options = root.options === undefined ? [] : parseOptions(root.options, problems);
  const overrides = root.actions === undefined ? [] : parseActions(root.actions, problems);
  const leftovers = parseLeftoverKeys(root, problems);

  if (problems.length > 0) throw new ProfileError(problems);
  return { base, options, overrides, ...(name === undefined ? {} : { name }), ...leftovers };
}

/**
 * Checks a spec built some other way (CLI flags, the UI): option names, the exclusive pair and
 * the leftover settings. Custom actions are not checked here; parseCustomProfile does that for
 * files.
 */
export function validateProfileSpec(spec: ProfileSpec): void {
  const problems: string[] = [];
  if (!(BASES as readonly string[]).includes(spec.base)) {
    problems.push(`base: must be "basic" or "legacy", not ${quoted(String(spec.base))}`);
  }
  spec.options.forEach((option, index) => {
    if (!isProfileOptionName(option)) problems.push(unknownOption(`options[${index}]`, option));
  });
  const exclusive = exclusiveOptionsProblem(spec.options);
  if (exclusive) problems.push(exclusive);
  problems.push(...leftoverSpecProblems(spec));
  if (problems.length > 0) throw new ProfileError(problems);
}

function parseName(value: Json, problems: string[]): string | undefined {
  if (typeof value !== 'string') {
    problems.push(`name: must be a string, not ${kind(value)}`);
    return undefined;
  }
  const name = value.trim();
  if (name === '') problems.push('name: must not be empty');
  if (name.length > MAX_NAME_LENGTH) {
    problems.push(`name: ${name.length} characters; at most ${MAX_NAME_LENGTH} are allowed`);
  }
  if (name.includes('\\') || hasControlCharacter(name)) {
    problems.push('name: must not contain a backslash or a control character');
  }
  return name;
}

function parseOptions(value: Json, problems: string[]): ProfileOptionName[] {
  if (!Array.isArray(value)) {
    problems.push(`options: must be an array of option names, not ${kind(value)}`);
    return [];
  }
  const options: ProfileOptionName[] = [];
  value.forEach((option, index) => {
    const path = `options[${index}]`;
    if (typeof option !== 'string') {
      problems.push(`${path}: must be an option name, not ${kind(option)}`);
    } else if (!isProfileOptionName(option)) {
      problems.push(unknownOption(path, option));
    } else if (!options.includes(option)) {
      options.push(option);
    }
  });
  const exclusive = exclusiveOptionsProblem(options);
  if (exclusive) problems.push(exclusive);
  return options;
}

function unknownOption(path: string, option: string): string {
  const names = PROFILE_OPTIONS.map((o) => o.name);
  return (
    `${path}: unknown option ${quoted(option)}${suggestion(option, names)}; ` +
    `valid options: ${names.join(', ')}`
  );
}

function exclusiveOptionsProblem(options: readonly string[]): string | undefined {
  if (!EXCLUSIVE_OPTIONS.every((option) => options.includes(option))) return undefined;
  return `options: ${EXCLUSIVE_OPTIONS.join(' and ')} exclude each other; choose one`;
}

function parseActions(value: Json, problems: string[]): TagOverride[] {
  if (!isObject(value)) {
    problems.push(`actions: must be an object of tag or keyword → action, not ${kind(value)}`);
    return [];
  }
  const overrides: TagOverride[] = [];
  const keyOfTag = new Map<number, string>();
  for (const [key, action] of Object.entries(value)) {
    const path = `actions[${quoted(key)}]`;
    const tag = resolveTag(key, path, problems);
    const override = parseAction(action, path, problems);
    if (tag === undefined || override === undefined) continue;
    const earlier = keyOfTag.get(tag);
    if (earlier !== undefined) {
      problems.push(`${path}: ${formatTag(tag)} already has an action, at actions[${earlier}]`);
      continue;
    }
    keyOfTag.set(tag, quoted(key));
    const problem = actionProblem(tag, override);
    if (problem) problems.push(`${path}: ${problem}`);
    else overrides.push({ tag, ...override });
  }
  return overrides;
}

function resolveTag(key: string, path: string, problems: string[]): number | undefined {
  let tag: number | undefined;
  try {
    tag = parseTag(key);
  } catch {
    tag = tagOfKeyword(key);
    if (tag === undefined) {
      const looksLikeTag = /^[(\d]/.test(key.trim());
      problems.push(
        looksLikeTag
          ? `${path}: not a tag; write (gggg,eeee), gggg,eeee or ggggeeee in hexadecimal`
          : `${path}: unknown keyword${suggestion(key, dictionaryKeywords())}`,
      );
      return undefined;
    }
  }
  // Lengths are recomputed by the writer and item tags are structure, not elements.
  if (groupOf(tag) === 0xfffe) {
    problems.push(`${path}: ${formatTag(tag)} is an item or delimitation tag, not an element`);
    return undefined;
  }
  if (elementOf(tag) === 0) {
    problems.push(`${path}: ${formatTag(tag)} is a group length, which the writer recomputes`);
    return undefined;
  }
  return tag;
}

function parseAction(value: Json, path: string, problems: string[]): OverrideAction | undefined {
  if (typeof value === 'string') {
    const code = CODES.find((c) => c === value);
    if (code) return { action: code };
    problems.push(
      `${path}: unknown action ${quoted(value)}; expected one of ${CODES.join(', ')} ` +
        'or {"replace": "value"}',
    );
    return undefined;
  }
  if (!isObject(value)) {
    problems.push(`${path}: must be an action code or {"replace": "value"}, not ${kind(value)}`);
    return undefined;
  }
  const extra = Object.keys(value).filter((key) => key !== 'replace');
  if (extra.length > 0) {
    problems.push(`${path}: unknown key ${quoted(extra[0]!)}; only "replace" is allowed`);
    return undefined;
  }
  const replacement = value.replace;
  if (replacement === undefined) {
    problems.push(`${path}: an object action needs "replace", as in {"replace": "value"}`);
    return undefined;
  }
  if (typeof replacement !== 'string') {
    problems.push(`${path}.replace: must be a string, not ${kind(replacement)}`);
    return undefined;
  }
  if (replacement.length > MAX_REPLACE_LENGTH) {
    problems.push(
      `${path}.replace: ${replacement.length} characters; at most ${MAX_REPLACE_LENGTH} are allowed`,
    );
    return undefined;
  }
  if (hasControlCharacter(replacement)) {
    problems.push(`${path}.replace: must not contain control characters`);
    return undefined;
  }
  return { action: 'replace', value: replacement };
}

function actionProblem(tag: number, override: OverrideAction): string | undefined {
  if (isPrivateTag(tag)) {
    if (override.action === 'replace' || PRIVATE_CODES.includes(override.action)) return undefined;
    return (
      `${formatTag(tag)} is private: only X, K, Z or {"replace": ...} apply, ` +
      `not ${override.action}`
    );
  }
  if (override.action === 'U') {
    const vr = dictionaryVR(tag);
    if (vr !== 'UI') return `U replaces UIDs, and ${formatTag(tag)} has VR ${vr}, not UI`;
  }
  if (override.action === 'replace') {
    const vr = dictionaryVR(tag);
    // Text in a binary value (Rows = "128") would corrupt it: numbers there are not text.
    if (vr !== 'UN' && !isTextVR(vr))
      return `a replacement is text, and ${formatTag(tag)} has VR ${vr}, which holds no text`;
  }
  return undefined;
}
