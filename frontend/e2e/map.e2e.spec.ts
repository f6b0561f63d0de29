import { expect, test, type Page } from '@playwright/test';
import { signIn, waitForLayer } from './support/city';

test.use({ viewport: { width: 1600, height: 900 } });

/** A drawn, healthy feature of `layer` (no incident marker over it) and its place on the page. */
async function drawnFeature(page: Page, layer: string) {
  const found = await page.evaluate((layerId) => {
    const map = window.__cityopsMap!;
    const box = map.getContainer().getBoundingClientRect();
    for (const feature of map.queryRenderedFeatures({ layers: [layerId] })) {
      const props = feature.properties as Record<string, unknown>;
      if (feature.geometry.type !== 'Point' || props.colorKey === 'red') continue;
      const [lng, lat] = feature.geometry.coordinates as [number, number];
      const point = map.project([lng, lat]);
      // Away from the edges and the layer toggles, legend and overlays in the corners.
      if (point.x < 260 || point.y < 120 || point.x > box.width - 60 || point.y > box.height - 120)
        continue;
      const target = document.elementFromPoint(box.left + point.x, box.top + point.y);
      if (!target || target.tagName !== 'CANVAS') continue; // a marker or a label lies on it
      return {
        id: String(props.id ?? props.cluster_id),
        x: box.left + point.x,
        y: box.top + point.y,
      };
    }
    return null;
  }, layer);
  expect(found, `a clickable feature in ${layer}`).not.toBeNull();
  return found!;
}

test.describe('Map - click-through', () => {
  test('a click on an asset opens its card with live values; a click on empty map closes it', async ({
    page,
  }, testInfo) => {
    await signIn(page);
    await waitForLayer(page, 'heating-circles', 5);
    const station = await drawnFeature(page, 'heating-circles');
    await page.mouse.click(station.x, station.y);

    const card = page.getByTestId('map-pick-card');
    await expect(card).toHaveAttribute('data-kind', 'asset');
    const id = await card.getAttribute('data-id');
    const assets = await page.evaluate(async () => {
      const token = (
        JSON.parse(localStorage.getItem('cityops.session') ?? '{}') as { token: string }
      ).token;
      const response = await fetch('/api/assets', {
        headers: { authorization: `Bearer ${token}` },
      });
      return (await response.json()) as {
        features: { properties: { id: string; name: string } }[];
      };
    });
    const asset = assets.features.find((f) => f.properties.id === id);
    expect(asset, `asset ${id} is in /api/assets`).toBeDefined();
    await expect(card).toContainText(asset!.properties.name);
    await expect(card).toContainText('类型');
    await expect(card).toContainText(/°C|MPa|m³\/h|尚无数据/);
    await page.screenshot({ path: testInfo.outputPath('map-asset-card.png') });

    // The close button closes it (its click is the card's, not the map's).
    await card.getByRole('button', { name: '关闭' }).click();
    await expect(card).toHaveCount(0);

    // Open it again, then close it with a click on the map where nothing is.
    await page.mouse.click(station.x, station.y);
    await expect(card).toBeVisible();
    const box = (await page.getByTestId('map-view').boundingBox())!;
    await page.mouse.click(box.x + box.width - 30, box.y + box.height / 2);
    await expect(card).toHaveCount(0);
  });

  test('a click on a case opens the case card; a click on a cluster zooms in', async ({ page }) => {
    await signIn(page);
    await waitForLayer(page, ['cases-points', 'cases-clusters'], 1);
    const zoomBefore = await page.evaluate(() => window.__cityopsMap!.getZoom());
    const hasPoint = await page.evaluate(
      () => window.__cityopsMap!.queryRenderedFeatures({ layers: ['cases-points'] }).length > 0,
    );
    if (hasPoint) {
      const item = await drawnFeature(page, 'cases-points');
      await page.mouse.click(item.x, item.y);
      const card = page.getByTestId('map-pick-card');
      await expect(card).toHaveAttribute('data-kind', 'case');
      await expect(card).toHaveAttribute('data-id', item.id);
      await expect(card).toContainText(`环卫案件 ${item.id}`);
      await expect(card).toContainText('处置时限');
    } else {
      const cluster = await drawnFeature(page, 'cases-clusters');
      await page.mouse.click(cluster.x, cluster.y);
      await expect
        .poll(() => page.evaluate(() => window.__cityopsMap!.getZoom()))
        .toBeGreaterThan(zoomBefore + 1.5);
      await expect(page.getByTestId('map-pick-card')).toHaveCount(0);
    }
  });
});
