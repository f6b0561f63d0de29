/**
 * Preloaded (`--import`) into the notify benchmark's worker processes when it profiles them
 * (`--cpu-prof`): V8 writes the profile only when a process exits normally, and the worker's
 * shutdown hooks end it by raising SIGTERM again. With a listener here that second signal does not
 * kill it; the process exits by itself once the application has closed, or a few seconds later.
 */
process.on('SIGTERM', () => {
  setTimeout(() => process.exit(0), 5_000).unref();
});
