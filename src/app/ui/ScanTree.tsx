import type { PatientNode, SeriesNode } from '../pipeline/types';
import { allSeries } from '../selection';
import { flagReasonsOf, type TextSampling } from '../textSampling';
import { formatBytes, formatDicomDate, formatPersonName, plural } from './format';
import { SeriesRow, inclusionOf } from './SeriesRow';

/** With more patients than this, each starts folded so the page stays short. */
const OPEN_PATIENTS_UP_TO = 6;

/**
 * Patient → study → series, with a checkbox per series. Names and IDs are shown: this is the
 * user's own machine and they live only in this page's memory.
 */
export function ScanTree({
  tree,
  included,
  onToggle,
  onSelectAll,
  onSelectNone,
  onPreview,
  sampling,
  cleaning,
}: {
  readonly tree: readonly PatientNode[];
  readonly included: ReadonlySet<number>;
  /** What the background search of the images for text found so far. */
  readonly sampling: TextSampling | undefined;
  /** Clean Pixel Data is on (Text in images, under Choices). */
  readonly cleaning: boolean;
  readonly onToggle: (fileIndexes: readonly number[], include: boolean) => void;
  readonly onSelectAll: () => void;
  readonly onSelectNone: () => void;
  /** Opens the preview pane on a series (a button on each series). */
  readonly onPreview?: (series: SeriesNode) => void;
}) {
  const flagged = allSeries(tree).filter((series) => flagReasonsOf(series, sampling).length > 0);
  const checked = sampling?.series.size ?? 0;
  return (
    <section className="card" aria-labelledby="tree-heading">
      <div className="section-head">
        <h2 id="tree-heading" tabIndex={-1}>
          What was found
        </h2>
        <div className="button-row">
          <button type="button" className="button" onClick={onSelectAll}>
            Select all series
          </button>
          <button type="button" className="button" onClick={onSelectNone}>
            Select none
          </button>
        </div>
      </div>
      {sampling ? (
        <p role="status" className="muted">
          {sampling.finished
            ? `The images of every series were checked for text.`
            : `Checking the images of each series for text: ${checked} of ${sampling.total} done. You can go on choosing meanwhile.`}
        </p>
      ) : null}
      {flagged.length > 0 ? (
        <div className="warning">
          <p>
            <strong>
              {plural(flagged.length, 'series', 'series')} may have patient details written into the
              image itself
            </strong>{' '}
            (for example a screenshot or an ultrasound with the name on it).{' '}
            {cleaning
              ? `${flagged.length === 1 ? 'It is' : 'They are'} included, and the text found in the pictures will be blacked out. Use Preview to check, and to add boxes where text was missed.`
              : `You chose not to change the images, so that text would stay. Untick ${flagged.length === 1 ? 'it' : 'them'} unless you have checked the pictures.`}
          </p>
        </div>
      ) : null}
      {tree.map((patient) => (
        <PatientSection
          key={patient.key}
          patient={patient}
          open={tree.length <= OPEN_PATIENTS_UP_TO}
          included={included}
          onToggle={onToggle}
          onPreview={onPreview}
          sampling={sampling}
          cleaning={cleaning}
        />
      ))}
    </section>
  );
}

function PatientSection({
  patient,
  open,
  included,
  onToggle,
  onPreview,
  sampling,
  cleaning,
}: {
  readonly patient: PatientNode;
  readonly sampling: TextSampling | undefined;
  readonly cleaning: boolean;
  readonly open: boolean;
  readonly included: ReadonlySet<number>;
  readonly onToggle: (fileIndexes: readonly number[], include: boolean) => void;
  readonly onPreview: ((series: SeriesNode) => void) | undefined;
}) {
  const series = patient.studies.flatMap((study) => study.series);
  const files = series.reduce((sum, s) => sum + s.fileIndexes.length, 0);
  const bytes = series.reduce((sum, s) => sum + s.bytes, 0);
  const flagged = series.filter((s) => flagReasonsOf(s, sampling).length > 0).length;
  return (
    <details className="patient" open={open}>
      <summary>
        <span className="who">{formatPersonName(patient.name)}</span>
        <span className="muted">
          {' '}
          · ID {patient.id || '(none)'} · {plural(patient.studies.length, 'study', 'studies')} ·{' '}
          {plural(files, 'file')} · {formatBytes(bytes)}
          {flagged > 0 ? ` · ${flagged} flagged` : ''}
        </span>
      </summary>
      {patient.studies.map((study) => (
        <div className="study" key={study.key}>
          <h3 className="small">
            Study of {formatDicomDate(study.date)}
            {study.description ? ` — ${study.description}` : ''}
          </h3>
          <table className="series-table">
            <thead>
              <tr>
                <th scope="col">
                  <span className="visually-hidden">Include</span>
                </th>
                <th scope="col" className="num">
                  Series
                </th>
                <th scope="col">Type</th>
                <th scope="col">Description</th>
                <th scope="col" className="num">
                  Files
                </th>
                <th scope="col" className="num">
                  Size
                </th>
                {onPreview ? (
                  <th scope="col">
                    <span className="visually-hidden">Preview</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {study.series.map((s) => (
                <SeriesRow
                  key={s.key}
                  series={s}
                  inclusion={inclusionOf(s, included)}
                  flagReasons={flagReasonsOf(s, sampling)}
                  cleaning={cleaning}
                  onToggle={onToggle}
                  onPreview={onPreview}
                />
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </details>
  );
}
