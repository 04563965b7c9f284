/**
 * The notices and errors the state machine puts on a screen when a scan or a run ends other
 * than as planned: in words a ward clerk acts on (what happened, and what to do with anything
 * already saved).
 */
export const CANCELLED_RUN_NOTICE =
  'De-identification was cancelled. Anything already saved from that run is incomplete: ' +
  'delete it before you start again.';
export const CANCELLED_RERUN_NOTICE =
  'The re-run was cancelled, so the report was not updated and still lists those files as ' +
  'quarantined. Anything the re-run had already saved is incomplete: delete it, or re-run again.';
export const NO_SAVE_PLACE_NOTICE = 'No place to save was chosen, so nothing was done.';
export const SAMPLING_FINISHED_NOTICE =
  'The images were checked for text. Press De-identify again to choose where to save.';
export const CANCELLED_SCAN_NOTICE = 'Reading the files was cancelled. Nothing was changed.';
export const NO_FILES_ERROR =
  'No files were found in what you chose. Choose a folder that holds DICOM files.';
