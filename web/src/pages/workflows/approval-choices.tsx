import type { SpecNode } from '../../../../core/spec/spec.schema';

export type ApprovalChoice = 'approved' | 'rejected';

/**
 * The decision each approval node takes at once in a test run: Approve or Reject, per node,
 * Approve unless changed (as the API assumes for a node it is told nothing about).
 */
export function ApprovalChoices({
  approvals,
  choices,
  onChange,
}: {
  approvals: ReadonlyArray<Pick<SpecNode, 'id' | 'name'>>;
  choices: Record<string, ApprovalChoice>;
  onChange: (nodeId: string, choice: ApprovalChoice) => void;
}) {
  if (approvals.length === 0) return null;
  return (
    <fieldset className="wf-approval-choices">
      <legend>Approvals</legend>
      <p className="muted">A test does not wait for a person: each approval takes the decision chosen here.</p>
      {approvals.map((node) => (
        <fieldset key={node.id} className="wf-approval-choice">
          <legend>{node.name}</legend>
          {(['approved', 'rejected'] as const).map((choice) => (
            <label key={choice}>
              <input
                type="radio"
                name={`approval-${node.id}`}
                value={choice}
                checked={(choices[node.id] ?? 'approved') === choice}
                onChange={() => onChange(node.id, choice)}
              />
              {choice === 'approved' ? 'Approve' : 'Reject'}
            </label>
          ))}
        </fieldset>
      ))}
    </fieldset>
  );
}
