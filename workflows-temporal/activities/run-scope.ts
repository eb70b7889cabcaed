/** What templates read: the trigger payload, upstream outputs by node id, and the run's ids. */
export interface RunScope {
  trigger: unknown;
  nodes: Record<string, unknown>;
  run: { id: string; workflowId: string };
  [key: string]: unknown;
}
