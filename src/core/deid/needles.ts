/**
 * What the check looks for, made from an identifier: the value, the spellings of a date, the
 * words of a name; and how a match is told from a piece of something else.
 */
import { isDictionaryWord } from '../dicom/dictionary';
import { isPlaceholder, type Identifier } from './identifiers';

export interface Needle {
  readonly identifier: Identifier;
  readonly text: string;
  /**
   * Characters that would continue the token: a match touching one on either side is part of
   * something else ("Li" in "Lisinopril", "1.2.3" in "1.2.34").
   */
  readonly continues: RegExp;
  /**
   * One word of a name: a part ("John" of Doe^John) or a one-word name ("PHANTOM"). Alone it
   * counts only in free text: code strings, codes of standard schemes and technical labels are
   * vocabularies, where "Perfusion", "Head" or "Knee" is a term, not a person. Two words of
   * one name in the same text ("John Doe") count everywhere.
   */
  readonly oneWord: boolean;
}

// "_" joins words in codes and labels ("TOSHIBA_MEC" is not the institution "TOSHIBA").
const WORD = /[\p{L}\p{N}_]/u;
const DIGIT = /\d/;
/** Scripts written without spaces between words, in which names are one or two characters each. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
/** Next to CJK text only Latin letters and digits continue a token: its words touch. */
const CJK_WORD = /[\p{Script=Latin}\p{N}_]/u;

/**
 * What would continue a token: a letter, digit or "_" for words; only a digit for a number,
 * which is the same number glued to letters ("Ex27018Ser4" holds the Study ID 27018).
 */
function continuationOf(text: string): RegExp {
  if (CJK.test(text)) return CJK_WORD;
  return /^[\d./-]+$/.test(text) ? DIGIT : WORD;
}

/** A needle without its identifier: what needlesOf makes from a kind and a value. */
type NeedleShape = Omit<Needle, 'identifier'>;

/**
 * The needles made for recent identifiers: a series repeats its names, IDs and dates file
 * after file, and making them (splitting, folding, Unicode tests) was a tenth of the check.
 * Bounded, since a run may see any number of patients.
 */
const shapesMade = new Map<string, readonly NeedleShape[]>();
const MAX_SHAPES = 4096;

export function needlesOf(identifier: Identifier): Needle[] {
  const key = `${identifier.kind}\0${identifier.value}`;
  let shapes = shapesMade.get(key);
  if (!shapes) {
    if (shapesMade.size >= MAX_SHAPES) shapesMade.clear();
    shapesMade.set(key, (shapes = shapesOf(identifier)));
  }
  return shapes.map(({ text, continues, oneWord }) => ({ identifier, text, continues, oneWord }));
}

function shapesOf(identifier: Identifier): NeedleShape[] {
  const value = identifier.value.toLowerCase();
  const needle = (text: string, oneWord = false): NeedleShape => ({
    text,
    continues: continuationOf(text),
    oneWord,
  });
  switch (identifier.kind) {
    case 'patient name':
    case 'person name': {
      // Free text writes "John Doe" for Doe^John: each part of the name is looked for alone.
      const parts = value
        .split(/[\^=\s,]+/u)
        .filter((p) => p.replace(/\./g, '').length >= (CJK.test(p) ? 2 : 3) && !isPlaceholder(p));
      const oneWordName = parts.length <= 1 && !/[\^=\s,]/u.test(value.replace(/[\^=\s]+$/u, ''));
      const texts = new Map<string, boolean>([[value, oneWordName]]);
      for (const part of parts) if (part !== value) texts.set(part, true);
      // Systems that cannot store accents write Müller as MULLER or MUELLER.
      for (const [text, oneWord] of [...texts])
        for (const folded of foldedSpellings(text))
          if (!texts.has(folded)) texts.set(folded, oneWord);
      return [
        ...[...texts].map(([text, oneWord]) => needle(text, oneWord)),
        ...cjkFullNames(value).map((text) => needle(text)),
      ];
    }
    case 'birth date':
      return dateSpellings(value).map((text) => needle(text));
    default:
      return [needle(value)];
  }
}

const isAscii = (text: string): boolean => [...text].every((c) => c.charCodeAt(0) < 0x80);

/** A Latin name without its accents (müller → muller) and in German transliteration (mueller). */
function foldedSpellings(text: string): string[] {
  if (isAscii(text)) return [];
  const german = text
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss');
  const spellings = [text, german].map((t) => t.normalize('NFD').replace(/\p{M}/gu, ''));
  return [...new Set(spellings)].filter((t) => t !== text && isAscii(t));
}

/**
 * The ideographic and phonetic groups of a name (Yamada^Tarou=山田^太郎=やまだ^たろう) as they are
 * written in text: family and given name joined, with and without a space ("山田太郎"), since a
 * one-character part alone (王 of 王^小东) is too short to look for.
 */
function cjkFullNames(value: string): string[] {
  const names = new Set<string>();
  for (const group of value.split('=')) {
    if (!CJK.test(group)) continue;
    const [family = '', given = ''] = group.split('^').map((part) => part.trim());
    if (family === '' || given === '') continue;
    names.add(`${family}${given}`);
    names.add(`${family} ${given}`);
  }
  return [...names];
}

function dateSpellings(da: string): string[] {
  const [y, m, d] = [da.slice(0, 4), da.slice(4, 6), da.slice(6, 8)];
  return [
    da,
    `${y}-${m}-${d}`,
    `${y}/${m}/${d}`,
    `${y}.${m}.${d}`,
    `${d}/${m}/${y}`,
    `${m}/${d}/${y}`,
    `${d}.${m}.${y}`,
    `${d}-${m}-${y}`,
  ];
}

export function occurs(haystack: string, needle: Needle): boolean {
  for (
    let at = haystack.indexOf(needle.text);
    at >= 0;
    at = haystack.indexOf(needle.text, at + 1)
  ) {
    const before = haystack[at - 1];
    const after = haystack[at + needle.text.length];
    const touches = (c: string | undefined) => c !== undefined && needle.continues.test(c);
    if (!touches(before) && !touches(after)) return true;
  }
  return false;
}

/**
 * The text with every whole-token occurrence of a matched needle taken out (in any case), and
 * the spaces around it tidied: how a leftover is cut out of the attribute where it was found.
 */
export function cutNeedle(text: string, needle: string): string {
  const lower = text.toLowerCase();
  // Lower-casing can change a string's length (rare scripts): then nothing can be cut safely.
  if (lower.length !== text.length || needle === '') return text;
  const continues = continuationOf(needle);
  let out = '';
  let from = 0;
  for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + 1)) {
    if (at < from) continue;
    const before = lower[at - 1];
    const after = lower[at + needle.length];
    const touches = (c: string | undefined) => c !== undefined && continues.test(c);
    if (touches(before) || touches(after)) continue;
    out += text.slice(from, at);
    from = at + needle.length;
  }
  out += text.slice(from);
  return out.replace(/[ \t]{2,}/g, ' ').trim();
}

/**
 * A name made only of technical words (each with a digit, or a word of DICOM's vocabulary):
 * "32Ch^Head", "Water Phantom", "WHOLE BODY". "Doe^John" written as a coil name is a name.
 */
export function isTechnicalName(value: string): boolean {
  const words = wordsOf(value.toLowerCase()).split(' ');
  return words.every((w) => /\d/.test(w) || isDictionaryWord(w));
}

/** The words of a text, for comparing a label with a name: "32Ch^Head " → "32ch head". */
export function wordsOf(text: string): string {
  return text
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '')
    .join(' ');
}
