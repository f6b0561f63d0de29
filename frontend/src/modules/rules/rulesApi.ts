import {
  type BacktestDraftRequest,
  type BacktestRequest,
  BacktestSchema,
  type Rule,
  RuleDetailSchema,
  StoredRuleSchema,
} from '@cityops/contracts';
import { z } from 'zod';
import { apiRequest } from '../api/apiRequest';

/** GET /api/rules answers `{items}`. */
const StoredRuleListSchema = z.object({ items: z.array(StoredRuleSchema) });

const rulePath = (id: string) => `/api/rules/${encodeURIComponent(id)}`;

/** The rule store and backtests (/api/rules, /api/backtests), each answer checked by its schema. */
export const rulesApi = {
  list: (archived: boolean, signal?: AbortSignal) =>
    apiRequest(`/api/rules${archived ? '?archived=true' : ''}`, {
      signal,
      schema: StoredRuleListSchema,
    }),

  get: (id: string, signal?: AbortSignal) =>
    apiRequest(rulePath(id), { signal, schema: RuleDetailSchema }),

  create: (rule: Rule) =>
    apiRequest('/api/rules', { method: 'POST', body: rule, schema: StoredRuleSchema }),

  /** The whole rule with the `version` it was edited from; 409 when it changed meanwhile. */
  update: (rule: Rule) =>
    apiRequest(rulePath(rule.id), { method: 'PUT', body: rule, schema: StoredRuleSchema }),

  setEnabled: (id: string, enabled: boolean) =>
    apiRequest(`${rulePath(id)}/${enabled ? 'enable' : 'disable'}`, {
      method: 'POST',
      schema: StoredRuleSchema,
    }),

  /** DELETE: archived (and disabled), never removed. */
  archive: (id: string) => apiRequest(rulePath(id), { method: 'DELETE', schema: StoredRuleSchema }),

  backtestStored: (id: string, body: BacktestRequest) =>
    apiRequest(`${rulePath(id)}/backtest`, {
      method: 'POST',
      body,
      schema: BacktestSchema,
      timeoutMs: 60_000,
    }),

  backtestDraft: (body: BacktestDraftRequest) =>
    apiRequest('/api/rules/backtest', {
      method: 'POST',
      body,
      schema: BacktestSchema,
      timeoutMs: 60_000,
    }),

  backtest: (id: string, signal?: AbortSignal) =>
    apiRequest(`/api/backtests/${encodeURIComponent(id)}`, { signal, schema: BacktestSchema }),
};
