/** dcm_qa_nih's reference NIfTI files (Ref/), named as dcm2niix names them from the inputs. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { textValues } from '../../src/core/deid/dataSetPlan';
import { findElement } from '../../src/core/dicom/dataset';
import { readDicom } from '../../src/core/dicom/readDicom';
import { CORPUS } from './paths';

export const NIFTI_SET = path.join(CORPUS, 'dcm_qa_nih');
export const NIFTI_IN = path.join(NIFTI_SET, 'In');
export const NIFTI_REF = path.join(NIFTI_SET, 'Ref');

/** dcm2niix's `%p_%s` (the references' names): protocol name, series number. */
export function referenceName(file: string): string {
  const dataset = readDicom(readFileSync(file)).dataset;
  const text = (tag: number, vr: string) => {
    const element = findElement(dataset, tag);
    return element ? (textValues(dataset, element, vr)[0] ?? '') : '';
  };
  return `${text(0x00181030, 'LO').replace(/\s+/g, '_')}_${Number(text(0x00200011, 'IS'))}`;
}
