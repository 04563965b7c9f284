/**
 * What the user chose, as plain data that crosses to workers with postMessage unchanged: a
 * base profile, its options, custom actions, and what to do with leftovers. profile.ts
 * resolves it; api.ts re-exports it.
 */
import type { PixelRegions } from '../pixels/regions/types';
import type { IdentifierKind } from './identifierTypes';
import type { ProfileOptionName } from './options';

/** A base profile, its options, and (for custom profiles) per-tag actions layered on top. */
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

/** Action codes a custom profile may give a tag (PS3.15 E.1.1 letters, plus "replace"). */
export type OverrideAction =
  | { readonly action: 'X' | 'Z' | 'D' | 'K' | 'C' | 'U' }
  | { readonly action: 'replace'; readonly value: string };

export type TagOverride = { readonly tag: number } & OverrideAction;
