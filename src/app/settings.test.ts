import { describe, expect, it } from 'vitest';
import { defaultSettings } from './settings';

describe('default settings', () => {
  it('are calm: basic profile, dates removed, passphrase, one zip file, images cleaned', () => {
    expect(defaultSettings({ filePicker: true, directoryPicker: true })).toMatchObject({
      profile: 'basic',
      options: [],
      dates: 'remove',
      format: 'dicom',
      keyMode: 'passphrase',
      passphrase: '',
      randomKeyHex: undefined,
      wantMapping: false,
      save: 'file-picker',
      textInImages: 'remove-all',
    });
  });

  it('save in parts where the browser has no pickers, into a folder where it has only that', () => {
    expect(defaultSettings({ filePicker: false, directoryPicker: false }).save).toBe(
      'download-parts',
    );
    expect(defaultSettings({ filePicker: false, directoryPicker: true }).save).toBe(
      'directory-picker',
    );
  });
});
