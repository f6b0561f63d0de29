import type { MessageKey } from './MessageKey';

/** Looks a key up in a dictionary and fills `{name}` placeholders; an unknown placeholder stays visible. */
export function translate(
  dictionary: Record<MessageKey, string>,
  key: MessageKey,
  params?: Record<string, string | number>,
): string {
  const template = dictionary[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : match,
  );
}
