// ImpulseDelivery's bookkeeping of the processor's replies: applied() settles for every IR, resolving when it
// arrived and rejecting with the processor's error when no engine could be built for it.
import { describe, expect, it } from 'vitest';
import { ImpulseDelivery } from '../../src/web/impulse-delivery.js';
import type { ToProcessor } from '../../worklets/protocol.js';

function delivery() {
  const sent: ToProcessor[] = [];
  const errors: string[] = [];
  const d = new ImpulseDelivery((message) => sent.push(message), {}, (message) => errors.push(message));
  return { d, sent, errors };
}

async function outcome(promise: Promise<void>): Promise<string> {
  return promise.then(
    () => 'resolved',
    (error: Error) => `rejected: ${error.message}`,
  );
}

describe('ImpulseDelivery', () => {
  it('applied() rejects with the processor error when the latest IR could not be applied', async () => {
    const { d, sent } = delivery();
    d.deliver(null);
    const first = d.applied();
    d.acknowledge(1);
    expect(await outcome(first)).toBe('resolved');
    d.deliver(null);
    const waiting = d.applied();
    d.fail(2, 'RangeError: WebAssembly.Memory(): could not allocate memory');
    expect(await outcome(waiting)).toMatch(/^rejected: .*could not apply the impulse response: RangeError: WebAssembly.Memory/);
    expect(await outcome(d.applied())).toMatch(/^rejected/); // still the latest
    expect(sent).toHaveLength(2);
  });

  it('a failure does not taint a later IR that arrived', async () => {
    const { d } = delivery();
    d.deliver(null);
    d.deliver(null);
    const both = d.applied(); // waits for IR 2
    d.fail(1, 'Error: no');
    d.acknowledge(2);
    expect(await outcome(both)).toBe('resolved');
    expect(await outcome(d.applied())).toBe('resolved');
  });

  it('once the processor has finished, everything settles and later IRs settle at once (nothing will answer)', async () => {
    const { d, sent } = delivery();
    d.deliver(null);
    const waiting = d.applied();
    d.close();
    expect(await outcome(waiting)).toBe('resolved');
    d.deliver(null);
    expect(await outcome(d.applied())).toBe('resolved');
    expect(sent).toHaveLength(1); // not posted to a closed port
  });
});
