import { describe, expect, it } from 'vitest';
import type { WireReading } from './heating/reading-log.js';
import { silentLogger } from './lib/logger.js';
import { Simulation } from './simulation.js';
import type { ReadingPublisher } from './waterlogging/mqtt-publisher.js';

const START = Date.parse('2026-11-26T08:00:00+08:00');

/** A simulation on a clock that moves 10 s a tick, publishing into an array. */
function simulation(seed: string, scale: number) {
  let clock = START;
  const published: WireReading[][] = [];
  const mqtt: ReadingPublisher = {
    publish: (_d, readings) => {
      published.push([...readings]);
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
  const sim = new Simulation({
    seed,
    scale,
    tickMs: 10_000,
    logger: silentLogger,
    now: () => clock,
    mqtt,
  });
  const tick = async () => {
    clock += 10_000;
    return sim.tick();
  };
  return { sim, tick, published };
}

describe('Simulation', () => {
  it('produces the same readings, water and cases for the same seed and clock (scale 0.01)', async () => {
    const a = simulation('det', 0.01);
    const b = simulation('det', 0.01);
    for (let i = 0; i < 5; i++) {
      await a.tick();
      await b.tick();
    }
    expect(a.sim.readingsPage(null, 5000).readings).toEqual(
      b.sim.readingsPage(null, 5000).readings,
    );
    expect(a.published).toEqual(b.published);
    expect(a.sim.sanitation.page(null, '5000')).toEqual(b.sim.sanitation.page(null, '5000'));
    const c = simulation('other', 0.01);
    await c.tick();
    expect(c.sim.readingsPage(null, 10).readings).not.toEqual(
      a.sim.readingsPage(null, 10).readings,
    );
  });

  it('runs the full city: 22 012 heating readings and 340 waterlogging readings a tick, the same for the same seed', async () => {
    const a = simulation('det', 1);
    const b = simulation('det', 1);
    const result = await a.tick();
    await b.tick();
    expect(result.readings).toBe(12 + 2000 + 20_000);
    expect(result.waterloggingPublished).toBe(300 + 40);
    expect(a.sim.readingsPage(null, 5000)).toEqual(b.sim.readingsPage(null, 5000));
    expect(a.published).toEqual(b.published);
  });

  it('keeps a bounded reading log that holds at least five ticks of the full city', async () => {
    const { sim, tick } = simulation('ring', 1);
    expect(sim.log.capacity).toBeGreaterThanOrEqual(5 * 22_012);
    for (let i = 0; i < 12; i++) await tick();
    expect(sim.log.size).toBe(sim.log.capacity);
    expect(sim.log.lastSeq).toBe(12 * 22_012);
  });
});
