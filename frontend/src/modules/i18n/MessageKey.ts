import type { zhCN } from './zhCN';

/** Every message the UI can show; `zhCN` is the reference dictionary. */
export type MessageKey = keyof typeof zhCN;
