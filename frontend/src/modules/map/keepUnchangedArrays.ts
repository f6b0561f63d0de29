/**
 * `next`, except that each array holding exactly the same objects as its counterpart in `previous`
 * is the previous array itself (and the previous record when nothing changed). A live batch usually
 * touches one asset layer; the others then keep their identity and their map sources skip the diff.
 */
export function keepUnchangedArrays<K extends string, T>(
  previous: Readonly<Record<K, readonly T[]>> | null,
  next: Record<K, T[]>,
): Record<K, readonly T[]> {
  if (!previous) return next;
  let changed = false;
  const kept = {} as Record<K, readonly T[]>;
  for (const key of Object.keys(next) as K[]) {
    const before = previous[key];
    const after = next[key];
    const same =
      before !== undefined &&
      before.length === after.length &&
      after.every((item, i) => item === before[i]);
    kept[key] = same ? before : after;
    if (!same) changed = true;
  }
  return changed || Object.keys(previous).length !== Object.keys(next).length ? kept : previous;
}

/** keepUnchangedArrays against the record this keeper gave last time. */
export function createArrayKeeper<K extends string, T>() {
  let previous: Readonly<Record<K, readonly T[]>> | null = null;
  return (next: Record<K, T[]>): Record<K, readonly T[]> => {
    previous = keepUnchangedArrays(previous, next);
    return previous;
  };
}
