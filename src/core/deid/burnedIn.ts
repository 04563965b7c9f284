/**
 * Signs that an image may show identifying text in its pixels, which no header rule can remove.
 * The app flags such series and leaves them out by default; each reason is a sentence for a
 * hospital user, not a tag name. These are heuristics from the header alone: a flag means
 * "look before you share", its absence proves nothing.
 */

/** The header values the heuristics look at (text as read, already trimmed). */
export interface BurnedInEvidence {
  /** (0028,0301) Burned In Annotation: "YES", "NO" or empty. */
  readonly burnedInAnnotation: string;
  /** (0028,0302) Recognizable Visual Features: "YES", "NO" or empty. */
  readonly recognizableVisualFeatures: string;
  /** (0008,0016) SOP Class UID (or the file meta's). */
  readonly sopClassUid: string;
  /** (0008,0060) Modality. */
  readonly modality: string;
  /** (0008,0008) Image Type, all its values. */
  readonly imageType: readonly string[];
}

export const BURNED_IN_REASONS = {
  declared:
    'The file itself says that text is burned into the image (Burned In Annotation is YES).',
  recognizable:
    'The file says the image shows features that can identify the person, such as a face.',
  secondaryCapture:
    "Secondary captures are often screenshots, which can show the patient's name and other details in the picture.",
  ultrasound: "Ultrasound images often have the patient's name burned into the pixels.",
  document:
    'Documents stored in DICOM (such as PDF reports) can contain names and dates in their content.',
  derived:
    'Derived or secondary images (screenshots, reports, annotated copies) sometimes have text drawn into the image.',
} as const;

const SECONDARY_CAPTURE = new Set([
  '1.2.840.10008.5.1.4.1.1.7', // Secondary Capture Image
  '1.2.840.10008.5.1.4.1.1.7.1', // Multi-frame Single Bit Secondary Capture
  '1.2.840.10008.5.1.4.1.1.7.2', // Multi-frame Grayscale Byte Secondary Capture
  '1.2.840.10008.5.1.4.1.1.7.3', // Multi-frame Grayscale Word Secondary Capture
  '1.2.840.10008.5.1.4.1.1.7.4', // Multi-frame True Color Secondary Capture
]);

const ULTRASOUND = new Set([
  '1.2.840.10008.5.1.4.1.1.6', // Ultrasound Image (retired)
  '1.2.840.10008.5.1.4.1.1.6.1', // Ultrasound Image
  '1.2.840.10008.5.1.4.1.1.6.2', // Enhanced US Volume
  '1.2.840.10008.5.1.4.1.1.6.3', // Photoacoustic Image
  '1.2.840.10008.5.1.4.1.1.3', // Ultrasound Multi-frame Image (retired)
  '1.2.840.10008.5.1.4.1.1.3.1', // Ultrasound Multi-frame Image
]);
const ULTRASOUND_MODALITIES = new Set(['US', 'IVUS']);

/** Encapsulated PDF, CDA, STL, OBJ, MTL: their content is not DICOM and is not cleaned. */
const DOCUMENT_PREFIX = '1.2.840.10008.5.1.4.1.1.104.';

/** The same signs in a few words, for a report's reason column. */
const BURNED_IN_LABELS: Record<keyof typeof BURNED_IN_REASONS, string> = {
  declared: 'Burned In Annotation is YES',
  recognizable: 'Recognizable Visual Features is YES',
  secondaryCapture: 'a secondary capture',
  ultrasound: 'an ultrasound image',
  document: 'an encapsulated document',
  derived: 'a derived or secondary image',
};

/** What the user should do, the sentence of the note without the status before it. */
export const BURNED_IN_ADVICE = 'check its images for burned-in text before sharing';
/** The CLI's note, which says again that the file was written (its report bytes keep it). */
export const BURNED_IN_NOTE = `written; ${BURNED_IN_ADVICE}`;

/** Each set of reasons' advice and note, made once: 100,000 rows share a few strings. */
const worded = new Map<string, { readonly advice: string; readonly note: string }>();

/**
 * What a report says of a written file that may show burned-in text (no header rule removes
 * it, so the user must look at the images), from burnedInReasons' sentences; '' for none.
 */
export function burnedInNote(reasons: readonly string[]): string {
  return reasons.length === 0 ? '' : wording(reasons).note;
}

/** burnedInNote without "written; ", for a row whose status already says so (the page's). */
export function burnedInAdvice(reasons: readonly string[]): string {
  return reasons.length === 0 ? '' : wording(reasons).advice;
}

function wording(reasons: readonly string[]): { readonly advice: string; readonly note: string } {
  const key = reasons.join('\n');
  let words = worded.get(key);
  if (words === undefined) {
    const labels = (Object.keys(BURNED_IN_REASONS) as Array<keyof typeof BURNED_IN_REASONS>)
      .filter((name) => reasons.includes(BURNED_IN_REASONS[name]))
      .map((name) => BURNED_IN_LABELS[name]);
    const advice = `${BURNED_IN_ADVICE} (${labels.join('; ')})`;
    words = { advice, note: `${BURNED_IN_NOTE} (${labels.join('; ')})` };
    worded.set(key, words);
  }
  return words;
}

/** Plain-language reasons to suspect burned-in text, in a fixed order; empty when none. */
export function burnedInReasons(evidence: BurnedInEvidence): string[] {
  const reasons: string[] = [];
  const sop = evidence.sopClassUid;
  if (isYes(evidence.burnedInAnnotation)) reasons.push(BURNED_IN_REASONS.declared);
  if (isYes(evidence.recognizableVisualFeatures)) reasons.push(BURNED_IN_REASONS.recognizable);
  if (SECONDARY_CAPTURE.has(sop)) reasons.push(BURNED_IN_REASONS.secondaryCapture);
  if (ULTRASOUND.has(sop) || ULTRASOUND_MODALITIES.has(evidence.modality.toUpperCase())) {
    reasons.push(BURNED_IN_REASONS.ultrasound);
  }
  if (sop.startsWith(DOCUMENT_PREFIX)) reasons.push(BURNED_IN_REASONS.document);
  // Image Type value 1 is ORIGINAL or DERIVED, value 2 PRIMARY or SECONDARY (PS3.3 C.7.6.1.1.2).
  const [pixelData, examination] = evidence.imageType.map((value) => value.toUpperCase());
  if (pixelData === 'DERIVED' || examination === 'SECONDARY') {
    reasons.push(BURNED_IN_REASONS.derived);
  }
  return reasons;
}

function isYes(value: string): boolean {
  return value.trim().toUpperCase() === 'YES';
}
