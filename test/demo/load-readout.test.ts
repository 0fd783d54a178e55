// The demo's load panel counts worst blocks and over-budget blocks after a warm-up, so the cold first block after
// Start or an IR change does not show as a red "1 block over budget".
import { describe, expect, it } from 'vitest';
import { LoadReadout } from '../../demo/load-readout.js';

const telemetry = (overBudget: number, peakLoad: number) => ({ meanLoad: 0.1, peakLoad, overBudget, maxLoad: Math.max(peakLoad, 1.034) });

describe('LoadReadout', () => {
  it('says warming up for the first second, and does not count the cold block', () => {
    const ir = {};
    const readout = new LoadReadout(0);
    expect(readout.update(telemetry(1, 1.034), 0.1, ir)).toEqual({ worst: null, over: null }); // the cold block
    expect(readout.update(telemetry(1, 0.2), 0.9, ir)).toEqual({ worst: null, over: null });
    expect(readout.update(telemetry(1, 0.15), 1.2, ir)).toEqual({ worst: 0.15, over: 0 });
  });

  it('counts blocks over budget after the warm-up, and keeps the worst peak since', () => {
    const ir = {};
    const readout = new LoadReadout(0);
    readout.update(telemetry(1, 1.034), 0.5, ir);
    readout.update(telemetry(1, 0.3), 1.5, ir);
    expect(readout.update(telemetry(3, 1.2), 2, ir)).toEqual({ worst: 1.2, over: 2 });
    expect(readout.update(telemetry(3, 0.2), 2.5, ir)).toEqual({ worst: 1.2, over: 2 });
  });

  it('an IR change starts a new warm-up', () => {
    const readout = new LoadReadout(0);
    readout.update(telemetry(0, 0.2), 1.5, 'first');
    expect(readout.update(telemetry(1, 1.5), 1.6, 'second')).toEqual({ worst: null, over: null }); // cold: new IR
    expect(readout.update(telemetry(1, 0.25), 2.7, 'second')).toEqual({ worst: 0.25, over: 0 });
  });
});
