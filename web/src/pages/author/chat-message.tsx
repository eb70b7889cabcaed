import { useId } from 'react';
import type { RouterOutputs } from '../../trpc';
import { formatDuration } from '../../ui/format';

export type ChatMessage = RouterOutputs['chat']['messages']['messages'][number];

const count = new Intl.NumberFormat();

const proposalNotes: Record<NonNullable<ChatMessage['proposalStatus']>, string> = {
  proposed: 'Proposed a workflow: review it beside the chat.',
  accepted: 'Proposal accepted.',
  discarded: 'Proposal discarded.',
  invalid: 'Proposal with problems: it cannot be accepted.',
};

/** One message of the conversation: the person's, or the assistant's with its questions and figures. */
export function ChatMessageView({ message }: { message: ChatMessage }) {
  if (message.role === 'user') {
    return (
      <li className="chat-message from-user">
        <span className="chat-author">You</span>
        <p className="chat-text">{message.content}</p>
      </li>
    );
  }
  return (
    <li className={message.error ? 'chat-message from-assistant failed' : 'chat-message from-assistant'}>
      <span className="chat-author">{message.error ? 'Assistant · no answer' : 'Assistant'}</span>
      <p className="chat-text">{message.content}</p>
      <Questions questions={message.questions} />
      {message.proposalStatus && <p className="chat-note">{proposalNotes[message.proposalStatus]}</p>}
      <TurnFigures message={message} />
    </li>
  );
}

/** What the assistant needs to know before it can propose: a list of its own, not buried in prose. */
export function Questions({ questions }: { questions: readonly string[] }) {
  const titleId = useId();
  if (questions.length === 0) return null;
  return (
    <div className="chat-questions">
      <p id={titleId} className="chat-questions-title">
        {questions.length === 1 ? 'The assistant asks:' : `The assistant asks ${questions.length} questions:`}
      </p>
      <ol aria-labelledby={titleId}>
        {questions.map((question, index) => (
          <li key={index}>{question}</li>
        ))}
      </ol>
    </div>
  );
}

/** What the turn cost and took: tokens in and out, time, model, repair rounds. */
function TurnFigures({ message }: { message: ChatMessage }) {
  // A turn that never reached a model (none configured) has no figures to show.
  if (message.model === null) return null;
  const figures = [
    `${count.format(message.promptTokens ?? 0)} tokens in`,
    `${count.format(message.completionTokens ?? 0)} tokens out`,
    formatDuration(message.latencyMs),
    message.model,
    ...(message.repairRounds > 0
      ? [`${message.repairRounds} repair ${message.repairRounds === 1 ? 'round' : 'rounds'}`]
      : []),
  ];
  return (
    <p className="chat-figures" title={message.promptVersion ? `Prompt ${message.promptVersion}` : undefined}>
      {figures.join(' · ')}
    </p>
  );
}
