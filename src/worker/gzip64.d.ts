/** Files inlined gzipped and base64-encoded by scripts/build/gzipInline.ts. */
declare module 'gzip64:*' {
  const base64: string;
  export default base64;
}
