import { SAMPLE_SOURCE } from '../sample/sampleData';

/** "Try with sample data", and where the sample comes from (shown in the empty screen). */
export function SampleAction({ onTrySample }: { readonly onTrySample: () => void }) {
  return (
    <>
      <button type="button" className="button" onClick={onTrySample}>
        Try with sample data
      </button>
      <p>
        <small>
          The sample is {SAMPLE_SOURCE.description}, from the {SAMPLE_SOURCE.name} project (
          {SAMPLE_SOURCE.licence} licence), built into this page: nothing is downloaded.
        </small>
      </p>
    </>
  );
}
