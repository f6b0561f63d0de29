export type { HostileValue } from './types.js';
export { hostileStrings } from './strings.js';
export { hostileNumbers } from './numbers.js';
export { hostileDates } from './dates.js';
export { deepArray, deepJsonText, deepObject, hostileJsonValues, wideObject } from './json.js';
export { injectionStrings } from './injection.js';
export { hostileQueryValues } from './query.js';
export { csvField, hostileCsvFiles, HUGE_CSV_MIN_BYTES, type HostileCsvFile } from './csv.js';
export {
  coordinatesOutsideChina,
  hostileCoordinates,
  type HostileCoordinate,
} from './coordinates.js';
export { hostileMqttTopics, mqttTopicMatches, refusedMqttTopics } from './mqtt.js';
export { fieldPaths, mutateRecord, smallHostileValues, type MutatedRecord } from './mutate.js';
export { DEFAULT_SEED, sample } from './sample.js';
export { HostileTally } from './tally.js';
