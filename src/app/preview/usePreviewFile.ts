/**
 * Asks for the preview of one file and keeps what came back. Paging to another file keeps the
 * last table on screen (marked as loading) until the new one arrives; a request that is
 * replaced is aborted, and its answer, if it still comes, is dropped.
 */
import { useEffect, useEffectEvent, useState } from 'react';
import type { ProfileSpec } from '../../core/deid/api';
import type { PreviewResult } from '../../core/deid/previewResult';
import { plainMessage } from '../errors';
import type { UserRegions } from './userRegions';

export interface PreviewRequest {
  readonly fileIndex: number;
  readonly spec: ProfileSpec;
  /** The passphrase or generated key's hex; '' while the user has set none. */
  readonly keySource: string;
  /**
   * The user's boxes and templates. Boxes drawn on a series are named by the key (a regions
   * file's series key), which only the loader has: it puts them into `spec` itself.
   */
  readonly regions?: UserRegions | undefined;
}

export interface PreviewResponse {
  readonly result: PreviewResult;
  /** True when no key was set: a temporary key made the pseudonyms, UIDs and date shifts. */
  readonly exampleKey: boolean;
}

export type PreviewLoader = (
  request: PreviewRequest,
  signal: AbortSignal,
) => Promise<PreviewResponse>;

interface Answer {
  readonly key: string;
  readonly fileIndex: number;
  readonly response?: PreviewResponse;
  readonly error?: string;
}

export interface PreviewState {
  /** The latest answer, which may be for the file shown before (see `loading`). */
  readonly answer: Answer | undefined;
  /** True until the answer for the current request is in. */
  readonly loading: boolean;
}

export function usePreviewFile(request: PreviewRequest, load: PreviewLoader): PreviewState {
  const [answer, setAnswer] = useState<Answer | undefined>(undefined);
  const key = `${request.fileIndex}|${JSON.stringify(request.spec)}|${request.keySource}|${JSON.stringify(request.regions ?? null)}`;
  const start = useEffectEvent((signal: AbortSignal) => {
    const { fileIndex } = request;
    load(request, signal).then(
      (response) => {
        if (!signal.aborted) setAnswer({ key, fileIndex, response });
      },
      (error: unknown) => {
        if (!signal.aborted) setAnswer({ key, fileIndex, error: plainMessage(error) });
      },
    );
  });
  useEffect(() => {
    const controller = new AbortController();
    start(controller.signal);
    return () => controller.abort(new DOMException('Another file was chosen.', 'AbortError'));
  }, [key]);
  return { answer, loading: answer?.key !== key };
}
