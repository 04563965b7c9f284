declare module 'dcmjs/dictionary' {
  export const dictionary: Record<string, { tag: string; vr: string; name: string }>;
}
