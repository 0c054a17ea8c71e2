import type { ClaimedDelivery } from '../deliveries/claim-deliveries';
import { Dispatcher } from './dispatcher';

function delivery(id: string, channelId = 'webhook'): ClaimedDelivery {
  return {
    id,
    publicationId: 'publication',
    subscriberId: `subscriber-${id}`,
    channelId,
    attempts: 1,
    email: `${id}@example.test`,
    personalizationData: {},
  };
}

/** A dispatcher whose sends wait until `finish(id)` is called. */
function harness(options: { concurrency: number; lookahead: number; emailCap?: number }) {
  const marked: string[] = [];
  const started: string[] = [];
  const released: string[] = [];
  const finishers = new Map<string, () => void>();
  const dispatcher = new Dispatcher({
    concurrency: options.concurrency,
    lookahead: options.lookahead,
    ownPlacesOf: (channelId) => (channelId === 'email' ? options.emailCap : undefined),
    mark: (held) => {
      marked.push(held.id);
      return Promise.resolve(true);
    },
    send: async (held, mark) => {
      if (!(await mark)) return;
      started.push(held.id);
      await new Promise<void>((resolve) => finishers.set(held.id, resolve));
    },
    release: (held) => released.push(held.id),
  });
  const finish = async (id: string) => {
    finishers.get(id)!();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { dispatcher, marked, started, released, finish };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('Dispatcher', () => {
  it('marks deliveries as they enter the pool, at most the look-ahead beyond those running', async () => {
    const { dispatcher, marked, started } = harness({ concurrency: 2, lookahead: 2 });
    for (let index = 0; index < 10; index += 1) dispatcher.at(delivery(`d${index}`), 0);
    await settle();
    expect(started).toEqual(['d0', 'd1']);
    expect(marked).toEqual(['d0', 'd1', 'd2', 'd3']);
  });

  it('refills the queue in batches once half of the look-ahead has started', async () => {
    const { dispatcher, marked, finish } = harness({ concurrency: 4, lookahead: 4 });
    for (let index = 0; index < 16; index += 1) dispatcher.at(delivery(`d${index}`), 0);
    await settle();
    // 4 running, 3 queued: the fourth arrived with the queue above half full.
    expect(marked).toHaveLength(7);
    await finish('d0');
    // 2 queued, half the look-ahead: refilled to 4 in one go.
    expect(marked).toHaveLength(9);
    await finish('d1');
    // 3 queued: no mark.
    expect(marked).toHaveLength(9);
    await finish('d2');
    expect(marked).toHaveLength(11);
  });

  it('keeps a capped channel from filling the queue: another channel still gets places', async () => {
    const { dispatcher, started } = harness({ concurrency: 4, lookahead: 4, emailCap: 1 });
    for (let index = 0; index < 6; index += 1) dispatcher.at(delivery(`e${index}`, 'email'), 0);
    dispatcher.at(delivery('w0'), 0);
    dispatcher.at(delivery('w1'), 0);
    await settle();
    expect(started.filter((id) => id.startsWith('e'))).toEqual(['e0']);
    expect(started).toEqual(expect.arrayContaining(['w0', 'w1']));
  });

  it("runs an email channel's sends on its own places: the webhooks keep every shared one", async () => {
    const { dispatcher, started } = harness({ concurrency: 2, lookahead: 2, emailCap: 2 });
    for (let index = 0; index < 4; index += 1) dispatcher.at(delivery(`e${index}`, 'email'), 0);
    for (let index = 0; index < 4; index += 1) dispatcher.at(delivery(`w${index}`), 0);
    await settle();
    expect(started.filter((id) => id.startsWith('e'))).toEqual(['e0', 'e1']);
    expect(started.filter((id) => id.startsWith('w'))).toEqual(['w0', 'w1']);
    expect(dispatcher.running).toBe(4);
  });

  it('hands back on stop what waits for its slot, its turn or a place', async () => {
    const { dispatcher, started, released } = harness({ concurrency: 1, lookahead: 1 });
    dispatcher.at(delivery('running'), 0);
    dispatcher.at(delivery('queued'), 0);
    dispatcher.at(delivery('due'), 0);
    dispatcher.at(delivery('later'), 60_000);
    await settle();
    expect(started).toEqual(['running']);
    expect(dispatcher.isWaitingForSlot('later')).toBe(true);
    expect(dispatcher.stop()).toBe(3);
    expect(released.sort()).toEqual(['due', 'later', 'queued']);
  });
});
