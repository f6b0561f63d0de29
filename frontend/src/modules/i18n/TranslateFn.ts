import type { MessageKey } from './MessageKey';

/** The `t` function components receive from `useI18n`. */
export type TranslateFn = (key: MessageKey, params?: Record<string, string | number>) => string;
