/**
 * ─── SLOT: the image view ───────────────────────────────────────────────────────────────────
 * The original and de-identified images side by side come from another part of the app:
 * src/app/preview/image/ImageView.tsx, exporting `ImageView` with props
 * `{ original: Uint8Array; deidentified: Uint8Array }` (both whole Part 10 files). It is loaded
 * only when the Image tab opens, and only if that module is part of the build; otherwise a
 * placeholder says so. A failure inside it stays inside this slot.
 */
import { Component, lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import type { BoxEditing } from './image/boxEditing';

export interface ImageViewProps {
  readonly original: Uint8Array;
  readonly deidentified: Uint8Array;
  /** Boxes to black out, edited on the original (issue 16); absent: view only. */
  readonly editing?: BoxEditing | undefined;
}

interface ImageViewModule {
  readonly ImageView: ComponentType<ImageViewProps>;
}

// A glob, not an import: the build works with or without the module.
const modules = import.meta.glob<ImageViewModule>('./image/ImageView.tsx');
const loadImageView = modules['./image/ImageView.tsx'];
const LazyImageView = loadImageView
  ? lazy(async () => ({ default: (await loadImageView()).ImageView }))
  : undefined;

export function ImageSlot(props: ImageViewProps) {
  if (!LazyImageView) {
    return (
      <div className="image-slot placeholder">
        <p>The image view is not part of this version yet.</p>
      </div>
    );
  }
  return (
    <div className="image-slot">
      <SlotBoundary>
        <Suspense fallback={<p className="muted">Loading the image view…</p>}>
          <LazyImageView
            original={props.original}
            deidentified={props.deidentified}
            editing={props.editing}
          />
        </Suspense>
      </SlotBoundary>
    </div>
  );
}

class SlotBoundary extends Component<{ children: ReactNode }, { error: string | undefined }> {
  override state: { error: string | undefined } = { error: undefined };

  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error.message : String(error) };
  }

  override render() {
    if (this.state.error !== undefined) {
      return (
        <div className="message error" role="alert">
          <p>The image could not be shown: {this.state.error}</p>
        </div>
      );
    }
    return this.props.children;
  }
}
