/** A failed mutation's error, as tRPC gives it: a message, and the API's data. */
interface ApiError {
  message: string;
  data?: unknown;
}

interface Problem {
  path: string;
  message: string;
}

/** A spec's problems, when the API refused one with them (`data.details.problems`). */
function problemsOf(error: ApiError): Problem[] {
  const problems = (error.data as { details?: { problems?: unknown } } | undefined)?.details?.problems;
  return Array.isArray(problems)
    ? problems.filter((p): p is Problem => typeof p?.path === 'string' && typeof p?.message === 'string')
    : [];
}

/** Why an action failed, in the API's words, with the spec's problems listed when it had some. */
export function ActionError({ error, action }: { error: ApiError | null; action: string }) {
  if (!error) return null;
  const problems = problemsOf(error);
  return (
    <div className="error wf-action-error" role="alert">
      <span>
        Could not {action}: {error.message}
      </span>
      {problems.length > 0 && <ProblemList problems={problems} />}
    </div>
  );
}

/** A spec's problems, each with where it is: `nodes.1.id`, or "spec" for the whole. */
export function ProblemList({ problems }: { problems: Problem[] }) {
  return (
    <ul>
      {problems.map((problem, index) => (
        <li key={index}>
          <code>{problem.path || 'spec'}</code>: {problem.message}
        </li>
      ))}
    </ul>
  );
}
