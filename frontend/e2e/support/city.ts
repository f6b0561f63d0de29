import { type Page, expect } from '@playwright/test';
import { E2E_ADMIN_PASSWORD } from './e2e-env';

/** The simulated city's control API (see docs/simulator.md). */
export const simulator = {
  url(): string {
    const url = process.env.E2E_SIM_URL;
    if (!url) throw new Error('E2E_SIM_URL is not set: the global setup did not start the stack');
    return url;
  },

  async post(path: string, body: unknown): Promise<unknown> {
    const response = await fetch(`${simulator.url()}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok)
      throw new Error(`simulator ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  },

  /** Forces flats to a temperature (null clears) and emits their readings at once. */
  async setIndoorTemp(
    target: { sensorId: string } | { stationId: string },
    tempC: number | null,
  ): Promise<string[]> {
    const answer = (await simulator.post('/control/indoor-temp', { ...target, tempC })) as {
      sensorIds?: string[];
    };
    const sensorIds = answer.sensorIds ?? ('sensorId' in target ? [target.sensorId] : []);
    await simulator.post('/control/tick', { sensorIds });
    return sensorIds;
  },
};

export async function signIn(page: Page, landing: RegExp = /\/console$/): Promise<void> {
  await page.goto('/login');
  await page.getByTestId('login-username').fill('admin');
  await page.getByTestId('login-password').fill(E2E_ADMIN_PASSWORD);
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(landing);
}

/**
 * The map's asset circle layers drawn at city scale (indoor sensors are a heatmap there, drawn as
 * circles only from zoom 11), for counting rendered assets.
 */
export const ASSET_CIRCLE_LAYERS = ['heating-circles', 'waterlogging-circles', 'rain-circles'];

/**
 * Waits until MapLibre has drawn the given layer(s) with at least `min` features in all (0: the
 * layers exist). Not `map.loaded()`: live updates keep a source re-tiling much of the time on a busy
 * machine, so the map may seldom be idle at the moment of a poll although it draws everything.
 */
export async function waitForLayer(
  page: Page,
  layer: string | readonly string[],
  min = 1,
): Promise<void> {
  const layers = typeof layer === 'string' ? [layer] : [...layer];
  await page.waitForFunction(
    ({ layers, min }) => {
      const map = window.__cityopsMap;
      // Not isStyleLoaded() either: it is false whenever a source is re-tiling a live update.
      try {
        if (!map || layers.some((id) => !map.getLayer(id))) return false;
        return map.queryRenderedFeatures({ layers }).length >= min;
      } catch {
        return false; // no style yet
      }
    },
    { layers, min },
    { timeout: 30_000 },
  );
}

/** GET on the backend with the signed-in page's token; fails the test on anything but 200. */
export async function apiGet<T>(page: Page, path: string): Promise<T> {
  const token = await page.evaluate(
    () => (JSON.parse(localStorage.getItem('cityops.session') ?? '{}') as { token?: string }).token,
  );
  expect(token, 'the page is signed in').toBeTruthy();
  const response = await page.request.get(path, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status(), `GET ${path}`).toBe(200);
  return (await response.json()) as T;
}
