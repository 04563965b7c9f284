/**
 * Cross-checks the reader against dcmtk's dcmdump on every file of the shared corpus: both must
 * find the same elements (meta group included), in the same order, at the same nesting depth,
 * with the same VR where the data set is explicit VR.
 *
 * dcmdump runs with its defaults (which follow the standard: undefined-length UN is read as
 * implicit VR little endian per CP-246, defined-length UN stays UN, parse errors stop the file)
 * plus two options that change only how it prints:
 *   -M   do not load long values (pixel data, CSA headers): the dump gets much faster;
 *   +Qo  quote control and non-ASCII characters as octal, so that a value holding CR/LF cannot
 *        break a dump line in two (and non-UTF-8 bytes cannot garble it).
 * The tool must be installed (Debian: apt-get install dcmtk); the test fails when it is not.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { UNDEFINED_LENGTH, type DicomElement, type DicomFile, type DicomItem } from './dataset';
import { DicomError } from './errors';
import { readDicom } from './readDicom';
import { formatTag } from './tag';

const DATA_DIR = fileURLToPath(new URL('../../../../shared/data', import.meta.url));
const DCMDUMP = 'dcmdump';
const DCMDUMP_OPTIONS = ['-M', '+Qo'];
const CONCURRENCY = 4;

/** Files that are not DICOM at all: our reader must say 'not-dicom' (and dcmdump must fail). */
const NON_DICOM = /\.(json|nii|txt|md|zip|pdf|gz|icc|dump|dicom)$|(^|\/)(LICENSE|README)[^/]*$/;

/**
 * Files that one side reads and the other refuses. Each entry was found by running this test;
 * an entry that no longer disagrees fails the test, so the list cannot go stale.
 */
const READABILITY_DISAGREEMENTS: Record<string, { reads: 'ours' | 'dcmdump'; reason: string }> = {
  'pydicom/src/pydicom/data/test_files/SC_rgb_jpeg.dcm': {
    reads: 'ours',
    reason:
      'meta says JPEG Baseline (explicit VR LE) but the data set is implicit VR; we detect it (as pydicom does), dcmdump reads garbage VRs and fails',
  },
};

// ---------------------------------------------------------------------------------------------
// One structure for both sides: a list of elements, each maybe holding items of elements.

interface Node {
  /** "(0010,0010)", upper-case hex as formatTag writes it. */
  readonly tag: string;
  readonly vr: string;
  /** Items of a sequence (also UN found to hold one); undefined for any other value. */
  readonly items?: Node[][];
  /** An encapsulated (fragmented) value. */
  readonly encapsulated: boolean;
  /** Compare the VR: dcmdump shows the file's VR only where the data set is explicit VR. */
  readonly explicit: boolean;
  /** Where to look in the file (our side only). */
  readonly where?: string;
}

function walkOurs(file: DicomFile): { meta: Node[]; dataset: Node[] } {
  const inflated = file.transferSyntax.deflated ? ' of the inflated data set' : '';
  const nodes = (item: DicomItem, of: string): Node[] =>
    item.elements.map((e: DicomElement) => ({
      tag: formatTag(e.tag),
      vr: e.vr,
      items: e.items?.map((i) => nodes(i, of)),
      encapsulated: e.fragments !== undefined,
      explicit: item.encoding.explicitVR,
      where: `at byte ${e.start}${of}, length ${e.length === UNDEFINED_LENGTH ? 'undefined' : e.length}`,
    }));
  return { meta: file.meta ? nodes(file.meta, '') : [], dataset: nodes(file.dataset, inflated) };
}

const LINE = /^( *)\(([0-9a-f]{4}),([0-9a-f]{4})\) (\S\S) ?(.*)$/;

/** Parses dcmdump's indented output: depth is the indentation / 4 (items sit at odd levels). */
function parseDump(stdout: string): { meta: Node[]; dataset: Node[] } {
  const meta: Node[] = [];
  const dataset: Node[] = [];
  let root = meta;
  // stack[d] holds the elements of the item open at depth d; last[d] the last element there.
  let stack: Node[][] = [root];
  const last: Node[] = [];
  for (const line of stdout.split('\n')) {
    if (line.startsWith('# Dicom-Data-Set')) {
      root = dataset;
      stack = [root];
      last.length = 0;
      continue;
    }
    const m = LINE.exec(line);
    if (!m) {
      if (line.trim() !== '' && !line.trimStart().startsWith('#'))
        throw new Error(`unexpected line: ${line}`);
      continue;
    }
    const indent = m[1]!.length;
    const group = m[2]!;
    const vr = m[4]!;
    const value = m[5]!;
    if (group === 'fffe') {
      // Items of a sequence ("na") open a new level; fragments ("pi") and delimiters
      // (real ones and the "for re-encoding" pseudo lines) carry no elements.
      if (m[3] === 'e000' && vr === 'na') {
        if (indent % 4 !== 2) throw new Error(`item at odd indentation: ${line}`);
        const depth = (indent - 2) / 4;
        const owner = last[depth];
        if (!owner?.items || stack.length < depth + 1)
          throw new Error(`item outside a sequence: ${line}`);
        const item: Node[] = [];
        owner.items.push(item);
        stack.length = depth + 1;
        stack.push(item);
      }
      continue;
    }
    if (indent % 4 !== 0) throw new Error(`element at odd indentation: ${line}`);
    const depth = indent / 4;
    const list = stack[depth];
    if (!list) throw new Error(`element deeper than any open item: ${line}`);
    stack.length = depth + 1;
    const node: Node = {
      tag: `(${group},${m[3]!})`.toUpperCase(),
      vr,
      items: value.startsWith('(Sequence with') ? [] : undefined,
      encapsulated: value.startsWith('(PixelSequence'),
      explicit: true,
    };
    list.push(node);
    last[depth] = node;
    last.length = depth + 1;
  }
  return { meta, dataset };
}

// ---------------------------------------------------------------------------------------------

/**
 * Differences that are not errors on either side, each counted and printed:
 * - 'UN sequence': a UN value (explicit UN, or an implicit VR element no dictionary knows) whose
 *   bytes begin with an item; we read it as a sequence (implicit VR LE), dcmdump keeps it opaque.
 * - 'duplicate': an element whose tag already occurred in the same item; dcmtk keeps only the
 *   first ("found twice in one data set or item, ignoring second entry"), we keep both.
 * - 'OW encapsulated': encapsulated pixel data whose header says OW (PS3.5 A.4 asks for OB);
 *   dcmtk shows every pixel sequence as OB, we report the VR the file holds.
 */
interface AllowedDifference {
  kind: 'UN sequence' | 'duplicate' | 'OW encapsulated';
  file: string;
  path: string;
  detail: string;
}

interface Comparison {
  mismatches: string[];
  elements: number;
  allowed: AllowedDifference[];
}

const countElements = (items: readonly Node[][]): number =>
  items.reduce((n, item) => n + item.reduce((m, e) => m + 1 + countElements(e.items ?? []), 0), 0);

/** dcmtk prints some VRs under its own internal names. */
const DCMTK_VR_NAMES: Record<string, string> = {
  up: 'UL', // DICOMDIR offsets: UL holding a file offset
};

/**
 * Compares two element lists, recursing into items. With `convertedUN`, dcmdump ran with +uc
 * (UN converted to the dictionary's VR and, for SQ, parsed): any VR it shows for our UN is fine.
 */
function compareLists(
  file: string,
  where: string,
  dump: readonly Node[],
  ours: readonly Node[],
  out: Comparison,
  convertedUN = false,
): void {
  const seen = new Set<string>();
  let i = 0; // in dump
  let j = 0; // in ours
  for (; i < dump.length || j < ours.length; i++, j++) {
    const d = dump[i];
    let o = ours[j];
    while (o && seen.has(o.tag) && d?.tag !== o.tag) {
      out.allowed.push({
        kind: 'duplicate',
        file,
        path: `${where}${o.tag}`,
        detail: `second ${o.tag} ${o.vr} (${o.where}) dropped by dcmdump`,
      });
      o = ours[++j];
    }
    if (!d || !o || d.tag !== o.tag) {
      out.mismatches.push(
        `${file} ${where}[${j}]: dcmdump ${d ? `${d.tag} ${d.vr}` : 'nothing'}, ours ${o ? `${o.tag} ${o.vr} (${o.where})` : 'nothing'}`,
      );
      return; // everything after the first difference in a list would differ too
    }
    seen.add(o.tag);
    out.elements++;
    const path = `${where}${o.tag}`;
    const dumpVR = DCMTK_VR_NAMES[d.vr] ?? d.vr;
    if (o.explicit && dumpVR !== o.vr) {
      if (convertedUN && o.vr === 'UN') {
        // +uc: dcmdump shows the dictionary's VR for a defined-length UN.
      } else if (o.vr === 'UN' && dumpVR === 'SQ' && o.items && d.items) {
        // Undefined-length UN: dcmdump shows SQ once it has read the value as a sequence (CP-246).
      } else if (o.vr === 'OW' && dumpVR === 'OB' && o.encapsulated && d.encapsulated) {
        out.allowed.push({
          kind: 'OW encapsulated',
          file,
          path,
          detail: `file says OW (${o.where}), dcmdump shows OB`,
        });
      } else {
        out.mismatches.push(`${file} ${path}: VR dcmdump ${d.vr}, ours ${o.vr} (${o.where})`);
      }
    }
    if (d.encapsulated !== o.encapsulated)
      out.mismatches.push(
        `${file} ${path}: encapsulated per dcmdump ${d.encapsulated}, ours ${o.encapsulated} (${o.where})`,
      );
    if (o.items && !d.items) {
      if (o.vr === 'UN') {
        out.allowed.push({
          kind: 'UN sequence',
          file,
          path,
          detail: `dcmdump a plain ${d.vr} value, ours ${o.items.length} items holding ${countElements(o.items)} elements (${o.where})`,
        });
      } else {
        out.mismatches.push(
          `${file} ${path}: ours a sequence of ${o.items.length} items (${o.vr}, ${o.where}), dcmdump a plain ${d.vr} value`,
        );
      }
      continue;
    }
    if (d.items && !o.items) {
      out.mismatches.push(
        `${file} ${path}: dcmdump a sequence of ${d.items.length} items, ours a plain ${o.vr} value (${o.where})`,
      );
      continue;
    }
    if (d.items && o.items) {
      if (d.items.length !== o.items.length)
        out.mismatches.push(
          `${file} ${path}: dcmdump ${d.items.length} items, ours ${o.items.length} (${o.where})`,
        );
      const m = Math.min(d.items.length, o.items.length);
      for (let k = 0; k < m; k++)
        compareLists(file, `${path}[${k}].`, d.items[k]!, o.items[k]!, out, convertedUN);
    }
  }
}

// ---------------------------------------------------------------------------------------------

interface Run {
  code: number | string;
  stdout: string;
  stderr: string;
}

function run(command: string, args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { encoding: 'latin1', maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? ((error as NodeJS.ErrnoException).code ?? 1) : 0;
        resolve({
          code: typeof code === 'number' || typeof code === 'string' ? code : 1,
          stdout,
          stderr,
        });
      },
    );
  });
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>) {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await fn(items[i]!);
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return listFiles(full);
      return entry.isFile() ? [full] : [];
    }),
  );
  return nested.flat().sort();
}

type OursResult =
  | { ok: true; file: DicomFile }
  | { ok: false; error: DicomError }
  | { ok: false; error: unknown; crashed: true };

interface FileResult {
  name: string;
  dump: Run;
  dumpOk: boolean;
  ours: OursResult;
}

async function examine(full: string): Promise<FileResult> {
  const name = path.relative(DATA_DIR, full).split(path.sep).join('/');
  const [dump, bytes] = await Promise.all([
    run(DCMDUMP, [...DCMDUMP_OPTIONS, full]),
    readFile(full),
  ]);
  let ours: OursResult;
  try {
    ours = { ok: true, file: readDicom(new Uint8Array(bytes), { fileName: name }) };
  } catch (error) {
    ours = error instanceof DicomError ? { ok: false, error } : { ok: false, error, crashed: true };
  }
  const dumpOk = dump.code === 0 && !/^E: /m.test(dump.stderr);
  return { name, dump, dumpOk, ours };
}

const firstError = (stderr: string): string =>
  /^E: .*$/m.exec(stderr)?.[0] ?? stderr.trim().split('\n')[0] ?? '';

// ---------------------------------------------------------------------------------------------

describe('the reader agrees with dcmtk dcmdump on the shared corpus', () => {
  let results: FileResult[] = [];
  const comparison: Comparison = { mismatches: [], elements: 0, allowed: [] };
  const bothRefused: string[] = [];
  const disagreements: string[] = [];
  let compared = 0;
  let nonDicom = 0;
  const converted: Comparison = { mismatches: [], elements: 0, allowed: [] };
  let confirmedUN = 0;

  beforeAll(async () => {
    const version = await run(DCMDUMP, ['--version']);
    if (version.code !== 0) {
      throw new Error(
        `dcmdump could not be run (${String(version.code)}): install dcmtk (apt-get install dcmtk)`,
      );
    }
    const started = performance.now();
    const files = await listFiles(DATA_DIR);
    results = await mapLimit(files, CONCURRENCY, examine);
    for (const r of results) {
      if (NON_DICOM.test(r.name)) {
        nonDicom++;
        continue;
      }
      if (r.ours.ok && r.dumpOk) {
        const dump = parseDump(r.dump.stdout);
        const ours = walkOurs(r.ours.file);
        compareLists(r.name, 'meta ', dump.meta, ours.meta, comparison);
        compareLists(r.name, '', dump.dataset, ours.dataset, comparison);
        compared++;
      } else if (!r.ours.ok && !r.dumpOk) {
        bothRefused.push(`${r.name}: ours ${r.ours.error}; dcmdump ${firstError(r.dump.stderr)}`);
      } else {
        disagreements.push(r.name);
      }
    }
    // Our UN sequences, checked again where dcmtk can read them: with +uc it converts a UN whose
    // tag its dictionary knows as SQ and parses it, so those must now match element for element.
    const unSequences = comparison.allowed.filter((a) => a.kind === 'UN sequence');
    for (const name of new Set(unSequences.map((a) => a.file))) {
      const r = results.find((x) => x.name === name)!;
      const dump = await run(DCMDUMP, [...DCMDUMP_OPTIONS, '+uc', path.join(DATA_DIR, name)]);
      if (!r.ours.ok || dump.code !== 0 || /^E: /m.test(dump.stderr)) {
        converted.mismatches.push(`${name}: dcmdump +uc fails: ${firstError(dump.stderr)}`);
        continue;
      }
      const d = parseDump(dump.stdout);
      const o = walkOurs(r.ours.file);
      compareLists(name, 'meta ', d.meta, o.meta, converted, true);
      compareLists(name, '', d.dataset, o.dataset, converted, true);
    }
    const stillOpaque = converted.allowed.filter((a) => a.kind === 'UN sequence').length;
    confirmedUN = unSequences.length - stillOpaque;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const kinds = new Map<string, number>();
    for (const a of comparison.allowed) kinds.set(a.kind, (kinds.get(a.kind) ?? 0) + 1);
    const byKind = [...kinds]
      .map(([kind, n]) =>
        kind === 'UN sequence'
          ? `${n} ${kind} (${confirmedUN} confirmed by dcmdump +uc)`
          : `${n} ${kind}`,
      )
      .join(', ');
    console.log(
      `dcmdump cross-check: ${results.length} files, ${compared} compared, ` +
        `${comparison.elements} elements compared, ${comparison.allowed.length} allowed ` +
        `differences (${byKind || 'none'}), ${bothRefused.length} refused by both, ` +
        `${disagreements.length} readability disagreements, ${nonDicom} non-DICOM refused, ` +
        `in ${seconds} s`,
    );
    for (const a of comparison.allowed)
      console.log(`  allowed ${a.kind}: ${a.file} ${a.path}: ${a.detail}`);
    for (const b of bothRefused) console.log(`  refused by both: ${b}`);
  }, 300_000);

  it('reads the whole corpus', () => {
    expect(results.length).toBeGreaterThan(1000);
    expect(compared).toBeGreaterThan(900);
  });

  it('never throws anything but a DicomError', () => {
    const crashes = results
      .filter((r) => !r.ours.ok && 'crashed' in r.ours)
      .map((r) => `${r.name}: ${String((r.ours as { error: unknown }).error)}`);
    expect(crashes).toEqual([]);
  });

  it('refuses non-DICOM files as not-dicom, as dcmdump does', () => {
    const wrong = results
      .filter((r) => NON_DICOM.test(r.name))
      .flatMap((r) => {
        const problems: string[] = [];
        if (r.ours.ok) problems.push(`${r.name}: we read it`);
        else if (!(r.ours.error instanceof DicomError) || r.ours.error.code !== 'not-dicom')
          problems.push(`${r.name}: ours ${String(r.ours.error)}`);
        if (r.dumpOk) problems.push(`${r.name}: dcmdump reads it`);
        return problems;
      });
    expect(wrong).toEqual([]);
  });

  it('finds the same elements, nesting and VRs in every file both read', () => {
    expect(comparison.mismatches).toEqual([]);
  });

  it('reads UN sequences as dcmdump +uc does where its dictionary knows them', () => {
    expect(converted.mismatches).toEqual([]);
  });

  it('disagrees about readability only for the allow-listed files', () => {
    const found = Object.fromEntries(
      results
        .filter((r) => disagreements.includes(r.name))
        .map((r) => [
          r.name,
          r.ours.ok
            ? `ours (dcmdump: ${firstError(r.dump.stderr)})`
            : `dcmdump (ours: ${String(r.ours.error)})`,
        ]),
    );
    const expected = Object.fromEntries(
      Object.entries(READABILITY_DISAGREEMENTS).map(([name, entry]) => [name, entry.reads]),
    );
    expect(
      Object.fromEntries(Object.entries(found).map(([name, text]) => [name, text.split(' ')[0]])),
      JSON.stringify(found, null, 2),
    ).toEqual(expected);
  });
});
