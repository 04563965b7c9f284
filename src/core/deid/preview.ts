/**
 * The preview: every element of a file before and after de-identification, side by side, at
 * every depth. It is built from one engine run, the one whose output is shown (and saved): the
 * original bytes, the bytes the engine wrote and its change log. Elements are aligned by tag
 * path, items by their index. Pure; the strings are for display as text only.
 *
 * A quarantined file is previewed too, from the bytes the engine wrote and held back, so that
 * the user can see what the leak check found: the rows at the paths of its findings say what
 * kind of identifier they hold and where it came from (never the value; the value columns show
 * it, on the user's own screen).
 */
import { concatBytes } from '../dicom/byteChunks';
import type { DicomElement, DicomItem } from '../dicom/dataset';
import { keywordOf } from '../dicom/dictionary';
import { readDicom } from '../dicom/readDicom';
import {
  MEDIA_STORAGE_SOP_INSTANCE_UID,
  elementOf,
  formatTag,
  groupOf,
  isPrivateCreatorTag,
  isPrivateTag,
} from '../dicom/tag';
import { privateCreatorOf } from '../dicom/values';
import type { ChangeAction, ChangeRecord, Deidentifier, FileOutcome } from './api';
import { effectiveVR } from './dataSetPlan';
import type { LeakFinding } from './leakCheck';
import { describeValue, countOf } from './previewValues';
import type { StudyValue } from './studyValues';

export type PreviewAction = ChangeAction | 'kept';

/** An identifier the leak check found in an element: its kind and source, never its value. */
export interface LeakMark {
  /** "patient name", "patient ID", … (leakCheck.ts). */
  readonly kind: string;
  /** The attribute of the input the value came from ("PatientName"). */
  readonly source: string;
}

/** The path of a finding in the output's file name rather than in an element. */
export const FILE_NAME_PATH = 'file name';

export interface PreviewRow {
  /** Tag path as in the change log: "(0008,1115)[0].(0020,000E)"; an item's ends in "[i]". */
  readonly path: string;
  /** 0 for the top level; an item is one deeper than its sequence, its elements two. */
  readonly depth: number;
  /** Index of the enclosing row (the item, or for an item its sequence); -1 at the top. */
  readonly parent: number;
  readonly kind: 'element' | 'item';
  /** "(0010,0010)"; "Item" for an item. */
  readonly tag: string;
  /**
   * The dictionary keyword ("PatientName"); for a private element its creator and its place
   * in the block ("SIEMENS CSA HEADER (0029,xx10)"); "Item 1" for an item; '' when unknown.
   */
  readonly keyword: string;
  readonly vr: string;
  /** The value in the original, shortened to one line; null when the element is not there. */
  readonly originalText: string | null;
  /** The value in the output, shortened to one line; null when it is not there. */
  readonly newText: string | null;
  /** The whole original value, only when originalText is shortened. */
  readonly originalFull?: string;
  readonly newFull?: string;
  readonly action: PreviewAction;
  readonly isSequence: boolean;
  /** Items of a sequence (the larger count of original and output). */
  readonly itemCount: number;
  /** Rows below this one (at any depth) whose action is not 'kept'. */
  readonly changesInside: number;
  /**
   * Only in a quarantined file's preview, on the elements where the leak check found an
   * identifier (one mark per kind and source): why the file was not saved.
   */
  readonly leaks?: readonly LeakMark[];
}

type Written = Extract<FileOutcome, { status: 'written' }>;

export interface FilePreview {
  readonly outcome: FileOutcome;
  /**
   * The output file in one buffer: what is saved, when it was written; when the file was
   * quarantined, the bytes held back for review (for the screen only, never saved).
   */
  readonly output?: Uint8Array;
  readonly rows: PreviewRow[];
}

/**
 * De-identifies one file and builds its preview from that same run. The outcome is exactly
 * what deidentify gives, so the caller can save it as it would otherwise; a quarantined one
 * carries its held bytes, which only the preview may use.
 */
export async function deidentifyWithPreview(
  deidentifier: Deidentifier,
  bytes: Uint8Array,
  studyValues: readonly StudyValue[] = [],
): Promise<FilePreview> {
  const outcome = await deidentifier.deidentify(bytes, { studyValues, holdQuarantined: true });
  if (outcome.status === 'quarantined' && outcome.held) {
    const { output, changes } = outcome.held;
    return { outcome, output, rows: previewRows(bytes, output, { changes }, outcome.findings) };
  }
  if (outcome.status !== 'written') return { outcome, rows: [] };
  const output = concatBytes(outcome.chunks);
  return { outcome, output, rows: previewRows(bytes, output, outcome) };
}

/**
 * The table rows for an original file and the output the engine wrote for it; `findings`
 * (a quarantined file's) mark the rows of the elements they name.
 */
export function previewRows(
  original: Uint8Array,
  output: Uint8Array,
  outcome: Pick<Written, 'changes'>,
  findings: readonly LeakFinding[] = [],
): PreviewRow[] {
  const before = readDicom(original);
  const after = readDicom(output);
  const builder = new RowBuilder(new Map(outcome.changes.map((c) => [c.path, c])));
  // File meta: the engine writes a new group, so it has no change log; actions are inferred.
  if (before.meta || after.meta)
    builder.items(before.meta ?? undefined, after.meta ?? undefined, '', 0, -1, undefined, false);
  builder.items(before.dataset, after.dataset, '', 0, -1, undefined, true);
  // The leak check and the rows name elements of the output by the same tag paths.
  const marks = leakMarksByPath(findings);
  if (marks.size > 0) {
    for (const row of builder.rows) {
      const leaks = marks.get(row.path);
      if (leaks) row.leaks = leaks;
    }
  }
  return builder.rows;
}

/** Findings split by where they are: in elements (rows show them), or in the file name. */
export function splitFindings(findings: readonly LeakFinding[]): {
  readonly inElements: LeakFinding[];
  readonly inFileName: LeakFinding[];
} {
  return {
    inElements: findings.filter((f) => f.path !== FILE_NAME_PATH),
    inFileName: findings.filter((f) => f.path === FILE_NAME_PATH),
  };
}

function leakMarksByPath(findings: readonly LeakFinding[]): Map<string, LeakMark[]> {
  const marks = new Map<string, LeakMark[]>();
  for (const { path, kind, source } of splitFindings(findings).inElements) {
    const list = marks.get(path) ?? [];
    if (!list.some((m) => m.kind === kind && m.source === source)) list.push({ kind, source });
    marks.set(path, list);
  }
  return marks;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

class RowBuilder {
  readonly rows: Array<Mutable<PreviewRow>> = [];

  constructor(private readonly changes: ReadonlyMap<string, ChangeRecord>) {}

  /** Rows for the elements of an item in the original (`a`) and output (`b`). */
  items(
    a: DicomItem | undefined,
    b: DicomItem | undefined,
    prefix: string,
    depth: number,
    parent: number,
    inherited: PreviewAction | undefined,
    logged: boolean,
  ): number {
    let changed = 0;
    for (const [ea, eb] of alignElements(a?.elements ?? [], b?.elements ?? [])) {
      changed += this.element(a, ea, b, eb, prefix, depth, parent, inherited, logged);
    }
    return changed;
  }

  /** Adds the element's row and those below it; returns how many of them are changes. */
  private element(
    a: DicomItem | undefined,
    ea: DicomElement | undefined,
    b: DicomItem | undefined,
    eb: DicomElement | undefined,
    prefix: string,
    depth: number,
    parent: number,
    inherited: PreviewAction | undefined,
    logged: boolean,
  ): number {
    const element = (ea ?? eb)!;
    const path = `${prefix}${prefix ? '.' : ''}${formatTag(element.tag)}`;
    const creator = (ea && privateCreatorOf(a!, ea)) ?? (eb && privateCreatorOf(b!, eb));
    const vrA = ea ? effectiveVR(ea, creator) : undefined;
    const vrB = eb ? effectiveVR(eb, creator) : undefined;
    const isSequence = vrA === 'SQ' || vrB === 'SQ';
    const valueA = ea ? describeValue(a!, ea, vrA!) : undefined;
    const valueB = eb ? describeValue(b!, eb, vrB!) : undefined;
    const itemsA = ea?.items ?? [];
    const itemsB = eb?.items ?? [];
    const record = logged ? this.changes.get(path) : undefined;
    const action = actionOf(record, inherited, ea, eb, a, b, vrA ?? vrB!, isSequence);
    const index = this.rows.length;
    this.rows.push({
      path,
      depth,
      parent,
      kind: 'element',
      tag: formatTag(element.tag),
      keyword: nameOf(element.tag, creator),
      vr: ea && eb && ea.vr !== eb.vr ? `${ea.vr}→${eb.vr}` : element.vr,
      originalText: valueA?.short ?? null,
      newText: valueB?.short ?? null,
      ...(valueA?.full !== undefined ? { originalFull: valueA.full } : {}),
      ...(valueB?.full !== undefined ? { newFull: valueB.full } : {}),
      action,
      isSequence,
      itemCount: Math.max(itemsA.length, itemsB.length),
      changesInside: 0,
    });
    // What goes with a removed, emptied or added sequence goes with it: its items inherit.
    const passDown =
      action === 'removed' || action === 'emptied'
        ? 'removed'
        : action === 'added'
          ? 'added'
          : inherited;
    let changed = 0;
    for (let i = 0; i < Math.max(itemsA.length, itemsB.length); i++) {
      changed += this.item(
        itemsA[i],
        itemsB[i],
        `${path}[${i}]`,
        depth + 1,
        index,
        passDown,
        logged,
      );
    }
    this.rows[index]!.changesInside = changed;
    return changed + (action === 'kept' ? 0 : 1);
  }

  private item(
    a: DicomItem | undefined,
    b: DicomItem | undefined,
    path: string,
    depth: number,
    parent: number,
    inherited: PreviewAction | undefined,
    logged: boolean,
  ): number {
    const action: PreviewAction = inherited ?? (!b ? 'removed' : !a ? 'added' : 'kept');
    const index = this.rows.length;
    const item = /\[(\d+)\]$/.exec(path)![1]!;
    const count = (i: DicomItem | undefined) => (i ? countOf(i.elements.length, 'element') : null);
    this.rows.push({
      path,
      depth,
      parent,
      kind: 'item',
      tag: 'Item',
      keyword: `Item ${Number(item) + 1}`,
      vr: '',
      originalText: count(a),
      newText: count(b),
      action,
      isSequence: false,
      itemCount: 0,
      changesInside: 0,
    });
    const changed = this.items(a, b, path, depth + 1, index, inherited, logged);
    this.rows[index]!.changesInside = changed;
    return changed + (action === 'kept' ? 0 : 1);
  }
}

function actionOf(
  record: ChangeRecord | undefined,
  inherited: PreviewAction | undefined,
  ea: DicomElement | undefined,
  eb: DicomElement | undefined,
  a: DicomItem | undefined,
  b: DicomItem | undefined,
  vr: string,
  isSequence: boolean,
): PreviewAction {
  if (record) {
    // The engine adds its method attributes whatever was there: over an old value it replaces.
    return record.action === 'added' && ea ? 'replaced' : record.action;
  }
  if (inherited) return inherited;
  if (!eb) return 'removed';
  if (!ea) return 'added';
  if (isSequence || sameValue(a!, ea, b!, eb)) return 'kept';
  // Only the file meta and group lengths get here: of those, the instance UID is remapped.
  return vr === 'UI' && ea.tag === MEDIA_STORAGE_SOP_INSTANCE_UID ? 'uid-remapped' : 'replaced';
}

function sameValue(a: DicomItem, ea: DicomElement, b: DicomItem, eb: DicomElement): boolean {
  const x = valueOf(a, ea);
  const y = valueOf(b, eb);
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** The value's bytes as stored; for encapsulated data, fragment headers included. */
function valueOf(item: DicomItem, element: DicomElement): Uint8Array {
  if (element.newValue) return element.newValue;
  if (element.fragments) return item.source.subarray(element.valueOffset, element.end);
  return item.source.subarray(element.valueOffset, element.valueOffset + element.length);
}

/**
 * Pairs the elements of two items by tag, in tag order. A tag that occurs twice (hostile or
 * broken files) pairs by occurrence.
 */
function alignElements(
  a: readonly DicomElement[],
  b: readonly DicomElement[],
): Array<[DicomElement | undefined, DicomElement | undefined]> {
  const keyed = (list: readonly DicomElement[]) => {
    const seen = new Map<number, number>();
    const map = new Map<string, DicomElement>();
    for (const e of list) {
      const n = seen.get(e.tag) ?? 0;
      seen.set(e.tag, n + 1);
      map.set(`${e.tag}#${n}`, e);
    }
    return map;
  };
  const ka = keyed(a);
  const kb = keyed(b);
  const keys = [...new Set([...ka.keys(), ...kb.keys()])];
  const sortKey = (k: string) => {
    const [t, n] = k.split('#');
    return [Number(t), Number(n)] as const;
  };
  keys.sort((x, y) => {
    const [tx, nx] = sortKey(x);
    const [ty, ny] = sortKey(y);
    return tx - ty || nx - ny;
  });
  return keys.map((k) => [ka.get(k), kb.get(k)]);
}

/** The name shown for a tag: keyword, or private creator and place in the block. */
export function nameOf(t: number, creator: string | undefined): string {
  if (isPrivateTag(t) && !isPrivateCreatorTag(t) && elementOf(t) >= 0x1000) {
    const group = groupOf(t).toString(16).toUpperCase().padStart(4, '0');
    const low = (elementOf(t) & 0xff).toString(16).toUpperCase().padStart(2, '0');
    return `${creator ?? '(no private creator)'} (${group},xx${low})`;
  }
  const keyword = keywordOf(t);
  return keyword.startsWith('RETIRED_') ? keyword.slice('RETIRED_'.length) : keyword;
}
