import { inspect } from 'node:util';
import { Logger } from '@nestjs/common';
import { redactSecrets, secretValuesOf } from './config/secret-values.js';
import { ConfigError, loadConfig, workersRunInApi } from './config/app-config.js';
import { createApiApp } from './bootstrap.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApiApp(config);
  await app.listen(config.PORT, config.HOST);
  const logger = new Logger('Main');
  logger.log(
    `API on http://127.0.0.1:${config.PORT}/ (database: ${config.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}, workers ${workersRunInApi(config) ? 'in this process' : 'separate'})`,
  );
}

main().catch((error: unknown) => {
  // Before the logger exists: whatever failed may quote a configured value, so mask the secrets.
  const text = error instanceof ConfigError ? error.message : inspect(error);
  console.error(redactSecrets(text, secretValuesOf(process.env)));
  process.exit(1);
});
