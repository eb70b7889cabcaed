/** Users and roles, and the audit log. */
export function AdminPage() {
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Administration</h1>
    </section>
  );
}
