/**
 * The CLI's side of recording a run (core/run/recorder.ts records it): outputs go to the sink,
 * a large input's image data read from the input file; an output that cannot be written fails
 * its input and the run goes on. Reasons never show the input's paths.
 */
import type { InputOutcome } from '../core/run/outcomes';
import {
  OutputNotSaved,
  RunRecorder,
  type SaveOutput,
  type SeriesMember,
} from '../core/run/recorder';
import { describeFsError } from './fsErrors';
import type { SeriesResult } from './niftiProtocol';
import type { OutputSink } from './outputSink';
import type { InputEntry } from './walk';

export type RunResults = RunRecorder<InputEntry>;

export function createRunResults(
  sink: OutputSink,
  inputRoot: string,
  wantMapping: boolean,
): RunResults {
  const save: SaveOutput<InputEntry> = async (name, chunks, from) => {
    try {
      const splice = from && { ...from.splice, source: from.input.absPath };
      await sink.write(name, chunks, splice);
    } catch (error) {
      throw new OutputNotSaved(`output not written: ${describeFsError(error)}`);
    }
  };
  return new RunRecorder(
    save,
    {
      pathOf: (entry) => entry.relPath,
      secretsOf: (entry) => [entry.absPath, inputRoot, entry.relPath],
    },
    wantMapping,
  );
}

/**
 * One converted series: its files go to the sink, and every input of it gets a row. Each
 * input that went into the conversion is `written`, its output the series' (first) image; the
 * reason column says when the series made several images or when dcm2niix stacked fewer
 * files than it was given (which ones it left out, it does not say). A quarantined series
 * wrote nothing: each of its inputs is `quarantined`, with the verifier's reason. An input of
 * the series that could not be read is failed on its own.
 */
export function commitSeries(
  results: RunResults,
  indices: readonly number[],
  entries: readonly InputEntry[],
  series: SeriesResult,
): Promise<void> {
  const unreadable = new Map(series.unreadable);
  const members = indices.map((index, i): SeriesMember<InputEntry> => {
    const reason = unreadable.get(i);
    const own: InputOutcome | undefined =
      reason === undefined ? undefined : { status: 'failed', reason };
    return { index, input: entries[index]!, ...(own ? { own: { outcome: own } } : {}) };
  });
  return results.commitSeries(members, series);
}
