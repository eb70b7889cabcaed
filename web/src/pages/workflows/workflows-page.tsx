/** Every workflow the user may see, with status and trigger. */
export function WorkflowsPage() {
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Workflows</h1>
    </section>
  );
}
