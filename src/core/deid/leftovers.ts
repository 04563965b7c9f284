/**
 * Leftovers: identifiers the check of the written bytes still finds. By default the file is
 * quarantined; the user can instead have them fixed, per finding or for the whole run:
 * - cut: the matched text is taken out of the attribute where it was found (the attribute goes
 *   when nothing meaningful would be left of it, or when it is not text);
 * - remove: the attribute goes;
 * - allow: the user confirmed that this finding identifies nobody.
 * A fixed file is written again and checked again from its bytes; whatever is still found then
 * quarantines it.
 */
import { findElement, type DicomElement, type DicomFile, type DicomItem } from '../dicom/dataset';
import { removeElements, setValueBytes } from '../dicom/edit';
import { DicomWriteError } from '../dicom/errors';
import { parseTag } from '../dicom/tag';
import { encodeTextValue } from '../dicom/values';
import { isTextVR } from '../dicom/vr';
import type { ChangeRecord, LeftoverCounts, LeftoverFix, LeftoverRule, ProfileSpec } from './api';
import { effectiveVR, textValues } from './dataSetPlan';
import type { DetailedFinding, LeakFinding } from './leakCheck';
import { cutNeedle } from './needles';

/** A finding's place with its item numbers left out: the same attribute in every item. */
export function placeOf(path: string): string {
  return path.replace(/\[\d+\]/g, '[*]');
}

/** What a finding is, for grouping and for rules: place, kind of value, where it came from. */
export function leftoverKey(finding: Pick<LeakFinding, 'path' | 'kind' | 'source'>): string {
  return `${placeOf(finding.path)}|${finding.kind}|${finding.source}`;
}

/** The fix that applies to each finding under a profile's leftover settings. */
export class LeftoverPolicy {
  private readonly rules: ReadonlyMap<string, LeftoverFix>;
  private readonly fallback: LeftoverFix | undefined;

  constructor(spec: ProfileSpec) {
    this.rules = new Map((spec.leftoverFixes ?? []).map((r) => [ruleKey(r), r.fix] as const));
    this.fallback = spec.onLeftover === 'clean' ? 'cut' : undefined;
  }

  /** True when some finding could be fixed rather than quarantined. */
  get active(): boolean {
    return this.rules.size > 0 || this.fallback !== undefined;
  }

  fixFor(finding: DetailedFinding): LeftoverFix | undefined {
    // A file's own name is made of pseudonyms and numbers: nothing there can be cut.
    if (finding.path === 'file name') return undefined;
    return this.rules.get(leftoverKey(finding)) ?? this.fallback;
  }
}

function ruleKey(rule: LeftoverRule): string {
  return `${rule.place}|${rule.kind}|${rule.source}`;
}

type Counts = { -readonly [K in keyof LeftoverCounts]: number };

export function emptyCounts(): Counts {
  return { cut: 0, removed: 0, allowed: 0, allowedValues: 0 };
}

/**
 * Applies the policy's fixes to the findings of one check, editing `file` (the written output
 * read back). Returns the findings that stay: those without a fix, and those a fix could not
 * deal with. Allowed findings are counted and dropped.
 */
export function fixLeftovers(
  file: DicomFile,
  findings: readonly DetailedFinding[],
  policy: LeftoverPolicy,
  counts: Counts,
  changes: ChangeRecord[],
): DetailedFinding[] {
  const remaining: DetailedFinding[] = [];
  // Counted once per finding (place and source), not per part of a name that matched.
  const counted = new Set<string>();
  const count = (finding: DetailedFinding, what: 'allowed' | 'allowedValues') => {
    const key = `${what}|${finding.path}|${finding.kind}|${finding.source}`;
    if (!counted.has(key)) counts[what]++;
    counted.add(key);
  };
  const byPath = new Map<string, { fix: LeftoverFix; needles: Set<string> }>();
  for (const finding of findings) {
    if (finding.allowed) {
      count(finding, 'allowedValues');
      continue;
    }
    const fix = policy.fixFor(finding);
    if (fix === undefined) {
      remaining.push(finding);
      continue;
    }
    if (fix === 'allow') {
      count(finding, 'allowed');
      continue;
    }
    let entry = byPath.get(finding.path);
    if (!entry) byPath.set(finding.path, (entry = { fix, needles: new Set() }));
    // One attribute with two findings, one to cut and one to remove: it goes.
    if (fix === 'remove') entry.fix = 'remove';
    entry.needles.add(finding.needle);
  }
  for (const [path, { fix, needles }] of byPath) {
    const place = locate(file, path);
    if (!place) {
      remaining.push(...findings.filter((f) => f.path === path));
      continue;
    }
    if (fix === 'cut' && cutOut(place, [...needles], path, changes)) counts.cut++;
    else {
      removeElements(place.item, (e) => e === place.element);
      changes.push({ path, action: 'removed' });
      counts.removed++;
    }
  }
  return remaining;
}

/** Which findings a policy's allow rules and the allowed values accept as they are. */
export function acceptedByPolicy(finding: DetailedFinding, policy: LeftoverPolicy): boolean {
  return finding.allowed || policy.fixFor(finding) === 'allow';
}

interface Place {
  readonly item: DicomItem;
  readonly element: DicomElement;
}

/** The element at a finding's path: "(0040,A730)[0].(0040,A160)" in the data set or the meta. */
function locate(file: DicomFile, path: string): Place | undefined {
  const steps = path.split('.');
  const first = /^\((\w{4}),/.exec(steps[0] ?? '');
  if (!first) return undefined;
  let item: DicomItem | undefined =
    parseInt(first[1]!, 16) === 0x0002 ? (file.meta ?? undefined) : file.dataset;
  for (const [i, step] of steps.entries()) {
    const m = /^(\(\w{4},\w{4}\))(?:\[(\d+)\])?$/.exec(step);
    if (!m || !item) return undefined;
    const element = findElement(item, parseTag(m[1]!));
    if (!element) return undefined;
    if (i === steps.length - 1) return m[2] === undefined ? { item, element } : undefined;
    item = m[2] === undefined ? undefined : element.items?.[Number(m[2])];
  }
  return undefined;
}

/**
 * Cuts the needles out of a text element's values. False when that would leave nothing worth
 * keeping (no letter or digit where there was one), or the element is not plain text: the
 * caller removes it instead.
 */
function cutOut(place: Place, needles: string[], path: string, changes: ChangeRecord[]): boolean {
  const { item, element } = place;
  if (element.items || element.fragments) return false;
  const vr = effectiveVR(element, undefined);
  // A UID or a code with a piece cut out is no longer what it says it is.
  if (!isTextVR(vr) || vr === 'UI' || vr === 'CS' || vr === 'AE') return false;
  let values: string[];
  try {
    values = textValues(item, element, vr);
  } catch {
    return false;
  }
  const cut = values.map((value) =>
    needles.reduce((text, needle) => cutNeedle(text, needle), value),
  );
  const meaningful = /[\p{L}\p{N}]/u;
  if (cut.some((v, i) => meaningful.test(values[i]!) && !meaningful.test(v))) return false;
  const text = cut.join('\\');
  try {
    setValueBytes(element, encodeTextValue(item, vr, text));
  } catch (error) {
    if (error instanceof DicomWriteError) return false;
    throw error;
  }
  changes.push({ path, action: 'cleaned', value: text });
  return true;
}
