import { DicomError } from '../dicom/errors';

/**
 * What becomes of a file the reader refuses, in the same words wherever it is read: not DICOM
 * is skipped, anything broken fails with the reader's reason. Errors other than DicomError are
 * bugs, and are thrown again.
 */
export function unreadableOutcome(error: unknown): {
  readonly status: 'skipped' | 'failed';
  readonly reason: string;
} {
  if (!(error instanceof DicomError)) throw error;
  if (error.code === 'not-dicom')
    return { status: 'skipped', reason: `not DICOM: ${error.detail}` };
  return { status: 'failed', reason: error.message };
}
