import { expect, it } from 'vitest';
import { eventsOf } from './events-of';

const collect = async <E>(iterable: AsyncIterable<E>) => {
  const events: E[] = [];
  for await (const event of iterable) events.push(event);
  return events;
};

it('yields what the work emits, in order, then its result', async () => {
  const events = eventsOf<string>(async (emit) => {
    emit('a');
    await new Promise((resolve) => setTimeout(resolve, 5));
    emit('b');
    emit('c');
    return 'done';
  });
  expect(await collect(events)).toEqual(['a', 'b', 'c', 'done']);
});

it('keeps events a slow reader has not taken yet', async () => {
  const iterator = eventsOf<number>(async (emit) => {
    for (let i = 0; i < 5; i++) emit(i);
    return 5;
  });
  await new Promise((resolve) => setTimeout(resolve, 10));
  expect(await collect(iterator)).toEqual([0, 1, 2, 3, 4, 5]);
});

it('throws the failure of the work after the events emitted before it', async () => {
  const seen: string[] = [];
  const failing = eventsOf<string>(async (emit) => {
    emit('started');
    throw new Error('the model timed out');
  });
  await expect(
    (async () => {
      for await (const event of failing) seen.push(event);
    })(),
  ).rejects.toThrow('the model timed out');
  expect(seen).toEqual(['started']);
});
