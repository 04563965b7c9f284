import type { DateHandling, TextInImages, ToggleOptionName } from '../state';

/**
 * The Basic Profile's options in plain words, one line each. A Record, so a new option in
 * core/deid/options.ts fails the type-check here until it is explained.
 */
export const OPTION_TEXTS: Record<ToggleOptionName, { label: string; hint: string }> = {
  'retain-safe-private': {
    label: 'Keep safe private data',
    hint: 'Keeps manufacturer-specific data known to hold no patient details; other private data is removed.',
  },
  'retain-uids': {
    label: 'Keep the original UIDs',
    hint: 'Keeps the study, series and image identifiers. Otherwise they are replaced, consistently.',
  },
  'retain-device-identity': {
    label: 'Keep the scanner’s identity',
    hint: 'Keeps device serial numbers, station names and similar details of the equipment.',
  },
  'retain-institution-identity': {
    label: 'Keep the hospital’s identity',
    hint: 'Keeps the names and addresses of the hospital and department.',
  },
  'retain-patient-characteristics': {
    label: 'Keep age, sex, size and weight',
    hint: 'Keeps characteristics such as age, sex, height and weight (never the name or ID).',
  },
  'clean-descriptors': {
    label: 'Keep descriptions, cleaned',
    hint: 'Keeps study and series descriptions but cuts names, IDs and dates out of them. Otherwise they are removed.',
  },
  'clean-structured-content': {
    label: 'Keep report content, cleaned',
    hint: 'Keeps the content of structured reports but cuts identifying values out of it.',
  },
  'clean-graphics': {
    label: 'Keep overlays and curves',
    hint: 'Keeps graphics drawn over the image. They are not checked for text.',
  },
};

export const DATE_TEXTS: Record<DateHandling, { label: string; hint: string }> = {
  remove: {
    label: 'Remove dates',
    hint: 'Dates and times are removed or replaced with a dummy. The safest choice.',
  },
  keep: {
    label: 'Keep dates',
    hint: 'Dates and times stay as they are. Dates can help someone recognise a patient.',
  },
  shift: {
    label: 'Shift dates (keeps intervals)',
    hint: 'All dates of a patient move back by the same number of days, taken from the key. The time between scans stays right.',
  },
};

/** Clean Pixel Data in plain words (issue 16); "remove-all" is the default. */
export const TEXT_IN_IMAGES_TEXTS: Record<TextInImages, { label: string; hint: string }> = {
  'remove-all': {
    label: 'Remove all text in images',
    hint: 'Every line of writing found in the pictures is blacked out, with the boxes you add in the preview.',
  },
  'keep-labels': {
    label: 'Keep labels and measurements',
    hint: 'Text read as a harmless label (left/right marks, sizes, frame numbers) stays; everything else is blacked out.',
  },
  leave: {
    label: 'Do not change the images',
    hint: 'The pictures are copied as they are. Choose this only for images you have checked yourself.',
  },
};
