import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTRPC } from '../../trpc';
import { JsonTextField } from '../../ui/json-text-field';
import { ActionError } from './action-error';
import { outputShapes, type PinnableNode } from './pin-template';

/**
 * A node's output typed as JSON, pinned on the workflow's current version: test runs answer with
 * it. The text must be JSON to be sent; the API checks the shape against the node type's output
 * and its refusal is shown with the text kept, so nothing typed is lost.
 */
export function PinOutputForm({
  workflowId,
  node,
  initialText,
  onPinned,
  onCancel,
}: {
  workflowId: string;
  node: PinnableNode;
  initialText: string;
  onPinned: () => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const titleId = useId();
  const [text, setText] = useState(initialText);
  const [problem, setProblem] = useState<string | null>(null);
  const editor = useRef<HTMLTextAreaElement>(null);
  // Opened by a button: typing starts in the field.
  useEffect(() => editor.current?.focus(), []);
  const pin = useMutation(
    trpc.workflows.pin.mutationOptions({
      onSuccess: (pins) => {
        queryClient.setQueryData(trpc.workflows.pins.queryKey({ workflowId }), pins);
        onPinned();
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    let output: unknown;
    try {
      output = JSON.parse(text);
    } catch (error) {
      setProblem(`The output is not valid JSON: ${(error as Error).message}.`);
      editor.current?.focus();
      return;
    }
    setProblem(null);
    pin.mutate({ workflowId, nodeId: node.id, output });
  }

  return (
    <form className="wf-pin-form" aria-labelledby={titleId} onSubmit={submit}>
      <h3 id={titleId}>Pin the output of {node.name}</h3>
      <JsonTextField
        label="Output (JSON)"
        hint={
          <>
            What a {node.type.replaceAll('_', ' ')} node outputs: <code>{outputShapes[node.type]}</code>. Test runs
            answer with it instead of calling; real runs never read it.
          </>
        }
        problem={problem}
        editorRef={editor}
        className="wf-pin-text"
        rows={10}
        value={text}
        onChange={(next) => {
          setText(next);
          setProblem(null);
        }}
      />
      <div className="toolbar">
        <button type="submit" disabled={pin.isPending}>
          {pin.isPending ? 'Pinning…' : 'Pin output'}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <ActionError error={pin.error} action="pin the output" />
    </form>
  );
}
