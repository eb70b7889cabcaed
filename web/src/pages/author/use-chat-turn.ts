import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { trpcClient, useTRPC, type RouterOutputs } from '../../trpc';

type ChatMessage = RouterOutputs['chat']['messages']['messages'][number];

/** A turn while it streams: what the person sent, the reply so far, and any repair rounds. */
export interface StreamingTurn {
  text: string;
  reply: string;
  repairs: Array<{ round: number; problems: Array<{ path: string; message: string }> }>;
}

/** A turn that broke off before the assistant's answer was stored, with the text to send again. */
export interface TurnFailure {
  message: string;
  text: string;
}

/**
 * Sends one chat turn and follows its stream. A send is a one-shot action, so it subscribes from
 * the click itself rather than through `useSubscription`: that hook subscribes again whenever it
 * re-mounts (React's StrictMode does so on purpose), and each subscription of `chat.send` sends
 * the message to the model once more. For the same reason a dropped stream is not retried.
 */
export function useChatTurn(conversationId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [turn, setTurn] = useState<StreamingTurn | null>(null);
  const [failure, setFailure] = useState<TurnFailure | null>(null);
  const stop = useRef<(() => void) | null>(null);

  // Leaving the page stops listening; the server still finishes the turn and stores it.
  useEffect(() => () => stop.current?.(), []);

  function send(text: string) {
    if (stop.current) return;
    setFailure(null);
    setTurn({ text, reply: '', repairs: [] });
    const messagesKey = trpc.chat.messages.queryKey({ conversationId });
    let subscription: ReturnType<typeof trpcClient.chat.send.subscribe> | undefined;
    let stored: ChatMessage | null = null;
    let settled = false;
    const finish = (problem: string | null) => {
      // Unsubscribing completes the stream, which calls back here: the first outcome wins.
      if (settled) return;
      settled = true;
      subscription?.unsubscribe();
      stop.current = null;
      setTurn(null);
      if (problem) {
        setFailure({ message: problem, text });
        // The person's message may have been stored before the stream broke.
        void queryClient.invalidateQueries({ queryKey: messagesKey });
      }
    };
    subscription = trpcClient.chat.send.subscribe(
      { conversationId, text },
      {
        onData(event) {
          if (event.type === 'stored') stored = event.message;
          if (event.type === 'delta')
            setTurn((current) => current && { ...current, reply: current.reply + event.text });
          if (event.type === 'repair')
            setTurn((current) => current && { ...current, repairs: [...current.repairs, event] });
          if (event.type === 'done') {
            // Both messages go into the cached conversation at once, so nothing flickers.
            const received = [stored, event.message].filter((m): m is ChatMessage => m !== null);
            queryClient.setQueryData(
              messagesKey,
              (data) => data && { ...data, messages: withNew(data.messages, received) },
            );
            finish(null);
          }
        },
        onError: (error) => finish(error.message),
        onConnectionStateChange(state) {
          if (state.state === 'connecting' && state.error)
            finish(`The connection to the server was lost: ${state.error.message}`);
        },
        onComplete: () => finish('The server ended the reply before it was complete.'),
      },
    );
    stop.current = () => subscription?.unsubscribe();
  }

  return { turn, failure, send, streaming: turn !== null };
}

/** The cached messages plus those received, skipping any a refetch already brought in. */
function withNew(messages: ChatMessage[], received: ChatMessage[]): ChatMessage[] {
  const known = new Set(messages.map((m) => m.id));
  return [...messages, ...received.filter((m) => !known.has(m.id))];
}
