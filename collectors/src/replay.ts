#!/usr/bin/env node
import { replayCli } from './replay/replay-cli.js';

// node collectors/dist/replay.js --file <csv> --mapping <name|json> [...]; see replay/replay-args.ts.
const abort = new AbortController();
process.once('SIGINT', () => abort.abort());
process.exitCode = await replayCli(
  process.argv.slice(2),
  process.env,
  { out: (line) => console.log(line), err: (line) => console.error(line) },
  abort.signal,
);
