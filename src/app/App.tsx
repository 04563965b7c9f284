import { useEffect, useRef } from 'react';
import './app.css';
import './screens.css';
import { Header } from './ui/Header';
import { DoneScreen } from './ui/DoneScreen';
import { EmptyScreen } from './ui/EmptyScreen';
import { SampleAction } from './ui/SampleAction';
import { MessageBanner } from './ui/MessageBanner';
import { ProcessingScreen } from './ui/ProcessingScreen';
import { ReviewScreen } from './ui/ReviewScreen';
import { ScanningScreen } from './ui/ScanningScreen';
import { startProblem } from './state';
import { usePageDrop } from './usePageDrop';
import { useWorkflow } from './useWorkflow';

export function App() {
  const flow = useWorkflow();
  const { state } = flow;
  const { screen } = state;
  const dragActive = usePageDrop(screen.phase === 'empty', flow.onDrop);
  useWarnBeforeLeaving(screen.phase === 'processing');
  const main = useFocusOnNewScreen(screen.phase);

  const message =
    (screen.phase === 'empty' || screen.phase === 'review' || screen.phase === 'done') &&
    screen.message ? (
      <MessageBanner message={screen.message} onDismiss={flow.onDismissMessage} />
    ) : null;

  return (
    <div className="app">
      <Header phase={screen.phase} />
      <main ref={main}>
        {message}
        {screen.phase === 'empty' ? (
          <EmptyScreen
            dragActive={dragActive}
            onFolderChosen={flow.onFilesChosen}
            onFilesChosen={flow.onFilesChosen}
            extraActions={<SampleAction onTrySample={flow.onTrySample} />}
          />
        ) : null}
        {screen.phase === 'scanning' ? (
          <ScanningScreen
            scanned={screen.scanned}
            total={screen.total}
            onCancel={flow.onCancelScan}
          />
        ) : null}
        {screen.phase === 'review' ? (
          <ReviewScreen
            state={state}
            scan={screen.scan}
            included={screen.included}
            problem={startProblem(state)}
            handlers={flow}
          />
        ) : null}
        {screen.phase === 'processing' ? (
          <ProcessingScreen
            progress={screen.progress}
            cancelling={screen.cancelling}
            onCancel={flow.onCancelRun}
          />
        ) : null}
        {screen.phase === 'done' ? (
          <DoneScreen
            files={screen.scan.files}
            summary={screen.summary}
            settings={state.settings}
            onPreview={flow.onPreview}
            onSaveMapping={flow.onSaveMapping}
            onStartAgain={flow.onStartAgain}
            onRerun={flow.onRerun}
          />
        ) : null}
      </main>
    </div>
  );
}

/** While files are being written, closing the tab asks first. */
function useWarnBeforeLeaving(active: boolean) {
  useEffect(() => {
    if (!active) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [active]);
}

/** Moves focus to the heading of each new screen, so keyboard and screen reader users follow. */
function useFocusOnNewScreen(phase: string) {
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.querySelector<HTMLElement>('h2')?.focus();
  }, [phase]);
  return main;
}
