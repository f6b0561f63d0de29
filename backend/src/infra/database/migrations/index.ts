import { initialSchema } from './001-initial-schema.js';
import { sanitationCases } from './002-sanitation-cases.js';
import { rulesStore } from './003-rules.js';
import { incidentFlapping } from './004-incident-flapping.js';
import { incidentContext } from './005-incident-context.js';
import { watchModes } from './006-watch-modes.js';
import { notificationDeliveries } from './007-notification-deliveries.js';
import { oncall } from './008-oncall.js';
import { escalation } from './009-escalation.js';
import { quietHours } from './010-quiet-hours.js';
import { sessionsAndTokens } from './011-sessions-and-tokens.js';
import { auditQuery } from './012-audit-query.js';
import { earlyClears } from './013-early-clears.js';

export interface Migration {
  id: string;
  sql: string;
}

/** Applied in order, each once, inside a transaction. Never edit a released migration: add one. */
export const MIGRATIONS: readonly Migration[] = [
  initialSchema,
  sanitationCases,
  rulesStore,
  incidentFlapping,
  incidentContext,
  watchModes,
  notificationDeliveries,
  oncall,
  escalation,
  quietHours,
  sessionsAndTokens,
  auditQuery,
  earlyClears,
];
