import { findElement, type DicomFile, type DicomItem } from '../dicom/dataset';
import { DicomWriteError } from '../dicom/errors';
import { readDicom } from '../dicom/readDicom';
import {
  EXPLICIT_VR_BIG_ENDIAN,
  EXPLICIT_VR_LITTLE_ENDIAN,
  IMPLICIT_VR_LITTLE_ENDIAN,
  transferSyntaxOf,
} from '../dicom/transferSyntax';
import { writeDicom } from '../dicom/writer';
import { concatBytes } from '../dicom/byteChunks';
import { splitPixelValue, spliceChunks, withPixelValue } from './pixelSplice';
import { burnedInReasons } from './burnedIn';
import { checkAndFix, engineValuesOf } from './checkOutput';
import { identifiersOf, studyValuesTakenBy, withoutKeptNames } from './identifiers';
import { findLeaksInText, type LeakFinding } from './leakCheck';
import { blankCodestreamText, COPIED_TEXTS } from './codestreamText';
import { cutShortReason } from './cutShort';
import { LeftoverPolicy } from './leftovers';
import type {
  ChangeRecord,
  DeidContext,
  Deidentifier,
  FileOutcome,
  KeyedHash,
  ProfileSpec,
} from './api';
import { applyPlan } from './applyPlan';
import { validateProfileSpec } from './customProfile';
import { DataSetPlan, textValues } from './dataSetPlan';
import { KeyedDerivations } from './derivations';
import { buildFileMeta } from './fileMeta';
import { addMethodAttributes } from './methodAttributes';
import { OutputNaming } from './outputNaming';
import { unreadableOutcome } from './unreadable';
import { cleanPixels, type PixelCleanReport, type PixelTools } from '../pixels/clean/cleanPixels';
import { findPixelLeaks } from '../pixels/clean/verifyPixels';
import { overlayBitsOfFile } from '../pixels/overlays/overlayBits';
import { PIXEL_DATA, PixelError } from '../pixels/imageInfo';
import { formatTag } from '../dicom/tag';
import { seriesRegionKey } from '../pixels/regions/seriesKey';
import { PATIENT_ID, PATIENT_NAME, ResolvedProfile } from './profile';
import { describeFinding } from '../report/findingText';

const SOP_CLASS_UID = 0x00080016;
const SOP_INSTANCE_UID = 0x00080018;
const MEDIA_STORAGE_SOP_CLASS_UID = 0x00020002;
const MEDIA_STORAGE_SOP_INSTANCE_UID = 0x00020003;
const DIRECTORY_RECORD_SEQUENCE = 0x00041220;
const MEDIA_STORAGE_DIRECTORY = '1.2.840.10008.1.3.10';
const VALID_UID = /^[0-9]+(\.[0-9]+)*$/;
const IMAGE_TYPE = 0x00080008;
const MODALITY = 0x00080060;
const BURNED_IN_ANNOTATION = 0x00280301;
const RECOGNIZABLE_VISUAL_FEATURES = 0x00280302;
/** Read after the edits: what the output keeps of them, if anything. */
const SERIES_INSTANCE_UID = 0x0020000e;
const MANUFACTURER = 0x00080070;
const MANUFACTURER_MODEL_NAME = 0x00081090;
const INSTITUTION_NAME = 0x00080080;

/**
 * `pixelTools`: the image decoders and encoders, which only Clean Pixel Data needs; the
 * platform loads them (Node from node_modules, the page from inlined bytes).
 */
export function createDeidentifier(
  spec: ProfileSpec,
  hash: KeyedHash,
  pixelTools?: PixelTools,
): Deidentifier {
  validateProfileSpec(spec);
  const profile = new ResolvedProfile(spec);
  const keys = new KeyedDerivations(hash);
  const leftovers = new LeftoverPolicy(spec);
  const tools = { leftovers, pixelTools, hash };
  return {
    async deidentify(bytes, context = {}) {
      try {
        return await deidentifyBytes(bytes, profile, keys, tools, context);
      } catch (error) {
        // One file's problem must stay that file's: the run goes on with the rest.
        if (error instanceof DicomWriteError)
          return { status: 'failed', reason: `cannot be written: ${error.message}` };
        // Fail closed, and say what the user can do: text that cannot be looked for may be there.
        if (error instanceof PixelError)
          return {
            status: 'failed',
            reason:
              `its image could not be searched for burned-in text, so it was not written ` +
              `(${error.message.replace(/\.$/, '')}): look at it in a viewer, and de-identify ` +
              `it without Clean Pixel Data only if it shows no text`,
          };
        const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        return { status: 'failed', reason: `internal error (${what})` };
      }
    },
  };
}

async function deidentifyBytes(
  bytes: Uint8Array,
  profile: ResolvedProfile,
  keys: KeyedDerivations,
  {
    leftovers,
    pixelTools,
    hash,
  }: { leftovers: LeftoverPolicy; pixelTools: PixelTools | undefined; hash: KeyedHash },
  context: DeidContext,
): Promise<FileOutcome> {
  let file: DicomFile;
  try {
    file = readDicom(bytes);
  } catch (error) {
    return unreadableOutcome(error);
  }
  const cutShort = cutShortReason(file);
  if (cutShort) return { status: 'failed', reason: cutShort };
  const original = file.dataset;
  const sopClass =
    firstText(original, SOP_CLASS_UID) || metaText(file, MEDIA_STORAGE_SOP_CLASS_UID);
  if (sopClass === MEDIA_STORAGE_DIRECTORY || findElement(original, DIRECTORY_RECORD_SEQUENCE)) {
    return {
      status: 'skipped',
      reason:
        'DICOMDIR (a media index, not an image): it lists the original file names and patients, so it is not copied',
    };
  }
  if (!sopClass)
    return { status: 'failed', reason: 'no SOP Class UID: not a storable DICOM object' };
  if (!VALID_UID.test(sopClass))
    return { status: 'failed', reason: 'the SOP Class UID is not a valid UID' };

  if (!VALID_UID.test(file.transferSyntax.uid))
    return { status: 'failed', reason: 'the transfer syntax UID is not a valid UID' };
  const transferSyntaxUID = writableTransferSyntax(file);
  if (!transferSyntaxUID) {
    return {
      status: 'failed',
      reason: `the data set is not encoded the way its transfer syntax (${file.transferSyntax.uid}) requires, so it cannot be written as a valid file`,
    };
  }
  const burnedIn = burnedInReasons({
    burnedInAnnotation: firstText(original, BURNED_IN_ANNOTATION),
    recognizableVisualFeatures: firstText(original, RECOGNIZABLE_VISUAL_FEATURES),
    sopClassUid: sopClass,
    modality: firstText(original, MODALITY),
    imageType: allText(original, IMAGE_TYPE),
  });
  const patientKey = patientKeyOf(original);
  const originalPatientId = firstText(original, PATIENT_ID);
  const originalSeriesUid = firstText(original, SERIES_INSTANCE_UID);
  const plan = new DataSetPlan(profile, patientKey);
  plan.walk(original, '', 'normal', true);
  const fromStudy = studyValuesTakenBy(profile, context.studyValues ?? []);
  for (const { value, vr } of fromStudy) plan.identifying.add(value, vr);
  const naming = new OutputNaming(original);
  const metaInstanceUID = metaText(file, MEDIA_STORAGE_SOP_INSTANCE_UID);
  await keys.prepare([
    ...plan.derivations,
    ...naming.requests(),
    ['patient', patientKey],
    ['uid', metaInstanceUID],
  ]);

  const changes: ChangeRecord[] = [];
  const cleaning =
    profile.spec.pixels?.clean && !context.headerOnly ? profile.spec.pixels : undefined;
  // Overlays kept in the pixel data's high bits are described by groups the profile removes:
  // where their bits are is read before it does.
  const overlayBits = cleaning ? overlayBitsOfFile(file) : undefined;
  const uids = applyPlan(plan, keys, patientKey, changes, profile.spec.base !== 'legacy');
  // What the profile took away from the file and its study: no output may show it again.
  const taken = identifiersOf([...plan.elements, ...plan.insideRemoved], fromStudy);
  let image: DicomFile = file;
  let syntax = transferSyntaxUID;
  let pixels: PixelCleanReport | undefined;
  if (cleaning) {
    if (!pixelTools)
      return {
        status: 'failed',
        reason: 'Clean Pixel Data was asked for, but no image codecs are loaded here',
      };
    const settings = cleaning;
    const cleaned = await cleanPixels(file, pixelTools, {
      regions: settings.regions,
      seriesKey:
        settings.regions?.series.length && originalSeriesUid
          ? await seriesRegionKey(hash, originalSeriesUid)
          : undefined,
      keepSafeText: settings.keepSafeText ? { identifiers: taken } : undefined,
      overlayBits,
      inPlace: context.consumeInput,
    });
    if (cleaned) {
      ({ file: image, transferSyntaxUid: syntax, report: pixels } = cleaned);
      if (pixels.regions > 0)
        changes.push({
          path: formatTag(PIXEL_DATA),
          action: 'replaced',
          value: `${pixels.regions} text regions blacked out in ${pixels.frames} frames`,
        });
      if (pixels.overlays?.regions)
        changes.push({
          path: '(60xx,3000)',
          action: 'cleaned',
          value: `${pixels.overlays.regions} text regions cleared from overlays`,
        });
      if (pixels.overlaysInPixelData)
        changes.push({
          path: formatTag(PIXEL_DATA),
          action: 'cleaned',
          value: `the bits of ${pixels.overlaysInPixelData} overlays (retired form) cleared`,
        });
      for (const removed of pixels.overlays?.removed ?? [])
        changes.push({ path: '(60xx,xxxx)', action: 'removed', value: removed });
    }
  }
  const dataset = image.dataset;
  addMethodAttributes(dataset, profile, changes);
  const sopInstance = firstText(dataset, SOP_INSTANCE_UID) || metaInstance(file, profile, keys);
  const meta = buildFileMeta(sopClass, sopInstance, syntax);
  const output: DicomFile = { ...image, preamble: 'preamble', meta };
  const newPatientId = firstText(dataset, PATIENT_ID);
  const outputPath = naming.path(keys, patientKey);
  // Fail closed: the written bytes are read again, independently of the tree just edited, and
  // searched for what the profile took away; leftovers are fixed as the user chose, or the
  // file is held back.
  const identifiers = withoutKeptNames(taken, {
    manufacturer: firstText(dataset, MANUFACTURER),
    model: firstText(dataset, MANUFACTURER_MODEL_NAME),
    institution: firstText(dataset, INSTITUTION_NAME),
  });
  // The check skips pixel data, so text in its compressed frames' headers is searched here.
  const blanked = blankCodestreamText(
    output,
    (text) =>
      findLeaksInText([{ where: 'pixel data', text }], identifiers, profile.allowed).length > 0,
  );
  if (blanked.segments > 0)
    changes.push({
      path: formatTag(PIXEL_DATA),
      action: 'cleaned',
      value: `${blanked.segments} comment segments of the compressed frames blanked`,
    });
  const allocate = context.allocateOutput;
  // Pixels cleaned in the input's memory are not copied into the output (pixelSplice.ts).
  const splice = context.consumeInput ? splitPixelValue(blanked.file, bytes) : undefined;
  const checked = checkAndFix(
    writeDicom(splice?.rest ?? blanked.file, { keepTrailingBytes: false, allocate }),
    outputPath,
    identifiers,
    profile.allowed,
    leftovers,
    changes,
    engineValuesOf(plan, changes),
    allocate,
  );
  const written = checked.written;
  const chunks = splice ? spliceChunks(written, splice, blanked.file) : [written];
  // Text still readable in a cleaned image is a leak like any other (verifyPixels.ts).
  const findings =
    checked.findings.length === 0 && pixels && pixelTools?.reader
      ? await findPixelLeaks(
          splice ? withPixelValue(readDicom(written), splice) : readDicom(written),
          identifiers,
          pixelTools.reader,
          pixelTools.codecs,
          profile.allowed,
        )
      : checked.findings;
  const copied = (context.copiedTexts ?? []).map((text) => ({ where: COPIED_TEXTS, text }));
  findings.push(...findLeaksInText(copied, identifiers, profile.allowed));
  if (findings.length > 0) {
    return {
      status: 'quarantined',
      reason: describeFindings(findings),
      findings,
      ...(context.holdQuarantined ? { held: { output: concatBytes(chunks), changes } } : {}),
    };
  }
  return {
    status: 'written',
    chunks,
    outputPath,
    changes,
    mapping: {
      uids: dedupe(uids),
      patientIds:
        originalPatientId !== '' && newPatientId !== originalPatientId
          ? [[originalPatientId, newPatientId]]
          : [],
    },
    warnings: file.warnings,
    ...(burnedIn.length > 0 ? { burnedIn } : {}),
    ...(checked.leftovers ? { leftovers: checked.leftovers } : {}),
    ...(pixels ? { pixels } : {}),
  };
}

/**
 * Whose file this is, for the pseudonym and the date offset: the Patient ID, else the name (a
 * file without either shares one pseudonym with all such files).
 */
function patientKeyOf(dataset: DicomItem): string {
  const id = firstText(dataset, PATIENT_ID);
  if (id !== '') return `id:${id}`;
  const name = firstText(dataset, PATIENT_NAME);
  return name !== '' ? `name:${name}` : '';
}

function allText(item: DicomItem, tag: number): string[] {
  const element = findElement(item, tag);
  return element && !element.items ? textValues(item, element, 'CS') : [];
}

function firstText(item: DicomItem, tag: number): string {
  const element = findElement(item, tag);
  if (!element || element.items) return '';
  const vr =
    element.vr === 'UN'
      ? tag === PATIENT_NAME
        ? 'PN'
        : tag === PATIENT_ID
          ? 'LO'
          : 'UI'
      : element.vr;
  return textValues(item, element, vr)[0] ?? '';
}

/**
 * The transfer syntax to declare: the file's, unless its data set is really encoded otherwise
 * (the reader detects that). A native syntax is then corrected to the encoding actually used;
 * a compressed or deflated one cannot be, since its pixel data or body depends on it.
 */
function writableTransferSyntax(file: DicomFile): string | undefined {
  const declared = transferSyntaxOf(file.transferSyntax.uid).encoding;
  const actual = file.transferSyntax.encoding;
  if (declared.explicitVR === actual.explicitVR && declared.littleEndian === actual.littleEndian)
    return file.transferSyntax.uid;
  if (file.transferSyntax.encapsulated || file.transferSyntax.deflated) return undefined;
  if (!actual.explicitVR) return IMPLICIT_VR_LITTLE_ENDIAN;
  return actual.littleEndian ? EXPLICIT_VR_LITTLE_ENDIAN : EXPLICIT_VR_BIG_ENDIAN;
}

/**
 * A data set without SOP Instance UID (seen in the wild) still gets its file meta's, treated as
 * the profile treats (0002,0003).
 */
function metaInstance(file: DicomFile, profile: ResolvedProfile, keys: KeyedDerivations): string {
  const original = metaText(file, MEDIA_STORAGE_SOP_INSTANCE_UID);
  if (original === '') return '';
  const decision = profile.decide({
    tag: MEDIA_STORAGE_SOP_INSTANCE_UID,
    vr: 'UI',
    privateCreator: undefined,
    mode: 'normal',
    direct: true,
  });
  return decision.do === 'keep' ? original : keys.uid(original);
}

function metaText(file: DicomFile, tag: number): string {
  return file.meta ? firstText(file.meta, tag) : '';
}

function describeFindings(findings: readonly LeakFinding[]): string {
  const shown = findings.slice(0, 5).map(describeFinding).join('; ');
  const more = findings.length > 5 ? `; and ${findings.length - 5} more` : '';
  return `quarantined, not saved: identifying values remain after de-identification: ${shown}${more}`;
}

function dedupe(pairs: ReadonlyArray<readonly [string, string]>): Array<readonly [string, string]> {
  const seen = new Map<string, string>();
  for (const [old, replacement] of pairs) seen.set(old, replacement);
  return [...seen];
}
