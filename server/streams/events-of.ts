/**
 * Runs `work`, which reports its progress through `emit`, as an async iterable of what it emits,
 * ending with the event its result becomes. A failure of `work` is thrown to the reader after the
 * events emitted before it. Events wait in a queue, so a slow reader loses none.
 */
export async function* eventsOf<E>(work: (emit: (event: E) => void) => Promise<E>): AsyncGenerator<E> {
  const queue: E[] = [];
  let wake: (() => void) | null = null;
  let settled = false;
  let failed = false;
  let failure: unknown;
  const emit = (event: E) => {
    queue.push(event);
    wake?.();
  };
  void work(emit)
    .then(emit, (error: unknown) => {
      failed = true;
      failure = error;
    })
    .finally(() => {
      settled = true;
      wake?.();
    });
  for (;;) {
    if (queue.length > 0) {
      yield queue.shift()!;
      continue;
    }
    if (settled) break;
    await new Promise<void>((resolve) => (wake = resolve));
    wake = null;
  }
  if (failed) throw failure;
}
