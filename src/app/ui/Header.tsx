import type { Phase } from '../state';

const STEPS: readonly { readonly label: string; readonly phases: readonly Phase[] }[] = [
  { label: '1 Choose files', phases: ['empty', 'scanning'] },
  { label: '2 Check and choose', phases: ['review'] },
  { label: '3 De-identify', phases: ['processing'] },
  { label: '4 Done', phases: ['done'] },
];

export function Header({ phase }: { readonly phase: Phase }) {
  return (
    <header className="app-header">
      <div>
        <h1>dicomanon</h1>
        <p className="tagline">De-identify DICOM studies on this computer</p>
      </div>
      <nav aria-label="Steps">
        <ol className="steps">
          {STEPS.map((step) => (
            <li key={step.label} aria-current={step.phases.includes(phase) ? 'step' : undefined}>
              {step.label}
            </li>
          ))}
        </ol>
      </nav>
    </header>
  );
}
