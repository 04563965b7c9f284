import { decodeText } from '../dicom/charset';
import { isDictionaryWord } from '../dicom/dictionary';
import { valueBytes, type DicomFile, type DicomItem } from '../dicom/dataset';
import { formatTag, groupOf } from '../dicom/tag';
import { characterSetsOf } from '../dicom/values';
import { isTextVR } from '../dicom/vr';
import { isCodeMacroAttribute, isLocalCode } from './codingSchemes';
import type { Identifier, IdentifierKind, LeakFinding } from './identifierTypes';
import { isTechnicalName, needlesOf, occurs, wordsOf, type Needle } from './needles';

export type { LeakFinding } from './identifierTypes';

/**
 * A finding with what was found, for the engine's own use (fixing a leftover, counting the uses
 * of an allowed value): never leaves the worker.
 */
export interface DetailedFinding extends LeakFinding {
  readonly identifier: Identifier;
  /** The text that matched: the value itself, one spelling of a date, or a part of a name. */
  readonly needle: string;
  /** The matched text is one the user said is not identifying (allowValues). */
  readonly allowed: boolean;
}

// Opaque bulk data is what the image is; names hidden there are burned-in text, not headers.
const BULK_DATA = (tag: number) =>
  groupOf(tag) === 0x7fe0 ||
  tag === 0x54001010 ||
  (groupOf(tag) >= 0x6000 && groupOf(tag) <= 0x601e && (tag & 0xffff) === 0x3000);
const MAX_SCANNED_BYTES = 64 << 20;

const FREE_TEXT_VRS = new Set(['LO', 'LT', 'PN', 'SH', 'ST', 'UC', 'UT']);
const CODE_MEANING = 0x00080104;

/**
 * Text attributes that hold a technical label the scanner sets (sequence, coil, kernel), not
 * text typed about a person: a phantom called "Head" or "Water" shows up there by design.
 */
const TECHNICAL_LABELS = new Set([
  0x00180024, // Sequence Name
  0x00181160, // Filter Type
  0x00181210, // Convolution Kernel
  0x00181250, // Receive Coil Name
  0x00181251, // Transmit Coil Name
  0x00189005, // Pulse Sequence Name
]);
/** In opaque bytes short words turn up by chance; only longer ones mean something there. */
const MIN_OPAQUE_NEEDLE = 5;

/**
 * A vendor's own files name the vendor as institution too (OFFIS, TOSHIBA): the manufacturer is
 * kept by the standard and names a company, so an institution equal to it is no leak there.
 */
const MANUFACTURER_TAGS = new Set([0x00080070, 0x00081090]);

/**
 * Where a needle is looked for: what kind of value holds the text. Coded: code strings, codes
 * of standard schemes, technical labels and technical NIfTI sidecar fields.
 */
type Holder = 'free-text' | 'coded' | 'uid' | 'opaque' | 'file-name';

/**
 * Values the engine wrote itself (dummies, pseudonyms, method texts, new UIDs), by output
 * path: an input already de-identified by another tool ("REMOVED", "ANONYMOUS") must not find
 * itself in them. A path ending in "[" covers every item of a sequence the engine added.
 */
export type EngineValues = ReadonlyMap<string, string>;

/**
 * Searches every element of an output, at every depth, private ones and opaque values
 * included, and its file name, for the identifiers of its input: case-insensitively, in the
 * character sets the output declares. Used to quarantine a file before it is saved.
 */
export function findLeaks(
  file: DicomFile,
  outputPath: string,
  identifiers: readonly Identifier[],
): LeakFinding[] {
  return publicFindings(findLeakDetails(file, outputPath, identifiers));
}

/**
 * findLeaks with what matched, allowed values included (flagged): the engine fixes leftovers
 * and counts the uses of allowed values from these.
 */
export function findLeakDetails(
  file: DicomFile,
  outputPath: string,
  identifiers: readonly Identifier[],
  allowed: ReadonlySet<string> = NONE_ALLOWED,
  engineValues: EngineValues = new Map(),
): DetailedFinding[] {
  const matcher = leakMatcher(identifiers, allowed);
  if (!matcher) return [];
  const scan = { report: matcher.report, engineValues };
  if (file.meta) scanItem(file.meta, '', scan);
  scanItem(file.dataset, '', scan);
  matcher.report('file name', outputPath, 'file-name');
  return dedupe(matcher.findings);
}

/** The findings a report or preview may see: not allowed ones, and without the values. */
export function publicFindings(findings: readonly DetailedFinding[]): LeakFinding[] {
  const seen = new Set<string>();
  const out: LeakFinding[] = [];
  for (const { path, kind, source, allowed } of findings) {
    const key = `${path}|${kind}|${source}`;
    if (allowed || seen.has(key)) continue;
    seen.add(key);
    out.push({ path, kind, source });
  }
  return out;
}

const NONE_ALLOWED: ReadonlySet<string> = new Set();

/** One text an output carries outside a DICOM data set (a NIfTI sidecar value, a file name). */
export interface TextPlace {
  /** Where the text stands, for the report ("the JSON sidecar's key ..."); never the text. */
  readonly where: string;
  readonly text: string;
  /** An output file name: looked for as in a DICOM output's name. Else free text. */
  readonly fileName?: boolean;
  /**
   * The DICOM attribute the text copies, when it has one: the same exceptions apply as there
   * (an institution equal to the manufacturer, in the manufacturer's field).
   */
  readonly tag?: number;
  /** A technical field (sequence, coil, timing): one word of a name alone is a term there. */
  readonly technical?: boolean;
}

/**
 * Searches texts that leave the machine beside (or instead of) a DICOM file for the same
 * identifiers, with the same matching as findLeaks: case-insensitive, whole tokens, name parts
 * in free text. Used to verify NIfTI outputs before they are saved.
 */
export function findLeaksInText(
  places: readonly TextPlace[],
  identifiers: readonly Identifier[],
  allowed: ReadonlySet<string> = NONE_ALLOWED,
): LeakFinding[] {
  // Most files carry no text beside them: the needles need not be made.
  if (places.length === 0) return [];
  const matcher = leakMatcher(identifiers, allowed);
  if (!matcher) return [];
  for (const place of places) {
    const holder = place.fileName ? 'file-name' : place.technical ? 'coded' : 'free-text';
    matcher.report(place.where, place.text, holder, place.tag);
  }
  return publicFindings(dedupe(matcher.findings));
}

type Report = (path: string, text: string, holder: Holder, tag?: number) => void;

/** The needles of `identifiers` and a function that records where they occur in a text. */
function leakMatcher(
  identifiers: readonly Identifier[],
  allowed: ReadonlySet<string>,
): { report: Report; findings: DetailedFinding[] } | undefined {
  // UIDs can number tens of thousands in one file (per-frame references): they are looked up
  // in a map, token by token, instead of searched for one by one.
  const uids = new Map<string, Identifier>();
  const needles: Needle[] = [];
  for (const identifier of identifiers) {
    if (identifier.kind === 'original UID') uids.set(identifier.value, identifier);
    else for (const needle of needlesOf(identifier)) needles.push(needle);
  }
  if (needles.length === 0 && uids.size === 0) return undefined;
  const findings: DetailedFinding[] = [];
  const found = (path: string, identifier: Identifier, needle: string) =>
    findings.push({
      path,
      kind: identifier.kind,
      source: identifier.source,
      identifier,
      needle,
      allowed: allowed.has(needle) || allowed.has(identifier.value.toLowerCase()),
    });
  // Only an original UID is looked for in a UID (below), and short needles not in opaque bytes.
  const opaqueNeedles = needles.filter((needle) => needle.text.length >= MIN_OPAQUE_NEEDLE);
  // Most values are shorter than any UID or needle there is to find (codes, numbers): no
  // search can match in them.
  const shortestUid = shortest([...uids.keys()]);
  const shortestNeedle = shortest(needles.map((needle) => needle.text));
  const shortestOpaque = shortest(opaqueNeedles.map((needle) => needle.text));
  const report: Report = (path, text, holder, tag = 0) => {
    // A UID token needs a dot: a text without one holds none (and is not matched for them).
    if (uids.size > 0 && text.length >= shortestUid && text.includes('.')) {
      for (const token of text.match(UID_TOKENS) ?? []) {
        const identifier = uids.get(token);
        if (identifier) found(path, identifier, token);
      }
    }
    // A kept UID may embed a device serial number by design (Retain UIDs); in a UID only an
    // original UID the profile replaced is a leak, and those are the map's, not needles.
    if (holder === 'uid') return;
    const searched = holder === 'opaque' ? opaqueNeedles : needles;
    if (searched.length === 0) return;
    const lower = text.toLowerCase();
    if (lower.length < (holder === 'opaque' ? shortestOpaque : shortestNeedle)) return;
    // The words of each name found in this text: one alone may be a term, two are a name.
    let words: Map<Identifier, string[]> | undefined;
    for (const needle of searched) {
      if (
        needle.identifier.kind === 'institution' &&
        MANUFACTURER_TAGS.has(tag) &&
        lower.trim() === needle.text
      )
        continue;
      if (!occurs(lower, needle)) continue;
      if (!needle.oneWord) {
        if (!isTheName(needle.identifier, holder, lower))
          found(path, needle.identifier, needle.text);
        continue;
      }
      words ??= new Map();
      const list = words.get(needle.identifier);
      if (!list) words.set(needle.identifier, [needle.text]);
      else if (!list.includes(needle.text)) list.push(needle.text);
    }
    if (!words) return;
    for (const [identifier, list] of words) {
      if (isTheName(identifier, holder, lower)) continue;
      // One word alone: a term in a code or a label; in text, a word of DICOM's own
      // vocabulary ("Name", "Head", "Phantom") is the word, not the person named after it.
      if (list.length < 2 && (holder === 'coded' || isDictionaryWord(list[0]!))) continue;
      for (const word of list) found(path, identifier, word);
    }
  };
  return { report, findings };
}

function shortest(texts: readonly string[]): number {
  let length = Infinity;
  for (const text of texts) length = Math.min(length, text.length);
  return length;
}

/** A phantom named after its coil or sequence ("32Ch Head"): the label is the name. */
function isTheName(identifier: Identifier, holder: Holder, lower: string): boolean {
  return (
    holder === 'coded' &&
    NAME_KINDS.has(identifier.kind) &&
    isTechnicalName(identifier.value) &&
    lower.split('\\').some((v) => wordsOf(v) === wordsOf(identifier.value.toLowerCase()))
  );
}

interface Scan {
  readonly report: Report;
  readonly engineValues: EngineValues;
}

function scanItem(item: DicomItem, path: string, scan: Scan) {
  const localCode = isLocalCode(item);
  // The same for every element of the item, which the scan does not change.
  const charsets = characterSetsOf(item);
  for (const element of item.elements) {
    const here = `${path}${path ? '.' : ''}${formatTag(element.tag)}`;
    if (element.items) {
      // A sequence the engine added holds only its own codes (De-identification Method).
      if (scan.engineValues.has(`${here}[`)) continue;
      element.items.forEach((child, i) => scanItem(child, `${here}[${i}]`, scan));
      continue;
    }
    if (element.fragments || BULK_DATA(element.tag)) continue;
    const bytes = valueBytes(item, element);
    if (bytes.length === 0) continue;
    if (isTextVR(element.vr)) {
      const text = decodeText(bytes, charsets, element.vr);
      const written = scan.engineValues.get(here);
      if (written !== undefined && written === text.replace(/[\0 ]+$/, '')) continue;
      scan.report(here, text, holderOf(element.tag, element.vr, localCode), element.tag);
    } else {
      // Opaque values (UN, OB, private blobs) are searched as Latin-1: an ASCII name shows.
      scan.report(here, latin1(bytes.subarray(0, MAX_SCANNED_BYTES)), 'opaque', element.tag);
    }
  }
}

function holderOf(tag: number, vr: string, localCode: boolean): Holder {
  if (vr === 'UI') return 'uid';
  if (!FREE_TEXT_VRS.has(vr) || TECHNICAL_LABELS.has(tag)) return 'coded';
  // A standard scheme's code names a concept; a local scheme's meaning is whatever was typed.
  // Values, designators and versions are codes in either.
  if (isCodeMacroAttribute(tag) && !(localCode && tag === CODE_MEANING)) return 'coded';
  return 'free-text';
}

// Maximal runs of digits and dots: "1.2.3" is not found inside "1.2.34" or "11.2.3".
const UID_TOKENS = /[0-9]+(?:\.[0-9]+)+/g;

const NAME_KINDS: ReadonlySet<IdentifierKind> = new Set(['patient name', 'person name']);

function latin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return out;
}

function dedupe(findings: DetailedFinding[]): DetailedFinding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.path}|${f.kind}|${f.source}|${f.needle}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
