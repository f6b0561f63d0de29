/** The list with `value` added (kept in the canonical `order`) or, when it is there, removed. */
export function toggleValue<T extends string>(
  list: readonly T[],
  value: T,
  order: readonly T[],
): T[] {
  const next = new Set(list);
  if (next.has(value)) next.delete(value);
  else next.add(value);
  return order.filter((item) => next.has(item));
}
