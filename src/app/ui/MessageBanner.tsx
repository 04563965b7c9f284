import type { Message } from '../state';

/** A notice or an error, in words, with a way to put it away. */
export function MessageBanner({
  message,
  onDismiss,
}: {
  readonly message: Message;
  readonly onDismiss: () => void;
}) {
  return (
    <div className={`message ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
      <p>
        <strong>{message.kind === 'error' ? 'Something went wrong. ' : ''}</strong>
        {message.text}
      </p>
      <button type="button" className="link-button" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
