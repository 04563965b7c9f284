/**
 * The engine's public types: what a caller gives (the profile spec, a keyed hash) and what it
 * gets back per file. The types its modules share live beside them (identifierTypes.ts,
 * profileSpec.ts, derivations.ts) and are re-exported here, so that no engine module needs
 * this one and dependencies run one way.
 */
import type { PixelCleanReport } from '../pixels/clean/cleanPixels';
import type { LeakFinding, StudyValue } from './identifierTypes';

export type { KeyedHash } from './derivations';
export type {
  LeftoverFix,
  LeftoverRule,
  OverrideAction,
  PixelSettings,
  ProfileSpec,
  TagOverride,
} from './profileSpec';

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
  /** Where the output is written (WriteOptions.allocate); by default a new buffer. */
  readonly allocateOutput?: (size: number) => Uint8Array;
  /**
   * Leave the pixels as they are even under Clean Pixel Data: for a caller that wants only the
   * header's outcome and cleans the pixels itself (NIfTI conversion cleans the originals).
   */
  readonly headerOnly?: boolean;
  /**
   * The caller gives up the input's bytes (the page's worker read them for this file alone):
   * Clean Pixel Data blacks out native pixel data where it lies, and the output's chunks may
   * be views of the input, so that a large image is not held two or three times.
   */
  readonly consumeInput?: boolean;
  /**
   * The comment segments' texts of image frames the caller copies into the output unread (large
   * files, bulkData.ts): one that identifies quarantines the file with a finding at
   * codestreamText.ts's COPIED_TEXTS, so that the caller reads the file whole instead.
   */
  readonly copiedTexts?: readonly string[];
}
