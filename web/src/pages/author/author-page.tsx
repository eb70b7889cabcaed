/** Chat on one side, the proposed workflow on the other. */
export function AuthorPage() {
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Author a workflow</h1>
    </section>
  );
}
