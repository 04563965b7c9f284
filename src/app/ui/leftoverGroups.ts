/**
 * The quarantine of a run, grouped for the done screen: one group per kind of finding (its
 * place with item numbers left out, the kind of value and where that came from: the engine's
 * leftoverKey), titled in plain words, with the files that have it. A file with several
 * findings is in several groups, and is re-run only once every one of them has a choice.
 * Pure: built from the findings, which hold no value, so nothing here can show one.
 */
import type { LeftoverFix, LeftoverRule } from '../../core/deid/api';
import type { IdentifierKind } from '../../core/deid/identifiers';
import type { LeakFinding } from '../../core/deid/leakCheck';
import { leftoverKey, placeOf } from '../../core/deid/leftovers';
import { keywordOf } from '../../core/dicom/dictionary';
import { formatTag, isPrivateTag, parseTag } from '../../core/dicom/tag';
import type { FileResult } from '../pipeline/types';
import { spacedKeyword } from '../preview/leakText';
import { plural } from './format';

export interface LeftoverGroup {
  /** leftoverKey: `${place}|${kind}|${source}`. */
  readonly key: string;
  readonly place: string;
  readonly kind: IdentifierKind;
  readonly source: string;
  /** "Protocol Name (0018,1030) holds the patient name": what was found where, no count. */
  readonly what: string;
  /** `what` with the number of files: "… — 12 files". */
  readonly title: string;
  readonly fileIndexes: readonly number[];
  /** A file's own name is made of pseudonyms and numbers: nothing there can be fixed. */
  readonly fixable: boolean;
}

/** The three fixes, in the order the screen offers them. */
export const FIXES: readonly LeftoverFix[] = ['remove', 'cut', 'allow'];

export const FIX_LABELS: Record<LeftoverFix, string> = {
  remove: 'Remove that attribute',
  cut: 'Cut the value out',
  allow: 'It is not identifying (allow)',
};

/** How a fix reads in the list of the run's fixes. */
const FIX_DONE: Record<LeftoverFix, string> = {
  remove: 'removed',
  cut: 'cut out',
  allow: 'allowed',
};

export function groupQuarantined(results: readonly FileResult[]): LeftoverGroup[] {
  const groups = new Map<string, { finding: LeakFinding; files: number[] }>();
  for (const result of results) {
    if (result.status !== 'quarantined' || !result.findings) continue;
    const seen = new Set<string>();
    for (const finding of result.findings) {
      const key = leftoverKey(finding);
      if (seen.has(key)) continue;
      seen.add(key);
      const group = groups.get(key);
      if (group) group.files.push(result.index);
      else groups.set(key, { finding, files: [result.index] });
    }
  }
  const built = [...groups].map(([key, { finding, files }]) => {
    const place = placeOf(finding.path);
    return {
      key,
      place,
      kind: finding.kind,
      source: finding.source,
      what: `${capitalized(placeWords(place))} holds ${sourceWords(finding.source)}`,
      fileIndexes: files,
      fixable: place !== 'file name',
    };
  });
  // Two kinds of value from the same source in the same place would read the same.
  const count = new Map<string, number>();
  for (const group of built) count.set(group.what, (count.get(group.what) ?? 0) + 1);
  return (
    built
      .map((group) => {
        const what = count.get(group.what)! > 1 ? `${group.what} (${group.kind})` : group.what;
        return { ...group, what, title: `${what} — ${plural(group.fileIndexes.length, 'file')}` };
      })
      // Most files first; then in tag order, as a dump of the file lists its elements.
      .sort(
        (a, b) =>
          b.fileIndexes.length - a.fileIndexes.length ||
          compare(a.place, b.place) ||
          compare(a.what, b.what),
      )
  );
}

/**
 * "Protocol Name (0018,1030)", "a private attribute (0043,1028)", "Text Value (0040,A160) in
 * Content Sequence (0040,A730)", or "the name the file would have had".
 */
export function placeWords(place: string): string {
  if (place === 'file name') return 'the name the file would have had';
  const steps = place.split('.').map((step) => step.replace('[*]', ''));
  const named = steps.map(tagWords);
  return named.length === 1
    ? named[0]!
    : `${named[named.length - 1]!} in ${named.slice(0, -1).reverse().join(' in ')}`;
}

function tagWords(step: string): string {
  let tag: number;
  try {
    tag = parseTag(step);
  } catch {
    return step;
  }
  if (isPrivateTag(tag)) return `a private attribute ${formatTag(tag)}`;
  const keyword = keywordOf(tag).replace(/^RETIRED_/, '');
  return keyword
    ? `${spacedKeyword(keyword)} ${formatTag(tag)}`
    : `the attribute ${formatTag(tag)}`;
}

/** "the patient name", "the Study ID", "another file's Operators Name". */
export function sourceWords(source: string): string {
  const other = /^(\w+) of another file of the study$/.exec(source);
  if (other) return `another file's ${keywordWords(other[1]!)}`;
  if (/^\w+$/.test(source)) return `the ${keywordWords(source)}`;
  return source;
}

/** The patient's own attributes read as common words ("patient name"); others as names. */
function keywordWords(keyword: string): string {
  const words = spacedKeyword(keyword);
  if (!keyword.startsWith('Patient')) return words;
  return words
    .split(' ')
    .map((word) => (/^[A-Z][a-z]/.test(word) ? word.toLowerCase() : word))
    .join(' ');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The rules for the groups with a choice. */
export function fixesFor(
  groups: readonly LeftoverGroup[],
  choices: ReadonlyMap<string, LeftoverFix>,
): LeftoverRule[] {
  return groups.flatMap((group) => {
    const fix = choices.get(group.key);
    if (!fix || !group.fixable) return [];
    return [{ place: group.place, kind: group.kind, source: group.source, fix }];
  });
}

/** The quarantined files whose every group has a choice: those a re-run can resolve. */
export function filesToRerun(
  results: readonly FileResult[],
  groups: readonly LeftoverGroup[],
  choices: ReadonlyMap<string, LeftoverFix>,
): number[] {
  const fixable = new Set(groups.filter((g) => g.fixable).map((g) => g.key));
  return results
    .filter(
      (result) =>
        result.status === 'quarantined' &&
        result.findings !== undefined &&
        result.findings.length > 0 &&
        result.findings.every((f) => {
          const key = leftoverKey(f);
          return fixable.has(key) && choices.has(key);
        }),
    )
    .map((result) => result.index);
}

/** "Protocol Name (0018,1030) with the patient name — cut out; …", never a value. */
export function describeFixes(fixes: readonly LeftoverRule[]): string {
  return fixes
    .map(
      (rule) =>
        `${capitalized(placeWords(rule.place))} with ${sourceWords(rule.source)} — ${FIX_DONE[rule.fix]}`,
    )
    .join('; ');
}
