/**
 * The image half of the preview: the original and the de-identified file side by side, drawn by
 * cornerstone-core through our own image loader, with linked window/level, zoom, pan and frame.
 * Frames are decoded in a worker by decoders bundled into the page; nothing is fetched.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { SharedView, ViewState, Tool } from './linkedViewer';
import { explain, openImages, type OpenResult } from './openImage';
import type { ViewerSession } from './viewerRuntime';
import { BoxLayer } from './BoxLayer';
import {
  boxesIn,
  deviceOf,
  movedToScope,
  withBoxesIn,
  type BoxEditing,
  type BoxScope,
} from './boxEditing';
import { RegionsFileControls } from '../RegionsFileControls';
import type { UserBox } from '../userRegions';
import './imageView.css';

export interface ImageViewProps {
  /** The whole Part 10 file as read. */
  readonly original: Uint8Array;
  /** The whole Part 10 file as it will be saved. */
  readonly deidentified: Uint8Array;
  /** Boxes to black out, edited on the original (Clean Pixel Data); absent: view only. */
  readonly editing?: BoxEditing | undefined;
}

const TITLES = ['Original', 'De-identified'] as const;
const FRAME_SETTLE_MS = 60;

type SideState = { status: 'loading' } | { status: 'shown' } | { status: 'error'; message: string };

export function ImageView({ original, deidentified, editing }: ImageViewProps) {
  const opened = useMemo(() => openImages([original, deidentified]), [original, deidentified]);
  const frames = Math.max(1, ...opened.map((o) => ('image' in o ? o.image.info.frames : 1)));
  // The frame, zoom and pan outlive a change of the files: the preview shows one file (the
  // parent remounts this view for another), whose de-identified side is made again after each
  // edit of the boxes, and the image must not jump or go back to frame 1 under the user.
  const [chosenFrame, setFrame] = useState(0);
  const frame = Math.min(chosenFrame, frames - 1);
  const lastView = useRef<SharedView>(undefined);
  const [tool, setTool] = useState<Tool>('window');
  const [view, setView] = useState<ViewState>();
  const [sides, setSides] = useState<{ key: unknown; frame: number; states: SideState[] }>();
  const [failure, setFailure] = useState<{ opened: OpenResult[]; message: string }>();
  const [session, setSession] = useState<{ opened: OpenResult[]; value: ViewerSession }>();
  const elements = [useRef<HTMLDivElement>(null), useRef<HTMLDivElement>(null)];
  const [left, right] = elements;
  const [scope, setScope] = useState<BoxScope>('series');
  const first = opened[0];
  const originalImage = first && 'image' in first ? first.image : undefined;
  const size = originalImage
    ? { rows: originalImage.info.rows, columns: originalImage.info.columns }
    : undefined;
  const device =
    originalImage && size ? deviceOf(originalImage.file, size.rows, size.columns) : undefined;
  const boxes = editing ? boxesIn(editing.regions, scope, editing.seriesKey, device) : [];
  const setBoxes = (next: readonly UserBox[]) => {
    if (editing)
      editing.onRegions(withBoxesIn(editing.regions, scope, editing.seriesKey, device, next));
  };

  // cornerstone and the decoder are loaded when the first image is shown, not with the page.
  useEffect(() => {
    let cancelled = false;
    let started: ViewerSession | undefined;
    const targets = [left!.current, right!.current];
    import('./viewerRuntime').then(
      ({ openSession }) => {
        if (cancelled || !targets[0] || !targets[1]) return;
        const images = opened.map((o) => ('image' in o ? o.image : undefined));
        started = openSession(targets as HTMLElement[], images, setView, lastView.current);
        setSession({ opened, value: started });
      },
      (error: unknown) => {
        if (!cancelled) setFailure({ opened, message: explain(error) });
      },
    );
    return () => {
      cancelled = true;
      lastView.current = started?.viewer.view() ?? lastView.current;
      started?.close();
    };
  }, [opened, left, right]);

  const current = session?.opened === opened ? session.value : undefined;
  useEffect(() => {
    if (!current) return;
    current.viewer.setTool(tool);
  }, [current, tool]);

  useEffect(() => {
    if (!current) return;
    let cancelled = false;
    const ids = current.imageIds(frame);
    // A short pause, so that dragging the frame slider decodes where it stops, not every step.
    const timer = setTimeout(() => {
      current.viewer.show(ids).then((errors) => {
        if (cancelled) return;
        setSides({
          key: current,
          frame,
          states: ids.map((id, i) =>
            errors[i] !== undefined || !id
              ? failed(errors[i] || `There is no frame ${frame + 1} in this file.`)
              : { status: 'shown' },
          ),
        });
      });
    }, FRAME_SETTLE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [current, frame]);

  const bothOpened = opened.every((o) => 'image' in o);
  const second = opened[1]!;
  const identical = 'image' in second && second.image.sameAs === 0;

  return (
    <section className="image-view" aria-label="Image preview">
      <div className="image-view-toolbar" role="toolbar" aria-label="Image tools">
        <div className="image-view-tools">
          <button type="button" aria-pressed={tool === 'window'} onClick={() => setTool('window')}>
            Window/level
          </button>
          <button type="button" aria-pressed={tool === 'pan'} onClick={() => setTool('pan')}>
            Pan
          </button>
          {editing ? (
            <button type="button" aria-pressed={tool === 'box'} onClick={() => setTool('box')}>
              Draw a box
            </button>
          ) : null}
          <button type="button" onClick={() => current?.viewer.zoomBy(1.25)} disabled={!current}>
            Zoom in
          </button>
          <button type="button" onClick={() => current?.viewer.zoomBy(0.8)} disabled={!current}>
            Zoom out
          </button>
          <button type="button" onClick={() => current?.viewer.reset()} disabled={!current}>
            Reset
          </button>
        </div>
        {frames > 1 && (
          <label className="image-view-frame">
            <span>
              Frame {frame + 1} of {frames}
            </span>
            <input
              type="range"
              min={1}
              max={frames}
              value={frame + 1}
              onChange={(event) => setFrame(Number(event.target.value) - 1)}
            />
          </label>
        )}
        {view && (
          <output className="image-view-readout" aria-label="Window and zoom">
            W {formatNumber(view.windowWidth)} / L {formatNumber(view.windowCenter)} · Zoom{' '}
            {Math.round(view.scale * 100)}%
          </output>
        )}
      </div>
      <div className="image-view-panes">
        {TITLES.map((title, i) => {
          const openedSide = opened[i]!;
          const shown = sides && sides.key === current && sides.frame === frame ? sides : undefined;
          const state: SideState =
            'error' in openedSide
              ? { status: 'error', message: openedSide.error }
              : failure?.opened === opened
                ? { status: 'error', message: failure.message }
                : (shown?.states[i] ?? { status: 'loading' });
          return (
            <figure className="image-view-pane" key={title} data-state={state.status}>
              <figcaption>
                <strong>{title}</strong>
                {'image' in openedSide && <span> · {describe(openedSide.image.info)}</span>}
              </figcaption>
              <div className="image-view-stage">
                <div
                  ref={elements[i]}
                  className="image-view-viewport"
                  role="img"
                  aria-label={`${title} image`}
                  tabIndex={0}
                />
                {editing && current && size && state.status === 'shown' ? (
                  <BoxLayer
                    viewer={current.viewer}
                    side={i}
                    size={size}
                    boxes={boxes}
                    detected={i === 0 ? (editing.detected.get(frame) ?? []) : []}
                    drawing={i === 0 && tool === 'box'}
                    editable={i === 0}
                    view={view}
                    onChange={setBoxes}
                  />
                ) : null}
              </div>
              {state.status === 'loading' && <p className="image-view-note">Decoding…</p>}
              {state.status === 'error' && (
                <p className="image-view-note image-view-error" role="alert">
                  {state.message}
                </p>
              )}
            </figure>
          );
        })}
      </div>
      {editing ? (
        <fieldset className="box-scope">
          <legend>Boxes to black out{boxes.length > 0 ? ` (${boxes.length})` : ''}</legend>
          <p className="hint">
            Choose Draw a box, then drag over the text on the original. Dashed outlines show text
            that was found; it is blacked out anyway.
          </p>
          <label>
            <input
              type="radio"
              name="box-scope"
              checked={scope === 'series'}
              onChange={() => {
                editing.onRegions(
                  movedToScope(editing.regions, scope, 'series', editing.seriesKey, device),
                );
                setScope('series');
              }}
            />{' '}
            Apply to this series
          </label>
          <label>
            <input
              type="radio"
              name="box-scope"
              checked={scope === 'device'}
              disabled={!device}
              onChange={() => {
                editing.onRegions(
                  movedToScope(editing.regions, scope, 'device', editing.seriesKey, device),
                );
                setScope('device');
              }}
            />{' '}
            Apply to every series from this device at this size
            {device
              ? ` (${[device.manufacturer, device.model].filter(Boolean).join(' ')}, ${device.columns} × ${device.rows})`
              : ' (the file does not name its maker)'}
          </label>
          {/* Always there (disabled without boxes): appearing with the first box, it made the
              fieldset taller and the image above it smaller and moved. */}
          <button
            type="button"
            className="button small-button"
            disabled={boxes.length === 0}
            onClick={() => setBoxes([])}
          >
            Remove all boxes
          </button>
          <RegionsFileControls
            regions={editing.regions}
            keySource={editing.keySource}
            onRegions={editing.onRegions}
          />
        </fieldset>
      ) : null}
      <p className="image-view-caption">
        {!bothOpened
          ? 'Only one of the two files could be shown.'
          : identical
            ? 'The pixel data are identical, byte for byte: de-identification changed the header only, not the image. Burned-in text, if any, is still there.'
            : 'The pixel data differ between the two files: the image was changed (pixel cleaning applied).'}{' '}
        Drag on an image for the chosen tool, Shift-drag to pan, wheel to zoom; both images move
        together.
      </p>
    </section>
  );
}

function failed(error: unknown): SideState {
  return { status: 'error', message: typeof error === 'string' ? error : explain(error) };
}

function describe(info: {
  syntax: { name: string };
  columns: number;
  rows: number;
  frames: number;
}) {
  const frames = info.frames > 1 ? `, ${info.frames} frames` : '';
  return `${info.syntax.name}, ${info.columns} × ${info.rows}${frames}`;
}

function formatNumber(value: number): string {
  const rounded = Math.abs(value) >= 100 ? Math.round(value) : Number(value.toPrecision(3));
  return String(rounded);
}
