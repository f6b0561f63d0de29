import { config } from 'zod';

// The console runs under a Content-Security-Policy without 'unsafe-eval' (docs/security.md). Zod
// decides when a schema is defined whether to compile its parser with `new Function`, after probing
// once, and the probe alone is reported as a violation. So compilation is turned off before any
// schema exists: before the app and the shared contracts load, hence the dynamic import.
config({ jitless: true });

void import('./app/renderApp').then(({ renderApp }) => renderApp());
