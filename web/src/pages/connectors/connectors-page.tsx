/** Connectors and secrets: create, edit, test; secret values are never shown again. */
export function ConnectorsPage() {
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Connectors and secrets</h1>
    </section>
  );
}
