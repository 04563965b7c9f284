export function App() {
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 720, margin: '3rem auto' }}>
      <h1>dicomanon</h1>
      <p>
        De-identification of DICOM studies on this computer. Nothing is uploaded: every file is read
        and rewritten here, in this page.
      </p>
      <p role="status">Not ready yet: the DICOM core is being built.</p>
    </main>
  );
}
