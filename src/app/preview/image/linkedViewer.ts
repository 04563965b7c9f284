/**
 * Two (or more) cornerstone viewports that move together: one window/level, zoom, pan and frame
 * for all. Interaction is ours (cornerstone-core has no tools): drag for the current tool, drag
 * with Shift or the middle button to pan, with the right button to zoom, and the wheel to zoom.
 */
import cornerstone, { type CornerstoneImage, type Viewport } from 'cornerstone-core';

/** 'box': a plain drag draws a box to black out (BoxLayer.tsx handles it, not the viewer). */
export type Tool = 'window' | 'pan' | 'box';

export interface ViewState {
  readonly windowCenter: number;
  readonly windowWidth: number;
  /** Screen pixels per image pixel. */
  readonly scale: number;
}

/** What every viewport shows alike: window, zoom and pan (in image pixels). */
export interface SharedView {
  voi: { windowCenter: number; windowWidth: number };
  scale: number;
  translation: { x: number; y: number };
}
type Shared = SharedView;

const MIN_SCALE = 0.02;
const MAX_SCALE = 50;

export class LinkedViewer {
  private tool: Tool = 'window';
  private readonly images: (CornerstoneImage | undefined)[];
  private shared: Shared | undefined;
  /** Modality values per screen pixel of window/level drag. */
  private sensitivity = 1;
  private generation = 0;
  private readonly cleanups: (() => void)[] = [];

  /**
   * `initial`: the view to start from instead of the file's defaults, so that a viewer made
   * again for the same image (the de-identified side re-made after a box was drawn) does not
   * zoom and move the image under the user's boxes.
   */
  constructor(
    private readonly elements: readonly HTMLElement[],
    private readonly onChange: (view: ViewState) => void,
    private readonly initial?: SharedView,
  ) {
    this.images = elements.map(() => undefined);
    for (const element of elements) {
      cornerstone.enable(element);
      this.cleanups.push(this.listen(element));
    }
    const observer = new ResizeObserver(() => {
      const i = this.images.findIndex(Boolean);
      const before = i < 0 ? undefined : this.toImage(i, 0, 0);
      elements.forEach((element, j) => {
        if (this.images[j]) cornerstone.resize(element, false);
      });
      // cornerstone keeps the image centred, so a viewport that grew or shrank at the bottom
      // (the text under it wrapped otherwise) moved the image and the boxes drawn over it: the
      // image pixel at the top-left corner stays where it was instead.
      const after = i < 0 ? undefined : this.toImage(i, 0, 0);
      if (this.shared && before && after) {
        this.shared.translation.x += after.x - before.x;
        this.shared.translation.y += after.y - before.y;
      }
      this.apply();
    });
    for (const element of elements) observer.observe(element);
    this.cleanups.push(() => observer.disconnect());
  }

  /**
   * Loads and shows one image id per viewport (null leaves it empty). Resolves to the error
   * message of each viewport that could not be shown; a later call makes earlier ones moot.
   */
  async show(imageIds: readonly (string | null)[]): Promise<(string | undefined)[]> {
    const generation = ++this.generation;
    const results = await Promise.allSettled(
      imageIds.map((id) => (id ? cornerstone.loadImage(id) : Promise.reject(new Error('')))),
    );
    if (generation !== this.generation) return imageIds.map(() => undefined);
    const errors = results.map((result) =>
      result.status === 'rejected'
        ? result.reason instanceof Error
          ? result.reason.message
          : String(result.reason)
        : undefined,
    );
    results.forEach((result, i) => {
      const element = this.elements[i]!;
      if (result.status !== 'fulfilled') {
        this.images[i] = undefined;
        return;
      }
      const image = result.value;
      if (!this.shared) {
        const defaults = this.defaults(element, image);
        this.shared = this.initial ? copyView(this.initial) : defaults;
      }
      const first = !this.images[i];
      this.images[i] = image;
      const viewport = first
        ? cornerstone.getDefaultViewportForImage(element, image)
        : cornerstone.getViewport(element);
      cornerstone.displayImage(element, image, { ...viewport, ...this.copyShared() });
    });
    this.emit();
    return errors;
  }

  /** Where image pixel (x, y) of viewport i is, in CSS pixels of its element; none unshown. */
  toElement(i: number, x: number, y: number): { x: number; y: number } | undefined {
    const element = this.elements[i];
    if (!element || !this.images[i]) return undefined;
    return cornerstone.pixelToCanvas(element, { x, y });
  }

  /** The image pixel under CSS pixel (x, y) of viewport i's element. */
  toImage(i: number, x: number, y: number): { x: number; y: number } | undefined {
    const element = this.elements[i];
    if (!element || !this.images[i]) return undefined;
    return cornerstone.canvasToPixel(element, { x, y });
  }

  /** The current window, zoom and pan (a copy), to start another viewer from; none unshown. */
  view(): SharedView | undefined {
    return this.shared && copyView(this.shared);
  }

  /** What a plain drag does. */
  setTool(tool: Tool): void {
    this.tool = tool;
  }

  /** Back to the file's own window, the image fitted to its viewport, centred. */
  reset(): void {
    const i = this.images.findIndex(Boolean);
    if (i < 0) return;
    this.shared = this.defaults(this.elements[i]!, this.images[i]!);
    this.apply();
  }

  zoomBy(factor: number): void {
    if (!this.shared) return;
    this.shared.scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, this.shared.scale * factor));
    this.apply();
  }

  windowLevel(dx: number, dy: number): void {
    if (!this.shared) return;
    const voi = this.shared.voi;
    voi.windowWidth = Math.max(this.sensitivity / 4, voi.windowWidth + dx * this.sensitivity);
    voi.windowCenter += dy * this.sensitivity;
    this.apply();
  }

  pan(dx: number, dy: number): void {
    if (!this.shared) return;
    this.shared.translation.x += dx / this.shared.scale;
    this.shared.translation.y += dy / this.shared.scale;
    this.apply();
  }

  destroy(): void {
    this.generation++;
    for (const cleanup of this.cleanups) cleanup();
    for (const element of this.elements) cornerstone.disable(element);
  }

  private defaults(element: HTMLElement, image: CornerstoneImage): Shared {
    const viewport = cornerstone.getDefaultViewportForImage(element, image);
    const range = (image.maxPixelValue - image.minPixelValue) * image.slope;
    this.sensitivity = Math.max(Math.abs(range) / 512, image.color ? 1 : 1e-6);
    return {
      voi: { ...viewport.voi },
      scale: viewport.scale,
      translation: { x: 0, y: 0 },
    };
  }

  private copyShared(): Partial<Viewport> {
    return copyView(this.shared!);
  }

  private apply(): void {
    if (!this.shared) return;
    this.elements.forEach((element, i) => {
      if (!this.images[i]) return;
      const current = cornerstone.getViewport(element);
      if (current) cornerstone.setViewport(element, { ...current, ...this.copyShared() });
    });
    this.emit();
  }

  private emit(): void {
    if (!this.shared) return;
    const { voi, scale } = this.shared;
    this.onChange({ windowCenter: voi.windowCenter, windowWidth: voi.windowWidth, scale });
  }

  private listen(element: HTMLElement): () => void {
    let last: { x: number; y: number; mode: 'window' | 'pan' | 'zoom' } | undefined;
    const down = (event: PointerEvent) => {
      const mode =
        event.button === 2 ? 'zoom' : event.button === 1 || event.shiftKey ? 'pan' : this.tool;
      if (mode === 'box') return; // the box layer above draws it
      last = { x: event.clientX, y: event.clientY, mode };
      element.setPointerCapture(event.pointerId);
      element.focus();
      event.preventDefault();
    };
    const move = (event: PointerEvent) => {
      if (!last) return;
      const dx = event.clientX - last.x;
      const dy = event.clientY - last.y;
      last = { ...last, x: event.clientX, y: event.clientY };
      if (last.mode === 'window') this.windowLevel(dx, dy);
      else if (last.mode === 'pan') this.pan(dx, dy);
      else this.zoomBy(Math.exp(-dy / 150));
    };
    const up = (event: PointerEvent) => {
      last = undefined;
      if (element.hasPointerCapture(event.pointerId))
        element.releasePointerCapture(event.pointerId);
    };
    const wheel = (event: WheelEvent) => {
      event.preventDefault();
      this.zoomBy(event.deltaY < 0 ? 1.1 : 1 / 1.1);
    };
    const key = (event: KeyboardEvent) => {
      const step = event.shiftKey ? 40 : 10;
      const actions: Record<string, () => void> = {
        '+': () => this.zoomBy(1.2),
        '=': () => this.zoomBy(1.2),
        '-': () => this.zoomBy(1 / 1.2),
        ArrowLeft: () => this.pan(-step, 0),
        ArrowRight: () => this.pan(step, 0),
        ArrowUp: () => this.pan(0, -step),
        ArrowDown: () => this.pan(0, step),
        r: () => this.reset(),
      };
      const action = actions[event.key];
      if (!action) return;
      event.preventDefault();
      action();
    };
    const menu = (event: Event) => event.preventDefault();
    element.addEventListener('pointerdown', down);
    element.addEventListener('pointermove', move);
    element.addEventListener('pointerup', up);
    element.addEventListener('pointercancel', up);
    element.addEventListener('wheel', wheel, { passive: false });
    element.addEventListener('keydown', key);
    element.addEventListener('contextmenu', menu);
    return () => {
      element.removeEventListener('pointerdown', down);
      element.removeEventListener('pointermove', move);
      element.removeEventListener('pointerup', up);
      element.removeEventListener('pointercancel', up);
      element.removeEventListener('wheel', wheel);
      element.removeEventListener('keydown', key);
      element.removeEventListener('contextmenu', menu);
    };
  }
}

function copyView(view: SharedView): SharedView {
  return { voi: { ...view.voi }, scale: view.scale, translation: { ...view.translation } };
}
