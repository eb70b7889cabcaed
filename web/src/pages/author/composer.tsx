import { useState, type FormEvent, type KeyboardEvent } from 'react';

const MAX_LENGTH = 8000;

/**
 * The message box: Enter sends, Shift+Enter starts a new line; sending waits for the reply. `draft`
 * fills it to begin with (a failed run's report, from "Fix in chat").
 */
export function Composer({
  busy,
  onSend,
  draft = '',
}: {
  busy: boolean;
  onSend: (text: string) => void;
  draft?: string;
}) {
  const [text, setText] = useState(draft);
  const ready = !busy && text.trim().length > 0;

  function submit(event?: FormEvent) {
    event?.preventDefault();
    if (!ready) return;
    onSend(text.trim());
    setText('');
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    // While an input method composes (e.g. Japanese), Enter confirms the composition instead.
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  }

  return (
    <form className="composer" onSubmit={submit}>
      <label htmlFor="chat-message">Message</label>
      <textarea
        id="chat-message"
        value={text}
        maxLength={MAX_LENGTH}
        rows={draft ? 12 : 3}
        autoFocus={draft !== ''}
        placeholder="e.g. Every weekday at 9, fetch open invoices and email a summary to finance@acme.test"
        aria-describedby="chat-message-hint"
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className="composer-actions">
        <span id="chat-message-hint" className="muted">
          {busy ? 'The assistant is answering…' : 'Enter sends, Shift+Enter adds a line.'}
        </span>
        <button type="submit" disabled={!ready}>
          Send
        </button>
      </div>
    </form>
  );
}
