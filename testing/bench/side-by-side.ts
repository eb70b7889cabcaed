/**
 * Runs `count` callers at once, each looping while `going()` says so. When one fails, the others
 * stop after the call they are in, and the first error is thrown once all have stopped. A bench
 * that fails then closes its stack with no call in flight, and reports its own error: a call left
 * running would meet the closed Temporal client, whose retry timer throws grpc-js's "Channel has
 * been shut down" and ends the process in its place.
 */
export async function sideBySide(count: number, caller: (going: () => boolean) => Promise<void>): Promise<void> {
  const failures: unknown[] = [];
  const going = () => failures.length === 0;
  await Promise.all(
    Array.from({ length: count }, () => caller(going).catch((error: unknown) => void failures.push(error))),
  );
  if (failures.length > 0) throw failures[0];
}
