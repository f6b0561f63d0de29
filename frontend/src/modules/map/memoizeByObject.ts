/**
 * `build` remembered per input object (weakly): called again with the same object, it gives the same
 * result object. The asset cache keeps untouched assets' objects across live patches, so their map
 * features keep their identity too and the source diff skips them at a glance.
 */
export function memoizeByObject<K extends object, V>(build: (key: K) => V): (key: K) => V {
  const cache = new WeakMap<K, V>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = build(key);
      cache.set(key, value);
    }
    return value;
  };
}
