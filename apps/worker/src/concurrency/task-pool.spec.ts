import { TaskPool } from './task-pool';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('TaskPool', () => {
  it('never runs more than its concurrency at once and runs everything', async () => {
    const pool = new TaskPool(3);
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    for (let index = 0; index < 10; index += 1) {
      pool.submit(async () => {
        running += 1;
        peak = Math.max(peak, running);
        await tick();
        running -= 1;
        done.push(index);
      });
    }
    await pool.onIdle();
    expect(peak).toBe(3);
    expect(done.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('drops queued tasks on clearQueue and lets running ones finish', async () => {
    const pool = new TaskPool(1);
    const events: string[] = [];
    pool.submit(async () => {
      await tick();
      events.push('ran 1');
    });
    pool.submit(
      () => Promise.resolve(void events.push('ran 2')),
      () => events.push('dropped 2'),
    );
    expect(pool.clearQueue()).toBe(1);
    await pool.onIdle();
    expect(events).toEqual(['dropped 2', 'ran 1']);
  });

  it('keeps going after a task rejects', async () => {
    const pool = new TaskPool(1);
    let ran = false;
    pool.submit(() => Promise.reject(new Error('boom')));
    pool.submit(() => Promise.resolve(void (ran = true)));
    await pool.onIdle();
    expect(ran).toBe(true);
  });

  it('gives a freed place to the key with the fewest running, so a slow key cannot hold them all', async () => {
    const pool = new TaskPool(4);
    const slow: (() => void)[] = [];
    const started: string[] = [];
    // Four slow tasks take every place, more slow ones and some fast ones wait.
    for (let index = 0; index < 8; index += 1)
      pool.submit(
        () =>
          new Promise<void>((resolve) =>
            slow.push(() => {
              started.push('slow');
              resolve();
            }),
          ),
        undefined,
        'slow',
      );
    for (let index = 0; index < 3; index += 1)
      pool.submit(() => Promise.resolve(void started.push('fast')), undefined, 'fast');
    expect(pool.running).toBe(4);
    // One slow task ends: its place goes to the fast key (0 running), which then drains.
    slow.shift()!();
    for (let index = 0; index < 5; index += 1) await tick();
    expect(started).toEqual(['slow', 'fast', 'fast', 'fast']);
    expect(pool.running).toBe(4);
    pool.clearQueue();
    for (const resolve of slow.splice(0)) resolve();
    await pool.onIdle();
  });

  it('runs a key with its own places on those only, beside every shared place', async () => {
    const pool = new TaskPool(4);
    const release: (() => void)[] = [];
    const hold = () => new Promise<void>((resolve) => release.push(resolve));
    for (let index = 0; index < 5; index += 1) pool.submit(hold, undefined, 'own', 2);
    expect(pool.running).toBe(2);
    expect(pool.sharedPlaceFree).toBe(true);
    for (let index = 0; index < 5; index += 1) pool.submit(hold, undefined, 'shared');
    expect(pool.running).toBe(6);
    expect(pool.sharedPlaceFree).toBe(false);
    expect(pool.waiting).toBe(4);
    // A shared task ending frees a shared place: the waiting shared task takes it, not 'own'.
    release.pop()!();
    await tick();
    await tick();
    expect(pool.running).toBe(6);
    expect(pool.sizeOf('own')).toBe(5);
    expect(pool.sizeOf('shared')).toBe(4);
    pool.clearQueue();
    for (const resolve of release.splice(0)) resolve();
    await pool.onIdle();
  });
});
