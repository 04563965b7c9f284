import { useEffect, useEffectEvent, useState } from 'react';

function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}

/**
 * Files dropped anywhere on the page. Every drop of files is caught, also when the app does
 * not take them (`enabled` false), so that the browser never navigates away to show a dropped
 * file and loses the user's work. Returns whether files are being dragged over the page.
 */
export function usePageDrop(enabled: boolean, onDrop: (data: DataTransfer) => void): boolean {
  const [depth, setDepth] = useState(0);
  const dropped = useEffectEvent(onDrop);
  useEffect(() => {
    const enter = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      setDepth((d) => d + 1);
    };
    const leave = (event: DragEvent) => {
      if (carriesFiles(event)) setDepth((d) => Math.max(0, d - 1));
    };
    const over = (event: DragEvent) => {
      if (!carriesFiles(event) || !event.dataTransfer) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = enabled ? 'copy' : 'none';
    };
    const drop = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      setDepth(0);
      // The drop's items can be read only while this event is being handled.
      if (enabled && event.dataTransfer) dropped(event.dataTransfer);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, [enabled]);
  return enabled && depth > 0;
}
