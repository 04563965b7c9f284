import { PROFILE_OPTIONS } from '../core/deid/options';

export const HELP_TEXT = `Usage: dicomanon <input_directory> <output_directory> --dicom|--nifti [options]

De-identifies every DICOM file under <input_directory> (recursively) on this machine and writes
the results under <output_directory>, with names that carry no original identifier:
<patient pseudonym>/<study>/<series number + modality>/<instance number>.dcm.
Inputs are only read, never modified. Files that are not DICOM are skipped.

Output format (exactly one):
  --dicom                 write de-identified DICOM files
  --nifti                 convert each image series with dcm2niix (built in) to NIfTI:
                          <patient pseudonym>/<study>/<series number + modality>.nii.gz, a JSON
                          sidecar limited to technical acquisition fields, and .bval/.bvec for
                          diffusion; several images of one series (echoes, phase, ...) get
                          dcm2niix's suffixes (_e2, _ph, ...). Series that are not images (SR,
                          presentation states, RT structures, key objects, segmentations) are
                          written as de-identified DICOM instead, and the report says so
  --nii                   with --nifti: write .nii instead of gzipped .nii.gz

Options:
  --profile NAME|FILE     basic (default): PS3.15 Basic Application Level Confidentiality
                          Profile; legacy: the original dicomanon attribute table; FILE: a custom
                          JSON profile (write ./basic to use a file named "basic")
  --option NAME           a profile option; repeat or separate with commas. Added to those a
                          custom profile names. One of:
${PROFILE_OPTIONS.map((option) => `                            ${option.name}`).join('\n')}
                            clean-pixel-data (find text burned into images and black it
                              out; the report says per file what was blacked out)
  --pixel-regions FILE    with clean-pixel-data: a JSON file of device templates (manufacturer,
                          model, rows, columns, SOP class) and boxes to black out as well, beside
                          the built-in templates (docs/pixel-regions.md)
  --keep-safe-text        with clean-pixel-data: keep text the OCR reads, confidently, as a
                          harmless label (L/R marks, measurements such as 5.0 cm, TGC, frame
                          counters); everything else found is blacked out
  --on-leftover quarantine|clean
                          what to do with a file in which the check of the written bytes still
                          finds an identifier the profile took away: quarantine it (default: not
                          saved, exit 1), or clean: cut the value out of the attribute where it
                          was found (remove the attribute when nothing would be left) and check
                          again. Overrides a custom profile's "onLeftover"
  --allow-value TEXT      a value you confirm identifies nobody (a department code that equals a
                          surname): never looked for, never cut out. Repeat for more; added to a
                          custom profile's "allowValues". Reports count its uses, never show it
  --key-file FILE         a file holding your passphrase: the same passphrase and inputs give
                          the same pseudonyms, UIDs and date shifts on any machine. Without it a
                          random key is used and results cannot be reproduced later
  --mapping DIR           also write uid_mapping.csv, patid_mapping.csv and file_mapping.csv to
                          DIR. They re-identify the data: DIR may not be inside the output
                          directory (nor inside the input directory); existing mapping files
                          there are never overwritten
  --zip FILE              write the de-identified files into one zip file (FILE, which must not
                          exist yet) instead of into <output_directory>; report.json and
                          report.csv go into the zip and into <output_directory>
  -j, --jobs N            worker threads (default: processors - 1, at least 1, and one
                          more once a run proves long)
  --resume                finish an interrupted run into its output directory: the same command
                          (same --key-file, settings and inputs) with --resume added. Outputs,
                          names, report (and --zip file, mapping files) come out as an
                          uninterrupted run's; --nifti redoes the series not finished. A run
                          without --key-file cannot be resumed
  -h, --help              show this help
  -V, --version           show the version

Output directory: created if missing; it must be empty (outputs of different runs never mix),
must not be the input directory or inside it, and must not contain it. It receives report.json
and report.csv: one row per input file (named input-000001... in sorted path order, never by
path) with its status (written, skipped, failed, quarantined), reason, output path and action
counts. With --nifti, every input of a converted series is written and names its series' NIfTI
image.

Files appear under their final names only when complete; a zip is FILE.partial until finished.
Ctrl-C stops cleanly (a second one at once): the report lists what was done. A full or vanished
output disk stops the run the same way, said in words.

Exit status: 0 every file written or skipped, 1 some file failed or was quarantined, or the output
disk became full or unwritable; 2 usage or safety error; 130 stopped by Ctrl-C.
`;
