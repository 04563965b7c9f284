/** The pixels of the synthetic CT: a chest-like phantom, drawn slice by slice. */

/** What a slice is drawn from, fixed per series. */
export interface Phantom {
  /** Rows = columns. */
  readonly size: number;
  /** Body outline and organ sizes, in pixels, varied per patient. */
  readonly body: { rx: number; ry: number; cy: number };
}

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * One 16-bit slice of a chest-like phantom, stored value = HU + 1024 (12 bits): air, table,
 * body with a fat rim, two lungs whose size follows z, heart, vertebra, ribs, noise.
 * `t` runs from 0 (first slice) to 1 (last slice).
 */
export function drawSlice(phantom: Phantom, t: number, out: Uint16Array, noiseSeed: number): void {
  const n = phantom.size;
  const { rx, ry, cy } = phantom.body;
  const cx = n / 2;
  const lungScale = 0.35 + 0.65 * Math.sin(Math.PI * Math.min(1, 0.15 + t * 0.95));
  const lrx = rx * 0.33 * lungScale;
  const lry = ry * 0.62 * lungScale;
  const lungDx = rx * 0.45;
  const heart = t > 0.35 && t < 0.85 ? Math.sin(((t - 0.35) / 0.5) * Math.PI) : 0;
  const hrx = rx * 0.3 * heart;
  const hry = ry * 0.4 * heart;
  const spineY = cy + ry * 0.62;
  const spineR = ry * 0.17;
  const tableY = cy + ry + 12;
  let s = noiseSeed >>> 0 || 1;
  for (let y = 0; y < n; y++) {
    const dy = (y - cy) / ry;
    for (let x = 0; x < n; x++) {
      const dx = (x - cx) / rx;
      const r2 = dx * dx + dy * dy;
      let hu: number;
      if (r2 > 1) {
        hu = y >= tableY && y < tableY + 6 ? 150 : -1000;
      } else if (r2 > 0.88) {
        hu = -100; // subcutaneous fat
      } else {
        hu = 45;
        const ly = (y - (cy - ry * 0.05)) / lry;
        const l1 = (x - (cx - lungDx)) / lrx;
        const l2 = (x - (cx + lungDx)) / lrx;
        if (lungScale > 0 && (l1 * l1 + ly * ly < 1 || l2 * l2 + ly * ly < 1)) hu = -850;
        if (heart > 0) {
          const hx = (x - (cx + rx * 0.1)) / hrx;
          const hy = (y - (cy + ry * 0.05)) / hry;
          if (hx * hx + hy * hy < 1) hu = 40;
        }
        const sx = x - cx;
        const sy = y - spineY;
        if (sx * sx + sy * sy < spineR * spineR) hu = 700;
        // Ribs: a thin bony ring just inside the fat rim, broken into segments.
        if (r2 > 0.78 && r2 < 0.82 && ((Math.atan2(dy, dx) * 6) & 1) === 0) hu = 450;
      }
      // Noise: xorshift32, sum of two uniforms (triangular), about ±12 HU.
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      const noise = ((s & 0xff) + ((s >>> 8) & 0xff) - 255) / 10;
      const v = Math.round(hu + noise + 1024);
      out[y * n + x] = v < 0 ? 0 : v > 4095 ? 4095 : v;
    }
  }
  if (!HOST_LITTLE_ENDIAN) {
    for (let i = 0; i < out.length; i++) out[i] = ((out[i]! & 0xff) << 8) | (out[i]! >>> 8);
  }
}
