import { trimPadding } from '../dicom/padding';
import type { ConfidentialityRule, SafePrivateAttribute } from './ruleTypes';
import { CONFIDENTIALITY_RULES, SAFE_PRIVATE_ATTRIBUTES } from './rules.generated';
import { SUPPLEMENT_RULES } from './supplementRules';

export type { ConfidentialityRule, SafePrivateAttribute } from './ruleTypes';

const EXACT_MASK = 0xffffffff;
/** PS3.5 7.6: repeating groups are the even groups xx00-xx1E. */
const LAST_REPEATING_GROUP_BYTE = 0x1e;

// Built once at load: ruleFor runs for every element of every file, so it must be a map hit.
const exactRules = new Map<number, ConfidentialityRule>();
const supplementRules = new Map(SUPPLEMENT_RULES.map((rule) => [rule.tag, rule]));
const repeatingGroupRules: ConfidentialityRule[] = [];
let oddGroupRule: ConfidentialityRule | undefined;

for (const rule of CONFIDENTIALITY_RULES) {
  if (rule.mask === EXACT_MASK) {
    if (!exactRules.has(rule.tag)) exactRules.set(rule.tag, rule);
  } else if (rule.mask === 0x00010000 && rule.tag === 0x00010000) {
    oddGroupRule ??= rule;
  } else if ((rule.mask & 0x00ff0000) === 0 && (rule.mask & 0xff000000) >>> 0 === 0xff000000) {
    repeatingGroupRules.push(rule);
  } else {
    // A new kind of pattern in a future edition of the table must not be silently ignored.
    throw new Error(`rules.generated.ts: unsupported tag pattern in the ${rule.keyword} row`);
  }
}

/**
 * The Table E.1-1 row for a tag: an exact row first, then the repeating-group patterns (curves
 * 50xx, overlays 60xx: even groups up to xx1E only), then the odd-group (private) row, which
 * matches every odd-group tag including private creators; telling those apart is the caller's
 * business.
 */
export function ruleFor(tag: number): ConfidentialityRule | undefined {
  const exact = exactRules.get(tag) ?? supplementRules.get(tag);
  if (exact) return exact;
  const group = tag >>> 16;
  if ((group & 1) === 1) return oddGroupRule;
  if ((group & 0xff) > LAST_REPEATING_GROUP_BYTE) return undefined;
  for (const rule of repeatingGroupRules) if ((tag & rule.mask) >>> 0 === rule.tag) return rule;
  return undefined;
}

interface SafeEntry {
  readonly attribute: SafePrivateAttribute;
  readonly creator: string;
}

const safeKey = (group: number, lowByte: number): number => group * 0x100 + lowByte;

const safeByKey = new Map<number, SafeEntry[]>();
for (const attribute of SAFE_PRIVATE_ATTRIBUTES) {
  const key = safeKey(attribute.group, attribute.element);
  const entries = safeByKey.get(key) ?? [];
  entries.push({ attribute, creator: trimPadding(attribute.creator) });
  safeByKey.set(key, entries);
}

/**
 * The Table E.3.10-1 row for a private data element whose block is reserved by `creator`, or
 * undefined. Creators compare exactly after trimming leading and trailing spaces: the table
 * is case-sensitive and vendors have reused names in other cases for other content.
 */
export function isSafePrivate(
  tag: number,
  creator: string | undefined,
): SafePrivateAttribute | undefined {
  if (creator === undefined) return undefined;
  // Only (gggg,1000-FFFF) are block elements; below are creators, lengths and reserved ones.
  if ((tag & 0xffff) < 0x1000) return undefined;
  const entries = safeByKey.get(safeKey(tag >>> 16, tag & 0xff));
  if (!entries) return undefined;
  const wanted = trimPadding(creator);
  return entries.find((entry) => entry.creator === wanted)?.attribute;
}
