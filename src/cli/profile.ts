/** The profile spec from --profile, --option, --on-leftover and --allow-value. */
import { readFile, stat } from 'node:fs/promises';
import type { ProfileSpec } from '../core/deid/api';
import { ProfileError, parseCustomProfile, validateProfileSpec } from '../core/deid/customProfile';
import type { ProfileOptionName } from '../core/deid/options';
import { parsePixelRegions } from '../core/pixels/regions/parsePixelRegions';
import { PixelRegionsError } from '../core/pixels/regions/problems';
import { PIXEL_REGIONS_LIMITS, type PixelRegions } from '../core/pixels/regions/types';
import { UsageError } from './args';
import { describeFsError } from './fsErrors';

/** A custom profile file is a small JSON document. */
const MAX_PROFILE_BYTES = 4 * 1024 * 1024;

/** What the command line says about leftovers (args.ts). */
export interface LeftoverFlags {
  readonly onLeftover: ProfileSpec['onLeftover'];
  readonly allowValues: readonly string[];
  /** --option clean-pixel-data. */
  readonly cleanPixelData?: boolean;
  /** --pixel-regions FILE. */
  readonly pixelRegionsFile?: string | undefined;
  /** --keep-safe-text. */
  readonly keepSafeText?: boolean;
}

export async function loadProfile(
  profile: string,
  options: readonly ProfileOptionName[],
  flags: LeftoverFlags = { onLeftover: undefined, allowValues: [] },
): Promise<ProfileSpec> {
  let spec: ProfileSpec;
  if (profile === 'basic' || profile === 'legacy') {
    spec = { base: profile, options };
  } else {
    let text: string;
    try {
      text = await readFile(profile, 'utf8');
    } catch (error) {
      throw new UsageError(`the profile file cannot be read: ${describeFsError(error)}`);
    }
    if (text.length > MAX_PROFILE_BYTES) throw new UsageError('the profile file is too large');
    try {
      spec = parseCustomProfile(text);
    } catch (error) {
      throw asUsageError(error, 'the profile file is not valid');
    }
    // Options given on the command line add to the file's.
    spec = { ...spec, options: [...new Set([...spec.options, ...options])] };
  }
  spec = withLeftoverFlags(spec, flags);
  if (flags.cleanPixelData) {
    const regions = flags.pixelRegionsFile
      ? await loadPixelRegions(flags.pixelRegionsFile)
      : undefined;
    spec = {
      ...spec,
      pixels: {
        clean: true,
        ...(regions ? { regions } : {}),
        ...(flags.keepSafeText ? { keepSafeText: true } : {}),
      },
    };
  }
  try {
    validateProfileSpec(spec);
  } catch (error) {
    throw asUsageError(error, 'the profile and options do not fit together');
  }
  return spec;
}

/** The limit of parsePixelRegions, checked before the file is read into memory. */
const MAX_REGIONS_BYTES = PIXEL_REGIONS_LIMITS.maxTextLength * 4;

async function loadPixelRegions(file: string): Promise<PixelRegions> {
  let text: string;
  try {
    const info = await stat(file);
    if (info.size > MAX_REGIONS_BYTES) throw new UsageError('the pixel regions file is too large');
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`the pixel regions file cannot be read: ${describeFsError(error)}`);
  }
  try {
    return parsePixelRegions(text);
  } catch (error) {
    if (error instanceof PixelRegionsError)
      throw new UsageError(`the pixel regions file is not valid:\n${error.problems.join('\n')}`);
    throw error;
  }
}

/** --allow-value adds to a custom profile's allowValues; --on-leftover overrides its onLeftover. */
function withLeftoverFlags(spec: ProfileSpec, flags: LeftoverFlags): ProfileSpec {
  const onLeftover = flags.onLeftover ?? spec.onLeftover;
  const allowValues = [...new Set([...(spec.allowValues ?? []), ...flags.allowValues])];
  return {
    ...spec,
    ...(onLeftover ? { onLeftover } : {}),
    ...(allowValues.length ? { allowValues } : {}),
  };
}

function asUsageError(error: unknown, what: string): Error {
  if (error instanceof ProfileError)
    return new UsageError(`${what}:\n  ${error.problems.join('\n  ')}`);
  return error as Error;
}
