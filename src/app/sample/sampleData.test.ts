import { describe, expect, it } from 'vitest';
import { sampleFiles } from './sampleData';

describe('the built-in sample study', () => {
  it('unpacks into eight DICOM files in the CLI order, each with its folder path', async () => {
    const files = sampleFiles();
    expect(files.map((f) => f.path)).toEqual([
      '20180918Si/mr_0003/epi_pe_ap-00001.dcm',
      '20180918Si/mr_0003/epi_pe_ap-00002.dcm',
      '20180918Si/mr_0004/epi_pe_pa-00001.dcm',
      '20180918Si/mr_0004/epi_pe_pa-00002.dcm',
      '20180918Si/mr_0005/epi_pe_rl-00001.dcm',
      '20180918Si/mr_0005/epi_pe_rl-00002.dcm',
      '20180918Si/mr_0006/epi_pe_lr-00001.dcm',
      '20180918Si/mr_0006/epi_pe_lr-00002.dcm',
    ]);
    for (const { file, path } of files) {
      expect(file.name).toBe(path.split('/').pop());
      const head = new Uint8Array(await file.slice(128, 132).arrayBuffer());
      expect(new TextDecoder().decode(head)).toBe('DICM');
    }
    const total = files.reduce((sum, f) => sum + f.file.size, 0);
    expect(total).toBe(1_726_996);
  });
});
