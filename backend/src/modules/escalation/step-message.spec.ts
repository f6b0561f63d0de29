import { describe, expect, it } from 'vitest';
import type { MemberRow } from './escalation.repository.js';
import { type Held, type Recipient, stepMessage } from './step-message.js';

const member = (id: string, username: string | null, display_name: string | null): MemberRow => ({
  id,
  team_id: 'duty',
  username,
  display_name,
  contacts: [],
  quiet_hours: [],
});
const at = new Date('2026-11-03T23:30:00+08:00');
const li: Recipient = { member: member('li', 'lina', null), via: 'on call backup' };
const zhang: Held = {
  member: member('zhang', null, '张三'),
  via: 'on call primary',
  until: new Date('2026-11-04T07:00:00+08:00'),
  timeZone: 'Asia/Shanghai',
};
const weekend: Held = {
  member: member('wang', null, '王五'),
  via: 'named',
  until: new Date('2026-11-06T00:00:00+08:00'),
  timeZone: 'Asia/Shanghai',
};
const step = (round: number, s: number) => ({ round, step: s });
const next = (round: number, s: number, afterMinutes: number) => ({ round, step: s, afterMinutes });

describe('stepMessage', () => {
  it.each<
    [string, ReturnType<typeof step>, Recipient[], Held[], ReturnType<typeof next> | null, string]
  >([
    ['paged only', step(0, 0), [li], [], next(0, 1, 10), 'paged step 1: lina (on call backup)'],
    [
      'nobody at all',
      step(0, 1),
      [],
      [],
      null,
      'escalated to step 2: nobody (no one on call, no usable member)',
    ],
    [
      'some paged, some held',
      step(0, 1),
      [li],
      [zhang],
      next(0, 2, 5),
      'escalated to step 2: lina (on call backup); not paged: 张三 (zhang) (quiet hours until 07:00)',
    ],
    [
      'everyone held, the next step in minutes',
      step(0, 0),
      [],
      [zhang],
      next(0, 1, 10),
      'paged step 1: nobody, everyone is in quiet hours: 张三 (zhang) (quiet hours until 07:00); step 2 follows in 10 min',
    ],
    [
      'everyone held, the next step at once',
      step(0, 0),
      [],
      [zhang],
      next(0, 1, 0),
      'paged step 1: nobody, everyone is in quiet hours: 张三 (zhang) (quiet hours until 07:00); step 2 follows at once',
    ],
    [
      'everyone held, the next round',
      step(0, 2),
      [],
      [zhang, weekend],
      next(1, 0, 20),
      'escalated to step 3: nobody, everyone is in quiet hours: 张三 (zhang) (quiet hours until 07:00), 王五 (wang) (quiet hours until 2026-11-06 00:00); step 1 (round 2) follows in 20 min',
    ],
    [
      'everyone held at the last step',
      step(1, 2),
      [],
      [zhang],
      null,
      'escalated to step 3 (round 2): nobody, everyone is in quiet hours: 张三 (zhang) (quiet hours until 07:00); this was the last step',
    ],
  ])('%s', (_name, job, paged, held, following, expected) => {
    expect(stepMessage(job, paged, held, following, at)).toBe(expected);
  });
});
