import { skipToken, useQuery } from '@tanstack/react-query';
import { Link, useLocation } from 'react-router';
import { useTRPC } from '../../trpc';
import { ErrorMessage, QueryView } from '../../ui/query-view';
import { Composer } from './composer';
import { MessageList } from './message-list';
import { ProposalPanel } from './proposal-panel';
import { useChatTurn } from './use-chat-turn';

/** A conversation: the chat on the left, its latest proposal on the right. */
export function ConversationView({ conversationId }: { conversationId: string }) {
  const trpc = useTRPC();
  const conversation = useQuery(trpc.chat.messages.queryOptions({ conversationId }));
  const workflowId = conversation.data?.workflowId ?? null;
  const workflow = useQuery(trpc.workflows.get.queryOptions(workflowId ? { workflowId } : skipToken));
  const { turn, failure, send, streaming } = useChatTurn(conversationId);
  const system = useQuery(trpc.system.info.queryOptions());
  // "Fix in chat" arrives with the failure's report as the first message to send.
  const draft = (useLocation().state as { draft?: unknown } | null)?.draft;

  return (
    <>
      <div className="author-subtitle">
        {workflowId ? (
          <QueryView query={workflow} label="the workflow">
            {(w) => (
              <p>
                Editing <Link to={`/workflows/${w.id}`}>{w.name}</Link>
              </p>
            )}
          </QueryView>
        ) : (
          <p className="muted">
            A new workflow. Describe it in your own words; the assistant asks when something essential is missing.
          </p>
        )}
        <Link to={workflowId ? `/author?workflowId=${workflowId}` : '/author'}>New conversation</Link>
      </div>
      {system.data?.llmConfigured === false && (
        <p className="notice" role="note">
          No language model is configured on this server, so the assistant cannot answer yet: an operator sets{' '}
          <code>OPENAI_API_KEY</code> (and <code>OPENAI_BASE_URL</code> for another OpenAI-compatible endpoint).
          Meanwhile you can write a workflow's spec as JSON on the <Link to="/workflows">Workflows</Link> page and run
          it.
        </p>
      )}
      <QueryView query={conversation} label="the conversation">
        {(data) => (
          <div className="author-layout">
            <section className="panel chat-panel" aria-labelledby="chat-title">
              <h2 id="chat-title">Conversation</h2>
              {data.messages.length === 0 && !turn && (
                <p className="muted">
                  Say what should start the workflow (by hand, a schedule or a webhook), what it should fetch or
                  compute, and where the results should go.
                </p>
              )}
              <MessageList messages={data.messages} turn={turn} />
              {failure && (
                <ErrorMessage
                  message={`Your message did not get an answer: ${failure.message}`}
                  onRetry={() => send(failure.text)}
                />
              )}
              <Composer
                busy={streaming}
                onSend={send}
                draft={typeof draft === 'string' && data.messages.length === 0 ? draft : ''}
              />
            </section>
            <ProposalPanel
              conversationId={conversationId}
              workflowId={workflowId}
              workflowName={workflow.data?.name ?? null}
              messages={data.messages}
            />
          </div>
        )}
      </QueryView>
    </>
  );
}
