// What every process, the bench and the test stacks rely on when they stop what they started.
import { stopAllOrThrow, stopStack } from '../../platform/stop-stack';

it('stops newest first, and a failing stop neither stops the others nor hides its error', async () => {
  const order: string[] = [];
  const seen: unknown[] = [];
  const stops = stopStack((err) => seen.push(err));
  stops.add(() => order.push('database'));
  stops.add(async () => {
    order.push('connection');
    throw new Error('connection already closed');
  });
  stops.add(async () => {
    order.push('worker');
  });
  const errors = await stops.stopAll();
  expect(order).toEqual(['worker', 'connection', 'database']);
  expect(errors.map((e) => (e as Error).message)).toEqual(['connection already closed']);
  expect(seen).toEqual(errors);
});

it('runs each stop once, however often stopping is asked, also while it is under way', async () => {
  let stopped = 0;
  const stops = stopStack();
  stops.add(async () => {
    stopped++;
    // A second Ctrl-C while the first is still stopping.
    await stops.stopAll();
  });
  await Promise.all([stops.stopAll(), stops.stopAll()]);
  await stops.stopAll();
  expect(stopped).toBe(1);
});

it('stopAllOrThrow throws what failed after running every stop', async () => {
  const order: string[] = [];
  const stops = stopStack();
  stops.add(() => order.push('first'));
  stops.add(() => {
    throw new Error('one');
  });
  stops.add(() => {
    throw new Error('two');
  });
  await expect(stopAllOrThrow(stops)).rejects.toThrow('2 of the stops failed');
  expect(order).toEqual(['first']);
  const single = stopStack();
  single.add(() => {
    throw new Error('alone');
  });
  await expect(stopAllOrThrow(single)).rejects.toThrow('alone');
});
