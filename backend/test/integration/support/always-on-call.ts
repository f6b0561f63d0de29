/** A schedule body that has `member` on call around the clock (one layer, daily handoff at 00:00). */
export function alwaysOnCall(id: string, teamId: string, member: string) {
  return {
    id,
    teamId,
    layers: [
      {
        name: 'always',
        rotation: {
          type: 'daily',
          handoffTime: '00:00',
          startsAt: '2026-01-01',
          members: [member],
        },
      },
    ],
  };
}
