/**
 * The rows of the standard's tables as the engine holds them: rules.generated.ts (generated
 * from PS3.15) and supplementRules.ts provide them, ruleTable.ts looks them up. A leaf, so
 * that the generated tables do not import the module that imports them.
 */
import type { OptionColumn } from './options';

/**
 * One row of PS3.15 Table E.1-1. A data element tag t matches when (t & mask) >>> 0 === tag;
 * exact rows have mask 0xffffffff. `basic` is the Basic Profile's action code (D, Z, X, K, C, U
 * or a combined code such as X/Z/D); `options` holds only the option columns with a cell.
 */
export interface ConfidentialityRule {
  readonly tag: number;
  readonly mask: number;
  /** '' for rows the standard gives no keyword (patterns, command group elements). */
  readonly keyword: string;
  readonly vr: string;
  readonly basic: string;
  readonly options: Readonly<Partial<Record<OptionColumn, string>>>;
}

/** One row of PS3.15 Table E.3.10-1, the private attributes Retain Safe Private may keep. */
export interface SafePrivateAttribute {
  readonly group: number;
  /** The element's low byte (0x00-0xff): the high byte is the block the file assigned. */
  readonly element: number;
  /** As the standard spells it (compare trimmed: DICOM pads values with spaces). */
  readonly creator: string;
  readonly vr: string;
}
