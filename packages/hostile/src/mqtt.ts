/** Whether an MQTT topic filter (with + and #) matches a topic name. */
export function mqttTopicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  if (topic.startsWith('$') && (f[0] === '+' || f[0] === '#')) return false;
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

/** Topic levels that are wrong as a sensor id (the level between the prefix and `reading`). */
function hostileLevels(): string[] {
  return [
    '',
    ' ',
    'ab c',
    '测试传感器',
    '１２３',
    '👍',
    'a\u202eb',
    'x\u200by',
    '-leading-dash',
    '.dot',
    '..',
    'a%2Fb',
    "'; DROP TABLE x; --",
    '" OR 1=1',
    '<script>',
    'a'.repeat(65),
    'a'.repeat(1000),
  ];
}

/**
 * Topics a client can publish (mqtt.js sends them and Mosquitto takes them) that a collector must
 * not take for a reading: bad sensor levels under `prefix` (e.g. "cityops/waterlogging", then
 * `{prefix}/{level}/reading`), the wrong number of levels, empty levels, a leading or trailing slash,
 * other suffixes, unicode, and topics near the 65 535-byte limit.
 */
export function hostileMqttTopics(prefix: string): string[] {
  const long = (bytes: number) => `${prefix}/${'L'.repeat(bytes - prefix.length - 9)}/reading`;
  const topics = [
    ...hostileLevels().map((level) => `${prefix}/${level}/reading`),
    `${prefix}`,
    `${prefix}/`,
    `${prefix}/x`,
    `${prefix}/x/reading/`,
    `${prefix}/x/reading/extra`,
    `${prefix}/x/READING`,
    `${prefix}/x/status`,
    `/${prefix}/x/reading`,
    `${prefix}//x//reading`,
    `${prefix}/x/测试`,
    `${prefix.replace(/\/[^/]*$/, '')}/no-such-domain/x/reading`,
    `${prefix.replace(/\/[^/]*$/, '')}/ /x/reading`,
    `${prefix.replace(/\/[^/]*$/, '')}/WATERLOGGING/x/reading`,
    long(1024),
    long(65_000),
    long(65_535),
  ];
  return [...new Set(topics)];
}

/**
 * Topics that never reach a subscriber, for counting apart: MQTT forbids wildcards and NUL in a
 * published topic (Mosquitto closes the connection), `$SYS/…` is the broker's own (refused as not
 * authorised), an empty topic needs a topic alias, and a topic over 65 535 bytes cannot be encoded
 * (mqtt.js fails locally).
 */
export function refusedMqttTopics(prefix: string): string[] {
  return [
    `${prefix}/+/reading`,
    `${prefix}/#`,
    `${prefix}/x+y/reading`,
    `${prefix}/x#/reading`,
    '#',
    '+',
    `${prefix}/a\u0000b/reading`,
    '$SYS/broker/hijack',
    '',
    `${prefix}/${'L'.repeat(65_536)}/reading`,
  ];
}
