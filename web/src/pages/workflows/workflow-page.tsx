/** One workflow: graph, versions, trigger, activation, run now. */
export function WorkflowPage() {
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Workflow</h1>
    </section>
  );
}
