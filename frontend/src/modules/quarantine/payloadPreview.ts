/** How much of a payload the row expander shows (the store keeps up to 4 096 characters). */
export const PAYLOAD_PREVIEW_CHARS = 2_000;

/** A payload cut to `max` characters (code points, so a Chinese text is not cut mid-character). */
export function payloadPreview(
  payload: string,
  max = PAYLOAD_PREVIEW_CHARS,
): { text: string; truncated: boolean; length: number } {
  const characters = Array.from(payload);
  if (characters.length <= max)
    return { text: payload, truncated: false, length: characters.length };
  return { text: characters.slice(0, max).join(''), truncated: true, length: characters.length };
}
