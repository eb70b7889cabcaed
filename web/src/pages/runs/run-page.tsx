/** One run: each node's status, attempts, timings, logs and output, live. */
export function RunPage() {
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Run</h1>
    </section>
  );
}
