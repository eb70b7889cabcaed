import { useEffect, useRef } from 'react';
import { ChatMessageView, type ChatMessage } from './chat-message';
import type { StreamingTurn } from './use-chat-turn';

/**
 * The conversation as a log, newest at the bottom, kept scrolled to the end as messages and
 * streamed text arrive. While a turn streams the log is busy, so screen readers announce the
 * finished answer once rather than every fragment.
 */
export function MessageList({ messages, turn }: { messages: ChatMessage[]; turn: StreamingTurn | null }) {
  const log = useRef<HTMLOListElement>(null);
  const streaming = turn !== null;
  const streamedLength = turn ? turn.reply.length + turn.repairs.length : 0;
  useEffect(() => {
    log.current?.scrollTo({ top: log.current.scrollHeight });
  }, [messages.length, streaming, streamedLength]);

  return (
    <ol className="chat-log" role="log" aria-label="Conversation" aria-busy={streaming} tabIndex={0} ref={log}>
      {messages.map((message) => (
        <ChatMessageView key={message.id} message={message} />
      ))}
      {turn && (
        <>
          <li className="chat-message from-user">
            <span className="chat-author">You</span>
            <p className="chat-text">{turn.text}</p>
          </li>
          <li className="chat-message from-assistant streaming" aria-label="Reply being written">
            <span className="chat-author">Assistant</span>
            <p className="chat-text">{turn.reply || <span className="muted">Thinking…</span>}</p>
            {turn.repairs.map((repair) => (
              <p key={repair.round} className="chat-note">
                The proposal had {repair.problems.length === 1 ? 'a problem' : `${repair.problems.length} problems`} (
                {repair.problems[0]?.message}); asking the model to fix {repair.problems.length === 1 ? 'it' : 'them'}{' '}
                (round {repair.round}).
              </p>
            ))}
          </li>
        </>
      )}
    </ol>
  );
}
