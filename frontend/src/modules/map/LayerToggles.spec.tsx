import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { LayerToggles } from './LayerToggles';
import { ALL_LAYERS_ON, toggleLayer } from './layerToggleState';

const counts = { heating: 102, indoor: 1000, waterlogging: 15, rain: 2, cases: 7, incidents: 3 };

const render = (enabled = ALL_LAYERS_ON) =>
  renderToStaticMarkup(
    <LayerToggles theme="dark" enabled={enabled} counts={counts} onToggle={vi.fn()} />,
  );

describe('LayerToggles', () => {
  it('shows one pressed button per group with its Chinese name, colour and count', () => {
    const html = render();
    expect(html.match(/data-testid="layer-toggle"/g)).toHaveLength(6);
    expect(html.match(/aria-pressed="true"/g)).toHaveLength(6);
    for (const text of ['热源与换热站', '室温监测', '积水点位', '雨量站', '环卫案件', '告警事件'])
      expect(html).toContain(text);
    expect(html).toContain('>1000<');
    expect(html).toContain('--layer-color:#2fd4b0');
    expect(html).toContain('aria-label="图层"');
  });

  it('shows a switched-off group as not pressed', () => {
    const html = render(toggleLayer(ALL_LAYERS_ON, 'cases'));
    expect(html).toMatch(/aria-pressed="false"[^>]*data-group="cases"/);
    expect(html.match(/aria-pressed="true"/g)).toHaveLength(5);
  });
});
