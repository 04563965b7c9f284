/**
 * Test-only page for e2e/preview-image.spec.ts: the real ImageView, built with the app's own
 * Vite config (single file, production policy, iife workers) into a temporary folder, fed two
 * files from file inputs. Never part of dist/.
 */
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import '../../../src/app/app.css';
import { ImageView } from '../../../src/app/preview/image/ImageView';

function Harness() {
  const [files, setFiles] = useState<{ original?: Uint8Array; deidentified?: Uint8Array }>({});
  const pick = (which: 'original' | 'deidentified') => async (list: FileList | null) => {
    const file = list?.[0];
    if (!file) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    setFiles((old) => ({ ...old, [which]: bytes }));
  };
  return (
    <main style={{ padding: 16, height: '100vh', display: 'flex', flexDirection: 'column' }}>
      <p>
        <label>
          Original <input type="file" onChange={(e) => void pick('original')(e.target.files)} />
        </label>{' '}
        <label>
          De-identified{' '}
          <input type="file" onChange={(e) => void pick('deidentified')(e.target.files)} />
        </label>
      </p>
      {files.original && files.deidentified ? (
        <ImageView original={files.original} deidentified={files.deidentified} />
      ) : null}
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Harness />
  </StrictMode>,
);
