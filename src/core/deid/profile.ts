import { keywordOf } from '../dicom/dictionary';
import { isGroupLengthTag, isPrivateCreatorTag, isPrivateTag, type Tag } from '../dicom/tag';
import type { OverrideAction, ProfileSpec } from './profileSpec';
import { isCodeMacroAttribute } from './codingSchemes';
import { LEGACY_RULES } from './legacyTable';
import { PROFILE_OPTIONS, type OptionColumn } from './options';
import { ruleFor, isSafePrivate, type ConfidentialityRule } from './ruleTable';

/**
 * What to do with one element. Sequences are either dropped, emptied or kept with their items
 * processed in one of three modes:
 * - normal: the table's rules; attributes the table does not list are kept;
 * - dummy: inside a sequence the table replaces (D), where the content itself is the identifier
 *   (an institution code, a person's identification code, the text of an SR): unlisted text,
 *   names and dates become dummies too;
 * - clean: inside a sequence a Clean option keeps (C): unlisted text is cleaned instead.
 */
export type SequenceMode = 'normal' | 'dummy' | 'clean';

export type Decision =
  | { readonly do: 'keep' }
  | { readonly do: 'remove' }
  | { readonly do: 'empty' }
  | { readonly do: 'dummy' }
  | { readonly do: 'clean' }
  | { readonly do: 'uid' }
  | { readonly do: 'shift-date' }
  | { readonly do: 'pseudonym' }
  | { readonly do: 'similar' }
  | { readonly do: 'replace'; readonly value: string }
  | {
      readonly do: 'recurse';
      readonly mode: SequenceMode;
      /** True when the table names this sequence: its items are where the mode starts. */
      readonly named: boolean;
    };

export interface ElementContext {
  readonly tag: Tag;
  /** The VR that decides the action: the dictionary's for a UN element of a known tag. */
  readonly vr: string;
  readonly privateCreator: string | undefined;
  readonly mode: SequenceMode;
  /** True for elements directly in an item of the sequence that set the mode. */
  readonly direct: boolean;
  /**
   * True when the element's item is a code of a local or unregistered coding scheme
   * (codingSchemes.ts): its Code Meaning is free text there, not vocabulary.
   */
  readonly localCode?: boolean;
}

const KEEP: Decision = { do: 'keep' };
const REMOVE: Decision = { do: 'remove' };
const EMPTY: Decision = { do: 'empty' };
const DUMMY: Decision = { do: 'dummy' };
const CLEAN: Decision = { do: 'clean' };
const UID: Decision = { do: 'uid' };
const SHIFT: Decision = { do: 'shift-date' };
const PSEUDONYM: Decision = { do: 'pseudonym' };
const SIMILAR: Decision = { do: 'similar' };
const recurse = (mode: SequenceMode, named = true): Decision => ({ do: 'recurse', mode, named });

export const PATIENT_NAME = 0x00100010;
export const PATIENT_ID = 0x00100020;
const LEGACY_DUMMY = '19000101';

export type DateHandling = 'remove' | 'keep' | 'shift';

export class ResolvedProfile {
  readonly dates: DateHandling;
  /** spec.allowValues, trimmed and lower-cased: what the check and cleaning leave alone. */
  readonly allowed: ReadonlySet<string>;
  private readonly columns: readonly OptionColumn[];
  private readonly overrides: ReadonlyMap<Tag, OverrideAction>;
  private readonly retainSafePrivate: boolean;
  private readonly legacy: ReadonlyMap<Tag, Decision> | undefined;
  private readonly decided = new Map<number, Decision>();

  constructor(readonly spec: ProfileSpec) {
    const chosen = new Set(spec.options);
    this.columns = PROFILE_OPTIONS.filter((o) => chosen.has(o.name)).map((o) => o.column);
    this.retainSafePrivate = chosen.has('retain-safe-private');
    this.dates = chosen.has('retain-longitudinal-modified-dates')
      ? 'shift'
      : chosen.has('retain-longitudinal-full-dates')
        ? 'keep'
        : 'remove';
    this.overrides = new Map((spec.overrides ?? []).map((o) => [o.tag, o]));
    this.allowed = new Set(
      (spec.allowValues ?? []).map((v) => v.trim().toLowerCase()).filter((v) => v !== ''),
    );
    this.legacy =
      spec.base === 'legacy'
        ? new Map(LEGACY_RULES.map((rule) => [rule.tag, legacyDecision(rule.action)]))
        : undefined;
  }

  decide(ctx: ElementContext): Decision {
    // A public element's decision depends on its tag, VR and place alone, and the same few
    // hundred tags come back in every file: remembered, by a number made of all of them.
    const vr = ctx.vr;
    if (isPrivateTag(ctx.tag) || vr.length !== 2 || (vr.charCodeAt(0) | vr.charCodeAt(1)) > 0xff)
      return this.decideNow(ctx);
    const place = MODE_BITS[ctx.mode] | (ctx.direct ? 4 : 0) | (ctx.localCode ? 8 : 0);
    const key = (ctx.tag * 0x10000 + vr.charCodeAt(0) * 0x100 + vr.charCodeAt(1)) * 16 + place;
    let decision = this.decided.get(key);
    if (decision === undefined) {
      decision = this.decideNow(ctx);
      if (this.decided.size < MAX_DECIDED) this.decided.set(key, decision);
    }
    return decision;
  }

  private decideNow(ctx: ElementContext): Decision {
    const override = this.overrides.get(ctx.tag);
    if (override) return this.fromOverride(override, ctx);
    if (isGroupLengthTag(ctx.tag)) return REMOVE; // retired in data sets; stale once edited
    if (this.legacy)
      return this.legacy.get(ctx.tag) ?? (ctx.vr === 'SQ' ? recurse('normal') : KEEP);
    if (isPrivateTag(ctx.tag)) return this.decidePrivate(ctx);
    const rule = ruleFor(ctx.tag);
    if (rule) return this.fromCode(this.codeOf(rule), ctx);
    // Public tags that no dictionary knows cannot be vouched for.
    if (keywordOf(ctx.tag) === '') return REMOVE;
    return this.unlisted(ctx);
  }

  /**
   * The code that applies given the chosen options. Where two options disagree, cleaning beats
   * keeping: e.g. with both Retain Device Identity (K) and Modified Dates (C), a calibration
   * date is shifted like every other date of the patient.
   */
  private codeOf(rule: ConfidentialityRule): string {
    let code: string | undefined;
    for (const column of this.columns) {
      // Retain UIDs keeps every UID (E.3.9); the table's column lacks K in two U rows, UID
      // (0040,A124) and Digital Signature UID, so an SR's UIDREF was replaced while the
      // references to the same instance were kept, and the check then refused the file.
      const option = column === 'rtnUIDsOpt' && rule.basic === 'U' ? 'K' : rule.options[column];
      if (option === 'C') return 'C';
      if (option === 'K') code = 'K';
    }
    return code ?? rule.basic;
  }

  private decidePrivate(ctx: ElementContext): Decision {
    // Private creators are kept or dropped with their blocks, after the block's elements.
    if (isPrivateCreatorTag(ctx.tag)) return KEEP;
    if (this.retainSafePrivate && isSafePrivate(ctx.tag, ctx.privateCreator))
      return ctx.vr === 'SQ' ? recurse('normal') : KEEP;
    return REMOVE;
  }

  /**
   * Combined codes are resolved towards the value that is valid whatever the attribute's type in
   * the object's IOD, since the IOD tables are not at hand: X/Z → Z (valid for type 2 and 3;
   * for a sequence, its items kept with dummy content),
   * X/D, X/Z/D and Z/D → D (valid for every type), X/Z/U* → the sequence kept with its UIDs
   * replaced. For a sequence, D keeps the items with their content made dummy.
   */
  private fromCode(code: string, ctx: ElementContext): Decision {
    const sq = ctx.vr === 'SQ';
    switch (code) {
      case 'K':
        return sq ? recurse('normal') : KEEP;
      case 'X':
        return REMOVE;
      case 'Z':
        if (ctx.tag === PATIENT_ID || ctx.tag === PATIENT_NAME) return PSEUDONYM;
        return EMPTY;
      case 'X/Z':
        // A sequence with no item fails IODs that say "one or more items" (dciodvfy flags
        // Referenced Study Sequence so); its items made dummy are a valid non-empty value.
        return sq ? recurse('dummy') : EMPTY;
      case 'D':
      case 'X/D':
      case 'X/Z/D':
      case 'Z/D':
        if (sq) return recurse('dummy');
        if (ctx.tag === PATIENT_ID || ctx.tag === PATIENT_NAME) return PSEUDONYM;
        return ctx.vr === 'UI' ? UID : DUMMY;
      case 'U':
      case 'X/Z/U*':
        return sq ? recurse('normal') : UID;
      case 'C':
        return this.clean(ctx);
      default:
        throw new Error(`internal: unknown action code ${code}`);
    }
  }

  private clean(ctx: ElementContext): Decision {
    switch (ctx.vr) {
      case 'SQ':
        return recurse('clean');
      case 'DA':
      case 'DT':
        return this.dates === 'keep' ? KEEP : this.dates === 'shift' ? SHIFT : DUMMY;
      case 'TM':
        return this.dates === 'remove' ? DUMMY : KEEP;
      case 'UI':
        return UID;
      default:
        return CLEAN_VRS.has(ctx.vr) ? CLEAN : KEEP;
    }
  }

  /**
   * Attributes the table does not list: kept, except inside identifying sequences. Whatever the
   * table says, a person's name is a person's name and a date is a date: unlisted names get a
   * dummy and unlisted dates follow the date option, so attributes newer than the table (and
   * the next ones) cannot carry them out.
   */
  private unlisted(ctx: ElementContext): Decision {
    if (ctx.vr === 'SQ') return recurse(ctx.mode, false);
    if (ctx.vr === 'PN') return ctx.mode === 'clean' ? CLEAN : DUMMY;
    if (ctx.vr === 'DA' || ctx.vr === 'DT') return this.clean(ctx);
    // A local scheme's meaning is whatever the site typed ("reviewed by Dr Smith"): cleaned
    // where the table keeps it, and made dummy inside a sequence whose content is dummy.
    if (ctx.localCode && ctx.tag === CODE_MEANING && CLEAN_VRS.has(ctx.vr))
      return ctx.mode === 'dummy' ? DUMMY : CLEAN;
    if (ctx.mode === 'normal') return KEEP;
    // Codes inside nested code sequences name concepts, not people (a local scheme's meaning
    // was dealt with above).
    if (!ctx.direct && isCodeMacroAttribute(ctx.tag)) return KEEP;
    if (ctx.vr === 'DA' || ctx.vr === 'DT' || ctx.vr === 'TM') return this.clean(ctx);
    if (!CLEAN_VRS.has(ctx.vr)) return KEEP;
    return ctx.mode === 'dummy' ? DUMMY : CLEAN;
  }

  /** A custom action means what it says: Z empties, D writes a dummy, even for the patient. */
  private fromOverride(override: OverrideAction, ctx: ElementContext): Decision {
    if (override.action === 'replace') return { do: 'replace', value: override.value };
    const decision = this.fromCode(override.action, ctx);
    if (decision.do !== 'pseudonym') return decision;
    return override.action === 'Z' ? EMPTY : DUMMY;
  }
}

const MODE_BITS: Readonly<Record<SequenceMode, number>> = { normal: 0, dummy: 1, clean: 2 };
/** Enough for the dictionary's tags in their usual places; a hostile file's odd tags are not kept. */
const MAX_DECIDED = 8192;

/** VRs whose values are free text, names or titles: what D and C rewrite inside sequences. */
const CLEAN_VRS = new Set(['AE', 'LO', 'LT', 'PN', 'SH', 'ST', 'UC', 'UR', 'UT']);

const CODE_MEANING = 0x00080104;

function legacyDecision(action: 'replace-dummy' | 'replace-similar' | 'remove'): Decision {
  if (action === 'remove') return REMOVE;
  if (action === 'replace-similar') return SIMILAR;
  return { do: 'replace', value: LEGACY_DUMMY };
}
