let context: AudioContext | null = null;

/**
 * A short two-tone chime made with WebAudio (no audio file). Best effort: when the browser has no
 * WebAudio or its autoplay policy keeps the context suspended (no user gesture on an unattended wall,
 * unless the kiosk allows autoplay), nothing is heard and nothing fails.
 */
export async function playChime(): Promise<void> {
  try {
    if (typeof AudioContext === 'undefined') return;
    context ??= new AudioContext();
    if (context.state === 'suspended') {
      // Resolves only once audio is allowed; a blocked context would wait for a gesture: don't.
      await Promise.race([context.resume(), new Promise((resolve) => setTimeout(resolve, 300))]);
    }
    if (context.state !== 'running') return;
    const start = context.currentTime + 0.02;
    for (const [frequency, offset] of [
      [880, 0],
      [660, 0.22],
    ] as const) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.3, start + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.5);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(start + offset);
      oscillator.stop(start + offset + 0.55);
    }
  } catch {
    // Audio is a courtesy: never let it break the wall.
  }
}
