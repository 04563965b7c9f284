/**
 * gzip for .nii.gz, outside the wasm: CompressionStream is native zlib in browsers, their
 * workers and Node (measured on a 210 MB CT volume: 4.7 s, against 5.0 s for fflate at the
 * same level), and it streams, so the compressed copy grows chunk by chunk. Node's and zlib's
 * gzip header carries no file name and a zero time stamp: the same input gives the same bytes.
 */
export async function gzip(chunks: readonly Uint8Array[]): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new CompressionStream('gzip');
  const writer = stream.writable.getWriter();
  const written = (async () => {
    for (const chunk of chunks) {
      // Large chunks go in slices, so the compressor never holds a second copy of the whole.
      for (let at = 0; at < chunk.length; at += SLICE) {
        await writer.write(ownBuffer(chunk.subarray(at, Math.min(chunk.length, at + SLICE))));
      }
    }
    await writer.close();
  })();
  const out: Uint8Array[] = [];
  const reader = stream.readable.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    out.push(value);
  }
  await written;
  // One buffer: the stream yields thousands of small chunks, each a cost to move and write.
  const whole = new Uint8Array(out.reduce((sum, chunk) => sum + chunk.length, 0));
  let at = 0;
  for (const chunk of out) {
    whole.set(chunk, at);
    at += chunk.length;
  }
  return whole;
}

const SLICE = 4 * 1024 * 1024;

/** Streams take views of ArrayBuffers only; a view of shared memory is copied first. */
function ownBuffer(view: Uint8Array): Uint8Array<ArrayBuffer> {
  return view.buffer instanceof ArrayBuffer ? (view as Uint8Array<ArrayBuffer>) : view.slice();
}
