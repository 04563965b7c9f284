import type { IdentifierKind } from './identifiers';
import type { PixelCleanReport } from '../pixels/clean/cleanPixels';
import type { PixelRegions } from '../pixels/regions/pixelRegions';
import type { LeakFinding } from './leakCheck';
import type { ProfileOptionName } from './options';
import type { StudyValue } from './studyValues';

/**
 * What the user chose: a base profile, its options, and (for custom profiles) per-tag actions
 * layered on top. Plain data, so it crosses to workers with postMessage unchanged.
 */
export interface ProfileSpec {
  readonly base: 'basic' | 'legacy';
  readonly options: readonly ProfileOptionName[];
  /** Custom actions by tag number, applied before the base profile's. */
  readonly overrides?: readonly TagOverride[];
  /** Shown in reports and in DeidentificationMethod; for a custom profile, its file's "name". */
  readonly name?: string;
  /**
   * Values the user confirmed identify nobody (a department code equal to a surname): never
   * looked for by the check, never cut out of text. Reports count their uses, never show them.
   */
  readonly allowValues?: readonly string[];
  /**
   * What to do with an identifier the check of the written bytes still finds and no
   * leftoverFixes rule covers: quarantine the file (default), or cut it out and check again.
   */
  readonly onLeftover?: 'quarantine' | 'clean';
  /** The user's fix for each kind of finding, chosen after a run (leftovers.ts). */
  readonly leftoverFixes?: readonly LeftoverRule[];
  /** Clean Pixel Data (src/core/pixels/clean): absent or clean false leaves pixels alone. */
  readonly pixels?: PixelSettings;
}

/** PS3.15 Clean Pixel Data Option: text burned into images is found and blacked out. */
export interface PixelSettings {
  readonly clean: boolean;
  /** Boxes by device template and per series (pixels/regions), beside the built-in templates. */
  readonly regions?: PixelRegions;
  /** Keep detected text the OCR reads as a harmless label (laterality, measurement, TGC). */
  readonly keepSafeText?: boolean;
}

/** cut the value out of the attribute, remove the attribute, or accept it as not identifying. */
export type LeftoverFix = 'cut' | 'remove' | 'allow';

/** One kind of finding (where, what, from where; never the value) and its fix. */
export interface LeftoverRule {
  /** The finding's path with item numbers as [*]: "(0043,1028)", "(0040,A730)[*].(0040,A160)". */
  readonly place: string;
  readonly kind: IdentifierKind;
  /** LeakFinding.source: "PatientName", "OperatorsName of another file of the study". */
  readonly source: string;
  readonly fix: LeftoverFix;
}

/** What the leftover check fixed in one file, for the report. */
export interface LeftoverCounts {
  /** Attributes a leftover was cut out of. */
  readonly cut: number;
  /** Attributes removed because of a leftover. */
  readonly removed: number;
  /** Findings accepted by an allow rule. */
  readonly allowed: number;
  /** Findings of a value in allowValues. */
  readonly allowedValues: number;
}

/** Action codes a custom profile may give a tag (PS3.15 E.1.1 letters, plus "replace"). */
export type OverrideAction =
  | { readonly action: 'X' | 'Z' | 'D' | 'K' | 'C' | 'U' }
  | { readonly action: 'replace'; readonly value: string };

export type TagOverride = { readonly tag: number } & OverrideAction;

/** What happened to one element, for the change log and the preview. Never the original value. */
export interface ChangeRecord {
  /** Tag path from the top of the data set, e.g. "(0008,1115)[0].(0020,000E)". */
  readonly path: string;
  readonly action: ChangeAction;
  /** The value written, when there is one (dummies, pseudonyms, new UIDs, shifted dates). */
  readonly value?: string;
}

export type ChangeAction =
  'removed' | 'emptied' | 'replaced' | 'uid-remapped' | 'date-shifted' | 'cleaned' | 'added';

/** Originals and their replacements, for uid_mapping.csv and patid_mapping.csv only. */
export interface IdentifierMapping {
  readonly uids: ReadonlyArray<readonly [old: string, replacement: string]>;
  readonly patientIds: ReadonlyArray<readonly [old: string, replacement: string]>;
}

export type FileOutcome =
  | {
      readonly status: 'written';
      /** The de-identified file as byte ranges (write them in order). */
      readonly chunks: Uint8Array[];
      /**
       * Relative POSIX path that carries no original identifier:
       * patient pseudonym / study / series number + modality / instance number. Two inputs
       * can propose the same path (duplicate instances): the caller makes it unique.
       */
      readonly outputPath: string;
      readonly changes: readonly ChangeRecord[];
      readonly mapping: IdentifierMapping;
      /** Oddities of the input worth reporting; they never quote a value. */
      readonly warnings: readonly string[];
      /** Why the image may show burned-in text (burnedIn.ts); empty when nothing suggests it. */
      readonly burnedIn?: readonly string[];
      /** Present when the leftover check fixed or accepted something (leftovers.ts). */
      readonly leftovers?: LeftoverCounts;
      /** What Clean Pixel Data did, when it was on and the file has an image. */
      readonly pixels?: PixelCleanReport;
    }
  | { readonly status: 'skipped'; readonly reason: string }
  | { readonly status: 'failed'; readonly reason: string }
  | {
      /**
       * Written, but the check of the written bytes found an identifier the profile took
       * away (leakCheck.ts): the file must not be saved. The reason names elements and kinds
       * of value, never the value.
       */
      readonly status: 'quarantined';
      readonly reason: string;
      readonly findings: readonly LeakFinding[];
      /**
       * The bytes that were held back and their change log, only when the caller asked to
       * review them (the preview); a saver never receives them.
       */
      readonly held?: { readonly output: Uint8Array; readonly changes: readonly ChangeRecord[] };
    };

/** HMAC-SHA256 under the user's key: WebCrypto in the browser, node:crypto in the CLI. */
export interface KeyedHash {
  sign(message: Uint8Array): Promise<Uint8Array>;
}

/** One per worker: reuses derived UIDs and pseudonyms across the files it is given. */
export interface Deidentifier {
  deidentify(bytes: Uint8Array, context?: DeidContext): Promise<FileOutcome>;
}

/** What a file is de-identified with besides its own bytes. */
export interface DeidContext {
  /**
   * Identifying values from the headers of the other files of its study (studyValues.ts):
   * cleaning cuts them out of text, and the verifier looks for them.
   */
  readonly studyValues?: readonly StudyValue[];
  /** Keep a quarantined file's bytes in the outcome, for review in the preview only. */
  readonly holdQuarantined?: boolean;
}
