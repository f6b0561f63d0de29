/**
 * A valid body per write route (`METHOD path`, as the access matrix names it), shaped by the
 * contracts' zod schemas: the corpus mutates these one field at a time, so that the hostile value
 * is the only thing wrong and reaches the deepest check. A route missing here (added later) still
 * gets every generic hostile body; add it here to get mutations too.
 *
 * None of them changes anything the tests rely on: ids point at nothing (PUT/PATCH answer 404), the
 * password change carries a wrong current password, login a user that does not exist.
 */
const HOUR = 3_600_000;
const windowOf = () => ({
  from: new Date(Date.now() - 3 * HOUR).toISOString(),
  to: new Date(Date.now() - 2 * HOUR).toISOString(),
});

/** The on-call team the schedule and route examples name: created before the corpus runs. */
export const EXAMPLE_TEAM = 'hostile-team';

/** Path parameters an example needs to be valid (the body's id must be the path's). */
export const EXAMPLE_PARAMS: Record<string, Record<string, string>> = {
  'PUT /api/rules/:id': { id: 'hostile-supply-low' },
};

/** The answer a valid example gets on purpose (the wrong current password). */
export const EXAMPLE_REFUSALS: Record<string, string> = {
  'POST /api/auth/password': 'The current password is wrong',
};

const rule = {
  id: 'hostile-supply-low',
  name: '供水温度低 Supply temperature low',
  domain: 'heating',
  type: 'threshold',
  metric: 'supplyTempC',
  assetKinds: ['heat_station'],
  direction: 'below',
  levels: [
    { severity: 'yellow', value: 55 },
    { severity: 'red', value: 45 },
  ],
  clear: 58,
  title: '{asset}：供水 {value} °C',
};

const team = {
  name: '防汛值班 Flood duty',
  description: 'hostile corpus team',
  members: [
    {
      id: 'zhang',
      displayName: 'Zhang Wei',
      contacts: [{ kind: 'email', address: 'zhang@example.test' }],
    },
  ],
};

const schedule = {
  teamId: EXAMPLE_TEAM,
  name: 'primary',
  timeZone: 'Asia/Shanghai',
  layers: [
    {
      name: 'always',
      rotation: { type: 'daily', handoffTime: '00:00', startsAt: '2026-01-01', members: ['zhang'] },
    },
  ],
};

const route = { order: 7, match: { domains: ['waterlogging'] }, teamId: EXAMPLE_TEAM };

const policy = {
  name: '防汛升级 Flood escalation',
  steps: [{ afterMinutes: 0, notify: [{ kind: 'oncall' }] }],
};

const silence = () => ({
  matchers: { district: '120101', domain: 'heating' },
  startsAt: new Date(Date.now() + HOUR).toISOString(),
  endsAt: new Date(Date.now() + 2 * HOUR).toISOString(),
  reason: '换热站检修 planned maintenance',
});

export function validExamples(): Record<string, Record<string, unknown>> {
  return {
    'POST /api/auth/login': { username: 'nobody-hostile', password: 'not-a-real-password' },
    'POST /api/auth/refresh': { refreshToken: 'crs_nothing_nothing' },
    'POST /api/auth/password': {
      currentPassword: 'not-the-current-password',
      newPassword: '一个足够长的新口令 new passphrase',
    },
    'POST /api/users': {
      username: 'hostile-new-user',
      role: 'operator',
      districts: ['120101'],
      password: 'a-long-enough-password',
    },
    'PATCH /api/users/:username': { role: 'operator', districts: ['120101'] },
    'POST /api/tokens': {
      kind: 'api',
      name: 'hostile integration',
      scopes: ['incidents:read'],
      role: 'operator',
      expiresInDays: 30,
    },
    'POST /api/incidents/:id/acknowledge': { note: 'on my way' },
    'POST /api/incidents/:id/resolve': { note: 'pumped out' },
    'POST /api/incidents/:id/assign': { assignee: 'op1', note: 'yours' },
    'POST /api/incidents/:id/comments': { text: '现场已处理 handled on site' },
    'POST /api/maintenance/:id/resolve': { note: 'sensor replaced' },
    'POST /api/oncall/teams': { id: EXAMPLE_TEAM, ...team },
    'PUT /api/oncall/teams/:id': team,
    'POST /api/oncall/schedules': { id: 'hostile-schedule', ...schedule },
    'PUT /api/oncall/schedules/:id': schedule,
    'POST /api/oncall/routes': { id: 'hostile-route', ...route },
    'PUT /api/oncall/routes/:id': route,
    'POST /api/oncall/escalation-policies': { id: 'hostile-policy', ...policy },
    'PUT /api/oncall/escalation-policies/:id': policy,
    'POST /api/rules': rule,
    'PUT /api/rules/:id': { ...rule, version: 1 },
    'POST /api/rules/:id/backtest': { ...windowOf(), district: '120101', assetIds: ['WL-0001'] },
    'POST /api/rules/backtest': { rule: { ...rule, id: 'hostile-draft' }, ...windowOf() },
    'POST /api/silences': silence(),
    'PUT /api/silences/:id': silence(),
    'POST /api/watch': { kind: 'rainstorm', scope: '120101', reason: '暴雨预警 rain warning' },
    'POST /api/watch/:id/end': { note: 'rain stopped' },
  };
}
