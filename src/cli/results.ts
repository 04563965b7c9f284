/**
 * The CLI's side of recording a run (core/run/recorder.ts records it): outputs go to the sink,
 * a large input's image data read from the input file; an output that cannot be written fails
 * its input and the run goes on, unless the output cannot be written at all any more (a full
 * or vanished disk, a spoilt zip): then OutputStopped stops the run. Reasons never show the
 * input's paths.
 */
import type { InputOutcome } from '../core/run/outcomes';
import {
  OutputNotSaved,
  RunRecorder,
  type SaveOutput,
  type SeriesMember,
} from '../core/run/recorder';
import { describeFsError, outputStopCause } from './fsErrors';
import { lossyText, type InputPath } from './inputPath';
import type { SeriesResult } from './niftiProtocol';
import { InputReadError, type OutputSink } from './outputSink';
import type { InputEntry } from './walk';

export type RunResults = RunRecorder<InputEntry>;

/** Writing outputs cannot go on: the run stops, says `cause` in words and exits 1. */
export class OutputStopped extends Error {
  override readonly name = 'OutputStopped';
  constructor(
    /** full: no space left; gone: the disk went away or failed; broken: the zip is spoilt. */
    readonly kind: 'full' | 'gone' | 'broken',
    /** The error in words ("no space left on the device (ENOSPC)"), never with a path. */
    readonly detail: string,
  ) {
    super(`output stopped: ${detail}`);
  }
}

/** OutputStopped when `error` means no output can be written any more, else undefined. */
export function stoppedBy(error: unknown, oneStream: boolean): OutputStopped | undefined {
  if (error instanceof OutputStopped) return error;
  const cause = outputStopCause(error);
  if (cause) return new OutputStopped(cause, describeFsError(error));
  if (oneStream) return new OutputStopped('broken', describeFsError(error));
  return undefined;
}

export function createRunResults(
  sink: OutputSink,
  inputRoot: InputPath,
  wantMapping: boolean,
  /** Outputs a resumed run finds complete (resume.ts): not written again. */
  alreadyWritten: ReadonlySet<string> = new Set(),
  /** Told each output written, once it is complete (a --nifti series journals its files). */
  onSaved?: (name: string) => void,
): RunResults {
  const save: SaveOutput<InputEntry> = async (name, chunks, from) => {
    if (alreadyWritten.has(name)) return;
    try {
      const splice = from && { ...from.splice, source: from.input.absPath };
      await sink.write(name, chunks, splice);
      onSaved?.(name);
    } catch (error) {
      // A large input that vanished or cannot be read fails alone; in a zip, whose entry it
      // leaves cut short, it spoils the rest.
      if (error instanceof InputReadError) {
        const detail = `input could not be read: ${describeFsError(error.error)}`;
        if (sink.oneStream) throw new OutputStopped('broken', detail);
        throw new OutputNotSaved(detail);
      }
      const stopped = stoppedBy(error, sink.oneStream);
      if (stopped) throw stopped;
      throw new OutputNotSaved(`output not written: ${describeFsError(error)}`);
    }
  };
  return new RunRecorder(
    save,
    {
      pathOf: (entry) => entry.relPath,
      // A path with invalid UTF-8 could show in a message lossily (as Node's errors show it)
      // or escaped (as the walk shows it): both are cut.
      secretsOf: (entry) => [lossyText(entry.absPath), lossyText(inputRoot), entry.relPath],
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
