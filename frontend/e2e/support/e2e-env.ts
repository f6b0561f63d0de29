/** Fixed loopback ports for the end-to-end stack (the config needs its base URL before setup runs). */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 18480);
export const E2E_SIM_PORT = Number(process.env.E2E_SIM_PORT ?? 18490);
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
export const E2E_ADMIN_PASSWORD = 'e2e-admin-password';
