/**
 * The boxes to black out, drawn over one side of the image view: the user's boxes (focusable,
 * labelled, moved with arrow keys, resized with Shift and arrow keys, removed with Delete, or
 * moved and resized by mouse) and the text the detector found (dashed, not editable). With the
 * "Draw a box" tool, a drag on the image adds a box. Positions follow the viewer's zoom and pan:
 * `view` changes whenever they do, and the layer is drawn again.
 */
import { useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { UserBox } from '../userRegions';
import {
  boxAfterKey,
  boxFromDrag,
  describeBox,
  moveBox,
  resizeBox,
  type ImageSize,
} from './boxGeometry';
import type { LinkedViewer, ViewState } from './linkedViewer';

export interface DetectedBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

type Drag =
  | { readonly kind: 'draw'; readonly from: { x: number; y: number }; to: { x: number; y: number } }
  | {
      readonly kind: 'move' | 'resize';
      readonly index: number;
      readonly from: { x: number; y: number };
      readonly box: UserBox;
    };

export function BoxLayer({
  viewer,
  side,
  size,
  boxes,
  detected,
  drawing,
  editable,
  onChange,
}: {
  readonly viewer: LinkedViewer;
  /** Which viewport of the viewer (0: original, 1: de-identified). */
  readonly side: number;
  readonly size: ImageSize;
  readonly boxes: readonly UserBox[];
  readonly detected: readonly DetectedBox[];
  /** The "Draw a box" tool is on: a drag adds a box. */
  readonly drawing: boolean;
  readonly editable: boolean;
  /** Given so the layer is drawn again on every zoom and pan. */
  readonly view: ViewState | undefined;
  readonly onChange: (boxes: readonly UserBox[]) => void;
}) {
  const layer = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<Drag>();
  const [preview, setPreview] = useState<UserBox>();

  const imagePoint = (event: { clientX: number; clientY: number }) => {
    const rect = layer.current?.getBoundingClientRect();
    if (!rect) return undefined;
    return viewer.toImage(side, event.clientX - rect.left, event.clientY - rect.top);
  };
  const place = (box: DetectedBox) => {
    const a = viewer.toElement(side, box.x, box.y);
    const b = viewer.toElement(side, box.x + box.width, box.y + box.height);
    if (!a || !b) return undefined;
    return { left: a.x, top: a.y, width: Math.max(2, b.x - a.x), height: Math.max(2, b.y - a.y) };
  };

  const down = (event: ReactPointerEvent<HTMLDivElement>) => {
    if (!drawing || event.button !== 0 || event.target !== layer.current) return;
    const at = imagePoint(event);
    if (!at) return;
    layer.current.setPointerCapture(event.pointerId);
    setDrag({ kind: 'draw', from: at, to: at });
    event.preventDefault();
  };
  const startBoxDrag = (
    event: ReactPointerEvent<HTMLElement>,
    kind: 'move' | 'resize',
    index: number,
  ) => {
    if (!editable || event.button !== 0) return;
    const at = imagePoint(event);
    if (!at) return;
    event.stopPropagation();
    event.preventDefault();
    layer.current?.setPointerCapture(event.pointerId);
    setDrag({ kind, index, from: at, box: boxes[index]! });
  };
  const dragged = (event: { clientX: number; clientY: number }): UserBox | undefined => {
    const at = imagePoint(event);
    if (!drag || !at) return undefined;
    if (drag.kind === 'draw') return boxFromDrag(drag.from, at, size);
    const dx = at.x - drag.from.x;
    const dy = at.y - drag.from.y;
    return drag.kind === 'move'
      ? moveBox(drag.box, dx, dy, size)
      : resizeBox(drag.box, dx, dy, size);
  };
  const move = (event: ReactPointerEvent<HTMLDivElement>) => {
    if (drag) setPreview(dragged(event));
  };
  const up = (event: ReactPointerEvent<HTMLDivElement>) => {
    if (!drag) return;
    const box = dragged(event);
    if (box) {
      onChange(
        drag.kind === 'draw'
          ? [...boxes, box]
          : boxes.map((old, i) => (i === drag.index ? box : old)),
      );
    }
    setDrag(undefined);
    setPreview(undefined);
  };

  const shown = boxes.map((box, i) =>
    preview && drag && drag.kind !== 'draw' && drag.index === i ? preview : box,
  );
  const drawn = preview && drag?.kind === 'draw' ? place(preview) : undefined;
  return (
    <div
      ref={layer}
      className={`box-layer${drawing ? ' drawing' : ''}`}
      onPointerDown={down}
      onPointerMove={move}
      onPointerUp={up}
      onPointerCancel={() => {
        setDrag(undefined);
        setPreview(undefined);
      }}
    >
      {detected.map((box, i) => {
        const at = place(box);
        return at ? (
          <div key={`found-${i}`} className="box found" style={at} aria-hidden="true" />
        ) : null;
      })}
      {shown.map((box, i) => {
        const at = place(box);
        if (!at) return null;
        const label = `Box ${i + 1}`;
        return editable ? (
          <div
            key={i}
            className="box user"
            style={at}
            role="button"
            tabIndex={0}
            aria-label={`${label}: ${describeBox(box)}. Arrow keys move it, Shift with arrow keys resizes it, Delete removes it.`}
            onPointerDown={(event) => startBoxDrag(event, 'move', i)}
            onKeyDown={(event) => {
              const next = boxAfterKey(box, event, size);
              if (next === undefined) return;
              event.preventDefault();
              onChange(
                next === 'delete'
                  ? boxes.filter((_, j) => j !== i)
                  : boxes.map((old, j) => (j === i ? next : old)),
              );
            }}
          >
            <span className="box-label">{i + 1}</span>
            <span
              className="box-handle"
              aria-hidden="true"
              onPointerDown={(event) => startBoxDrag(event, 'resize', i)}
            />
          </div>
        ) : (
          <div key={i} className="box user" style={at} aria-hidden="true">
            <span className="box-label">{i + 1}</span>
          </div>
        );
      })}
      {drawn ? <div className="box user drawing-now" style={drawn} aria-hidden="true" /> : null}
    </div>
  );
}
