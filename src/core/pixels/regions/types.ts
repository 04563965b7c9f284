/**
 * The pixel regions format (issue 14): region templates keyed by the device and image size, in
 * the spirit of CTP's DicomPixelAnonymizer signatures, and boxes given per series from the app's
 * preview. docs/pixel-regions.md is the reference:
 *
 *     {
 *       "version": 1,
 *       "templates": [
 *         {
 *           "name": "Acme Sono 5 banner",
 *           "match": { "manufacturer": "Acme", "model": "Sono 5*", "rows": 600, "columns": 800 },
 *           "boxes": [{ "x": 0, "y": 0, "width": 800, "height": 60 }]
 *         }
 *       ],
 *       "series": [{ "key": "k1:3f2a…", "boxes": [{ "x": 10, "y": 500, "width": 200, "height": 40 }] }]
 *     }
 *
 * Pure TypeScript, no Node or DOM API: runs in workers, Node tests and the CLI.
 */

/** The only format version this code reads and writes. */
export const PIXEL_REGIONS_VERSION = 1;

/** Zero-based frame indexes, or every frame of the image. */
export type FrameSelection = 'all' | readonly number[];

/** A box in pixel coordinates: x to the right, y down, from the top-left pixel. */
export interface RegionBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly frames: FrameSelection;
}

/**
 * Which images a template applies to. Manufacturer and model are compared trimmed, with runs of
 * spaces as one, ignoring case; a trailing `*` makes either a prefix. An absent manufacturer,
 * model or SOP class matches any; rows and columns always match exactly.
 */
export interface TemplateMatch {
  readonly manufacturer?: string;
  readonly model?: string;
  readonly rows: number;
  readonly columns: number;
  readonly sopClassUid?: string;
}

export interface RegionTemplate {
  /** Shown in reports and in the app: must not identify anybody. */
  readonly name: string;
  /** What layout the template covers and why its boxes are where they are. */
  readonly note?: string;
  readonly match: TemplateMatch;
  readonly boxes: readonly RegionBox[];
}

export interface SeriesRegions {
  /** Opaque and caller-derived; never a UID or any other original identifier. */
  readonly key: string;
  readonly boxes: readonly RegionBox[];
}

export interface PixelRegions {
  readonly version: typeof PIXEL_REGIONS_VERSION;
  readonly templates: readonly RegionTemplate[];
  readonly series: readonly SeriesRegions[];
}

/** What a file says about itself, as the header reader finds it. */
export interface ImageQuery {
  readonly manufacturer?: string | undefined;
  readonly model?: string | undefined;
  readonly rows: number;
  readonly columns: number;
  readonly sopClassUid?: string | undefined;
  /** The caller's opaque key of the file's series, derived as for the region file. */
  readonly seriesKey?: string | undefined;
  /** Number of frames; frame indexes at or past it are dropped. Absent: keep every index. */
  readonly frames?: number | undefined;
}

/** Limits that keep a hostile or mistaken file from costing memory or time. */
export const PIXEL_REGIONS_LIMITS = {
  /** Characters of JSON text. */
  maxTextLength: 8_000_000,
  maxTemplates: 1000,
  maxSeries: 20_000,
  /** Boxes of one template or one series entry. */
  maxBoxes: 256,
  /** Entries of one box's frame list. */
  maxFrameIndexes: 10_000,
  /** Rows and Columns are US: no image is larger, so no coordinate or size may be. */
  maxCoordinate: 65_535,
  maxNameLength: 64,
  maxNoteLength: 1000,
  /** LO, the VR of Manufacturer and Manufacturer's Model Name, holds 64 characters. */
  maxPatternLength: 64,
  maxKeyLength: 256,
  /** Problems listed before the rest are counted only. */
  maxProblems: 100,
} as const;
