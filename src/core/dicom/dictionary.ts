import { PRIVATE_DICTIONARY, PUBLIC_DICTIONARY } from './dictionary.generated';
import {
  elementOf,
  groupOf,
  isGroupLengthTag,
  isPrivateCreatorTag,
  isPrivateTag,
  type Tag,
} from './tag';

interface PublicEntry {
  readonly vr: string;
  readonly keyword: string;
}

let publicByTag: Map<Tag, PublicEntry> | undefined;
let repeatingByTag: Map<Tag, PublicEntry> | undefined;
let privateByKey: Map<string, string> | undefined;

// Parsed on first use: a worker that never meets an implicit VR file never pays for it.
function load(): void {
  publicByTag = new Map();
  repeatingByTag = new Map();
  for (const line of PUBLIC_DICTIONARY.split('\n')) {
    const [key, vr, keyword] = line.split(' ') as [string, string, string];
    const repeating = key.slice(2, 4) === 'xx';
    const t = parseInt(repeating ? `${key.slice(0, 2)}00${key.slice(4)}` : key, 16) >>> 0;
    (repeating ? repeatingByTag : publicByTag).set(t, { vr, keyword });
  }
  privateByKey = new Map();
  for (const line of PRIVATE_DICTIONARY.split('\n')) {
    const space = line.indexOf(' ');
    const vr = line.slice(space + 1, space + 3);
    privateByKey.set(`${line.slice(0, 4)}|${line.slice(4, 6)}|${line.slice(space + 4)}`, vr);
  }
}

function publicEntry(t: Tag): PublicEntry | undefined {
  if (!publicByTag) load();
  const exact = publicByTag!.get(t);
  if (exact) return exact;
  // Repeating groups (50xx, 60xx, 7Fxx) are even groups within their 256-group block.
  const group = groupOf(t);
  if ((group & 1) === 0)
    return repeatingByTag!.get((((group & 0xff00) << 16) | elementOf(t)) >>> 0);
  return undefined;
}

/**
 * The VR a tag has in the data dictionary, for implicit VR data; 'UN' when it is unknown.
 * Private elements are looked up by their block's creator, as PS3.5 7.8.1 defines them.
 */
export function dictionaryVR(t: Tag, privateCreator?: string): string {
  if (isGroupLengthTag(t)) return 'UL';
  if (isPrivateTag(t)) {
    if (isPrivateCreatorTag(t)) return 'LO';
    if (!privateCreator || elementOf(t) < 0x1000) return 'UN';
    if (!privateByKey) load();
    const group = groupOf(t).toString(16).toUpperCase().padStart(4, '0');
    const element = (elementOf(t) & 0xff).toString(16).toUpperCase().padStart(2, '0');
    return privateByKey!.get(`${group}|${element}|${privateCreator}`) ?? 'UN';
  }
  return publicEntry(t)?.vr ?? 'UN';
}

/** The standard's keyword ("PatientName"), or '' for tags the dictionary does not hold. */
export function keywordOf(t: Tag): string {
  if (isGroupLengthTag(t)) return 'GroupLength';
  if (isPrivateTag(t)) return isPrivateCreatorTag(t) ? 'PrivateCreator' : '';
  return publicEntry(t)?.keyword ?? '';
}

let tagByKeyword: Map<string, Tag> | undefined;

function loadKeywords(): Map<string, Tag> {
  if (!publicByTag) load();
  const byKeyword = new Map<string, Tag>();
  const ambiguous = new Set<string>();
  const add = (keyword: string, t: Tag) => {
    if (ambiguous.has(keyword)) return;
    if (byKeyword.has(keyword) && byKeyword.get(keyword) !== t) {
      // dcmjs gives a few keyword-less entries the same placeholder ("RETIRED_undefined").
      byKeyword.delete(keyword);
      ambiguous.add(keyword);
    } else byKeyword.set(keyword, t);
  };
  for (const entries of [publicByTag!, repeatingByTag!])
    for (const [t, { keyword }] of entries) add(keyword, t);
  // dcmjs prefixes retired keywords with "RETIRED_"; the standard's keyword has no prefix, and
  // that is what people write. The prefixed form keeps working too.
  for (const [keyword, t] of [...byKeyword]) {
    const plain = keyword.startsWith('RETIRED_') ? keyword.slice('RETIRED_'.length) : '';
    if (plain && !byKeyword.has(plain) && !ambiguous.has(plain)) byKeyword.set(plain, t);
  }
  return byKeyword;
}

/**
 * The tag of a standard keyword ("PatientName" → 0x00100010), with or without dcmjs's
 * "RETIRED_" prefix; undefined when unknown or ambiguous. Keywords of repeating groups give
 * the first group (OverlayData → 0x60003000). Case-sensitive, like the standard's keywords.
 */
export function tagOfKeyword(keyword: string): Tag | undefined {
  tagByKeyword ??= loadKeywords();
  return tagByKeyword.get(keyword);
}

/** Every keyword tagOfKeyword knows, without the "RETIRED_" forms (for suggestions). */
export function dictionaryKeywords(): string[] {
  tagByKeyword ??= loadKeywords();
  return [...tagByKeyword.keys()].filter((keyword) => !keyword.startsWith('RETIRED_'));
}

let vocabulary: ReadonlySet<string> | undefined;

/**
 * The words the standard's attribute keywords are made of, lower-cased, three letters or more
 * ("name", "head", "phantom", "water", "field"): the vocabulary of DICOM itself. A person's
 * surname is rarely one of them; the word a phantom or a test file is named after often is.
 */
export function isDictionaryWord(word: string): boolean {
  vocabulary ??= new Set(
    dictionaryKeywords().flatMap((keyword) =>
      keyword
        .split(/(?<=[a-z])(?=[A-Z])|(?=[A-Z][a-z])/)
        .filter((w) => w.length >= 3)
        .map((w) => w.toLowerCase()),
    ),
  );
  return vocabulary.has(word.toLowerCase());
}
