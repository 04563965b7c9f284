import { findElement, type DicomItem } from '../dicom/dataset';
import type { DerivationPurpose, KeyedDerivations } from './derivations';
import { textValues } from './dataSetPlan';

const STUDY_INSTANCE_UID = 0x0020000d;
const SERIES_INSTANCE_UID = 0x0020000e;
const SOP_INSTANCE_UID = 0x00080018;
const MODALITY = 0x00080060;
const SERIES_NUMBER = 0x00200011;
const INSTANCE_NUMBER = 0x00200013;

/**
 * Where a file goes: patient pseudonym / study / series number + modality / instance number,
 * e.g. `ANON7K2M9QW4TD/study-5HG2XQ8N/series-0003-MR-Q4T7/image-00012-8F2KD0QZ.dcm`. Study,
 * series and instance carry a keyed token of their original UID, so different studies never
 * share a folder and the names leak nothing: no name, ID, date or original folder name.
 */
export class OutputNaming {
  private readonly study: string;
  private readonly series: string;
  private readonly instance: string;
  private readonly seriesNumber: string;
  private readonly modality: string;
  private readonly instanceNumber: string;

  constructor(dataset: DicomItem) {
    const first = (tag: number, vr: string) => {
      const element = findElement(dataset, tag);
      return element ? (textValues(dataset, element, vr)[0] ?? '') : '';
    };
    this.study = `study:${first(STUDY_INSTANCE_UID, 'UI')}`;
    this.series = `series:${first(SERIES_INSTANCE_UID, 'UI')}`;
    this.instance = `instance:${first(SOP_INSTANCE_UID, 'UI')}`;
    this.seriesNumber = numberLabel(first(SERIES_NUMBER, 'IS'), 4);
    this.modality =
      first(MODALITY, 'CS')
        .replace(/[^A-Za-z0-9]/g, '')
        .slice(0, 16) || 'OT';
    this.instanceNumber = numberLabel(first(INSTANCE_NUMBER, 'IS'), 5);
  }

  requests(): Array<readonly [DerivationPurpose, string]> {
    return [
      ['path', this.study],
      ['path', this.series],
      ['path', this.instance],
    ];
  }

  path(keys: KeyedDerivations, patientKey: string): string {
    return [
      keys.patientPseudonym(patientKey),
      `study-${keys.pathToken(this.study, 8)}`,
      `series-${this.seriesNumber}-${this.modality}-${keys.pathToken(this.series, 4)}`,
      `image-${this.instanceNumber}-${keys.pathToken(this.instance, 8)}.dcm`,
    ].join('/');
  }
}

function numberLabel(value: string, width: number): string {
  const n = /^[+-]?\d{1,9}$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(n) || n < 0) return 'x'.repeat(width);
  return String(n).padStart(width, '0');
}
