/**
 * The built-in region templates: data in builtinTemplates.json, one note per template saying
 * which layout it covers, why its boxes are where they are and what it was checked on
 * (docs/pixel-regions.md#built-in-templates). Checked here like any user file, once, at load.
 */
import data from './builtinTemplates.json' with { type: 'json' };
import { pixelRegionsFromValue } from './parsePixelRegions';
import type { PixelRegions } from './types';

export const BUILTIN_PIXEL_REGIONS: PixelRegions = pixelRegionsFromValue(data);
