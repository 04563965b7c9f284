/**
 * Resolving a quarantine from the done screen, on the built page (file://) at 1280×720: real
 * GE MR files (three of each of four series) under the legacy profile, which keeps private
 * blocks. The Study ID it replaces is still in two GE private elements and the patient's name
 * parts in the Protocol Name, so every file is quarantined and the chosen .zip holds only the
 * report. The done screen groups the files by finding; "Cut the value out" for every group
 * (chosen with the keyboard) and "Re-run these files" make them all written: the zip being
 * closed, into a new downloaded .zip with the report of the whole run. pydicom, not our
 * reader, checks that the written files hold neither the Study ID in (0025,101B)/(0043,1028)/(0043,1062)
 * nor the name parts in the Protocol Name; nothing left the machine.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Download, type Page, type TestInfo } from '@playwright/test';
import { chooseFolder, doneCounts, makeChoices, start, waitForDone } from './support/app';
import { watchNetwork } from './support/network';
import { unzipInto, zipEntries, zipProblem } from './support/oracle';
import {
  BUILT_PAGE,
  BUILT_PAGE_URL,
  CORPUS,
  PYTHON,
  requireBuilt,
  tempDir,
  walkFiles,
} from './support/paths';
import { readReport } from './support/reports';
import { captureZipFiles } from './support/saveStubs';

const GE = path.join(CORPUS, 'dcm_qa_nih/In/20180918GE');
const SERIES = ['mr_0004', 'mr_0005', 'mr_0006', 'mr_0007'];
const PER_SERIES = 3;
/** The study's Study ID, and the parts of its patient's name (Test^Regression). */
const STUDY_ID = '27018';
const PASSPHRASE = 'quarantine remedy e2e';
const GROUPS = [
  'Protocol Name (0018,1030) holds the patient name',
  'A private attribute (0025,101B) holds the Study ID',
  'A private attribute (0043,1028) holds the Study ID',
  'A private attribute (0043,1062) holds the Study ID',
];

test.use({ viewport: { width: 1280, height: 720 } });

test('a quarantine resolved with one choice for every group and a re-run', async ({
  page,
  context,
}, testInfo) => {
  test.setTimeout(120_000);
  requireBuilt(BUILT_PAGE, 'npx vite build');
  const work = tempDir('e2e-remedy');
  try {
    const folder = path.join(work.dir, 'study');
    for (const series of SERIES) {
      mkdirSync(path.join(folder, series), { recursive: true });
      const names = readdirSync(path.join(GE, series)).filter((n) => n.endsWith('.dcm'));
      for (const name of names.sort().slice(0, PER_SERIES)) {
        copyFileSync(path.join(GE, series, name), path.join(folder, series, name));
      }
    }
    const inputs = walkFiles(folder);
    expect(inputs).toHaveLength(SERIES.length * PER_SERIES);

    const network = watchNetwork(context);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const downloads: Download[] = [];
    page.on('download', (download) => downloads.push(download));
    const capture = await captureZipFiles(page, work.dir);
    await page.goto(BUILT_PAGE_URL);
    await chooseFolder(page, folder);
    await makeChoices(page, { passphrase: PASSPHRASE, save: 'Save as one .zip file' });
    await page.getByLabel('Legacy').check();
    await start(page);
    await waitForDone(page, 60_000);
    const archive = await capture.archive(1);
    await archive.closed;

    // All quarantined: the zip holds only the report.
    expect(await doneCounts(page)).toMatchObject({ Written: 0, Quarantined: inputs.length });
    expect(zipProblem(archive.file)).toBeUndefined();
    expect(zipEntries(archive.file).sort()).toEqual(['report.csv', 'report.json']);

    // One group per finding, every file in each, and nothing chosen yet.
    const remedy = page.getByRole('region', { name: 'Resolve the quarantine' });
    const groups = remedy.locator('.remedy-groups legend');
    await expect(groups).toHaveText(GROUPS.map((g) => `${g} — ${inputs.length} files`));
    await expect(remedy.getByRole('radio', { checked: true })).toHaveCount(0);
    const rerun = remedy.getByRole('button', { name: 'Re-run these files' });
    await expect(rerun).toBeDisabled();
    await expect(remedy).toContainText('The .zip file you chose is complete and closed');
    await screenshot(page, testInfo, 'remedy-done-screen');
    await screenshot(page, testInfo, 'remedy-groups', remedy);

    // Click one: "Same choice for every group", moved along with the keyboard to "Cut".
    const forAll = remedy.getByRole('group', { name: 'Same choice for every group' });
    await forAll.getByLabel('Remove that attribute').click();
    await page.keyboard.press('ArrowDown');
    await expect(forAll.getByLabel('Cut the value out')).toBeChecked();
    for (const title of GROUPS) {
      const group = remedy.getByRole('group', { name: new RegExp(`^${escape(title)}`) });
      await expect(group.getByLabel('Cut the value out')).toBeChecked();
    }
    await expect(remedy.getByRole('status')).toHaveText(
      `${inputs.length} files of the ${inputs.length} quarantined have a choice for every group and will be re-run.`,
    );
    await screenshot(page, testInfo, 'remedy-chosen', remedy);

    // Click two: the re-run. Every file written, into a new download.
    await rerun.click();
    await expect(page.getByRole('heading', { name: 'Finished', exact: true })).toBeVisible({
      timeout: 60_000,
    });
    expect(await doneCounts(page)).toMatchObject({ Written: inputs.length, Failed: 0 });
    await expect(page.getByRole('region', { name: 'Resolve the quarantine' })).toHaveCount(0);
    await expect(page.getByText(/^Settings: the legacy profile\. Fixes: /)).toHaveText(
      `Settings: the legacy profile. Fixes: ${GROUPS.map((g) => `${g.replace(' holds ', ' with ')} — cut out`).join('; ')}.`,
    );
    await expect.poll(() => downloads.length, { timeout: 30_000 }).toBe(1);
    const download = downloads[0]!;
    const rerunName = download.suggestedFilename();
    expect(rerunName).toBe(archive.suggestedName.replace(/\.zip$/, '-rerun.zip'));
    await expect(page.getByText(`Re-run files were downloaded as ${rerunName}`)).toBeVisible();
    await screenshot(page, testInfo, 'remedy-after-rerun');
    const rerunZip = path.join(work.dir, rerunName);
    await download.saveAs(rerunZip);
    expect(zipProblem(rerunZip)).toBeUndefined();

    // Its report covers the whole run: every file written, with what the check fixed.
    const extracted = path.join(work.dir, 'extracted');
    unzipInto(rerunZip, extracted);
    const report = readReport(path.join(extracted, 'report.json'));
    expect(report.totals).toMatchObject({ inputs: inputs.length, written: inputs.length });
    const outputs = report.files.map((row) => row.output);
    expect(new Set(outputs).size).toBe(inputs.length);
    expect(zipEntries(rerunZip).sort()).toEqual([...outputs, 'report.csv', 'report.json'].sort());
    for (const row of report.files) {
      expect(row.reason).toMatch(/^after the leftover check: /);
    }
    const header = (report as unknown as { leftovers: { fixes: Array<{ fix: string }> } })
      .leftovers;
    expect(header.fixes.map((f) => f.fix)).toEqual(GROUPS.map(() => 'cut'));

    // pydicom on the written files: no Study ID in the GE elements, no name in the protocol.
    const views = pydicomView(outputs.map((output) => path.join(extracted, output)));
    for (const [file, view] of Object.entries(views)) {
      expect(view.error, file).toBeUndefined();
      expect(view.private_with_study_id, file).toEqual([]);
      // Cut, not removed: what is not the name stays.
      expect(view.protocol_name, file).toBe('DCM2NIIX');
      expect(view.patient_name, file).not.toMatch(/test|regression/i);
    }

    expect(network.all.some((url) => url.startsWith('blob:'))).toBe(true);
    expect(network.remote()).toEqual([]);
    expect(pageErrors).toEqual([]);
  } finally {
    work.remove();
  }
});

interface View {
  readonly error?: string;
  /** The GE private elements (0025,101B), (0043,1028), (0043,1062) still there with the Study ID. */
  readonly private_with_study_id: string[];
  readonly protocol_name: string | null;
  readonly patient_name: string;
}

function pydicomView(files: string[]): Record<string, View> {
  const script = `
import json, sys, pydicom
out = {}
study_id = ${JSON.stringify(STUDY_ID)}.encode()
for path in sys.argv[1:]:
    try:
        ds = pydicom.dcmread(path)
        hits = []
        for tag in (0x0025101B, 0x00431028, 0x00431062):
            if tag in ds:
                value = ds[tag].value
                raw = value if isinstance(value, bytes) else str(value).encode()
                if study_id in raw:
                    hits.append(str(ds[tag].tag))
        protocol = ds.get('ProtocolName')
        out[path] = {'private_with_study_id': hits,
                     'protocol_name': None if protocol is None else str(protocol),
                     'patient_name': str(ds.get('PatientName', ''))}
    except Exception as e:
        out[path] = {'error': '%s: %s' % (type(e).__name__, e)}
json.dump(out, sys.stdout)
`;
  return JSON.parse(
    execFileSync(PYTHON, ['-c', script, ...files], { encoding: 'utf8', maxBuffer: 16 << 20 }),
  ) as Record<string, View>;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function screenshot(
  page: Page,
  testInfo: TestInfo,
  name: string,
  scrollTo?: ReturnType<Page['locator']>,
): Promise<void> {
  await scrollTo?.scrollIntoViewIfNeeded();
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}
