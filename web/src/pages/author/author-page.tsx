import { Link, useParams, useSearchParams } from 'react-router';
import { ErrorMessage } from '../../ui/query-view';
import { ConversationView } from './conversation-view';
import { StartConversation } from './start-conversation';
import './author.css';
import { isUuid } from '../../../../core/db/uuid';

/**
 * Chat on one side, the proposed workflow on the other. /author starts a conversation (about the
 * workflow in `?workflowId=`, if any) and moves to /author/:conversationId, which reopens it.
 */
export function AuthorPage() {
  const { conversationId } = useParams();
  const [search] = useSearchParams();
  const workflowId = search.get('workflowId');
  return (
    <section aria-labelledby="page-title" className="author-page">
      <h1 id="page-title">Author a workflow</h1>
      {/* An address that cannot hold an id gets the same answer as an id of nothing of yours, rather
          than the API's input-validation message. */}
      {conversationId ? (
        isUuid(conversationId) ? (
          <ConversationView key={conversationId} conversationId={conversationId} />
        ) : (
          <NotFound message="Could not load the conversation: No such conversation." />
        )
      ) : workflowId && !isUuid(workflowId) ? (
        <NotFound message="Could not start a conversation: No such workflow." />
      ) : (
        // A new key per target starts afresh when only the query string changes.
        <StartConversation key={workflowId ?? 'new'} workflowId={workflowId} />
      )}
    </section>
  );
}

function NotFound({ message }: { message: string }) {
  return (
    <>
      <ErrorMessage message={message} />
      <p>
        <Link to="/author">Start a new conversation</Link>
      </p>
    </>
  );
}
