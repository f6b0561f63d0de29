import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets, secretValuesOf } from './secret-values.js';

describe('secretValuesOf', () => {
  it('finds whole secrets, Authorization credentials and URL passwords, longest first', () => {
    expect(
      secretValuesOf({
        AUTH_SECRET: 'auth-secret-0123456789-0123456789',
        ADMIN_PASSWORD: 'admin-password',
        SMS_GATEWAY_AUTH: 'Bearer sms-token-42',
        SMTP_URL: 'smtp://mailer:p%40ss-word@smtp.example.cn:587',
        REDIS_URL: 'redis://:redis-pass@127.0.0.1:6379',
        INFLUX_URL: 'http://127.0.0.1:8086/cityops',
        DATABASE_URL: 'postgres://cityops@db/cityops',
        MAPBOX_TOKEN: 'pk.public-token',
      }),
    ).toEqual([
      'auth-secret-0123456789-0123456789',
      'Bearer sms-token-42',
      'admin-password',
      'sms-token-42',
      'p%40ss-word',
      'redis-pass',
      'p@ss-word',
    ]);
  });

  it('ignores unset variables and values too short to redact safely', () => {
    expect(secretValuesOf({ SMTP_URL: 'smtp://u:abc@h', ADMIN_PASSWORD: undefined })).toEqual([]);
  });
});

describe('redactSecrets', () => {
  it('replaces every occurrence of every secret', () => {
    const secrets = secretValuesOf({ SMTP_URL: 'smtp://mailer:s3cret-pass@h:25' });
    expect(redactSecrets('input: smtp://mailer:s3cret-pass@h:25 (s3cret-pass)', secrets)).toBe(
      `input: smtp://mailer:${REDACTED}@h:25 (${REDACTED})`,
    );
  });
});
