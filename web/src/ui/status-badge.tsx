/** A run, task or workflow status as a coloured pill; the word is always there, colour only helps. */
export function StatusBadge({ status }: { status: string }) {
  return <span className={`status status-${status}`}>{status.replaceAll('_', ' ')}</span>;
}
