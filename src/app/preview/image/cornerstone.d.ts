/**
 * Types for the part of cornerstone-core 2.6 (which ships none) that the image view uses.
 * See its docs for the full Image and Viewport objects.
 */
declare module 'cornerstone-core' {
  export interface CornerstoneImage {
    imageId: string;
    minPixelValue: number;
    maxPixelValue: number;
    slope: number;
    intercept: number;
    windowCenter: number;
    windowWidth: number;
    getPixelData: () => ArrayLike<number>;
    rows: number;
    columns: number;
    height: number;
    width: number;
    color: boolean;
    rgba: boolean;
    invert: boolean;
    sizeInBytes: number;
    columnPixelSpacing?: number;
    rowPixelSpacing?: number;
    stats?: Record<string, number>;
  }

  export interface Viewport {
    scale: number;
    translation: { x: number; y: number };
    voi: { windowWidth: number; windowCenter: number };
    invert: boolean;
    pixelReplication: boolean;
    rotation: number;
    hflip: boolean;
    vflip: boolean;
  }

  export interface ImageLoadObject {
    promise: Promise<CornerstoneImage>;
    cancelFn?: () => void;
  }

  interface Cornerstone {
    enable(element: HTMLElement, options?: Record<string, unknown>): void;
    disable(element: HTMLElement): void;
    displayImage(element: HTMLElement, image: CornerstoneImage, viewport?: Partial<Viewport>): void;
    getViewport(element: HTMLElement): Viewport | undefined;
    setViewport(element: HTMLElement, viewport: Partial<Viewport>): void;
    getDefaultViewportForImage(element: HTMLElement, image: CornerstoneImage): Viewport;
    resize(element: HTMLElement, fitViewportToWindow?: boolean): void;
    /** Image pixel to the element's canvas pixel (CSS pixels of the element). */
    pixelToCanvas(element: HTMLElement, point: { x: number; y: number }): { x: number; y: number };
    canvasToPixel(element: HTMLElement, point: { x: number; y: number }): { x: number; y: number };
    reset(element: HTMLElement): void;
    loadImage(imageId: string, options?: Record<string, unknown>): Promise<CornerstoneImage>;
    registerImageLoader(
      scheme: string,
      loader: (imageId: string, options?: Record<string, unknown>) => ImageLoadObject,
    ): void;
  }

  const cornerstone: Cornerstone;
  export default cornerstone;
}
