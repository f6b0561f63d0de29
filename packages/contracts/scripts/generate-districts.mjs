#!/usr/bin/env node
// Regenerates src/geo/tianjin-districts.json (GeoJSON) from the Apache-2.0 licensed
// map file of the npm package echarts@4.9.0 (installed here as the alias "echarts-4.9.0"),
// and copies its LICENSE and NOTICE beside it. The echarts file stores each ring as a
// zig-zag, delta-encoded string (scale 1024); see decodeRing below.
//   node scripts/generate-districts.mjs            write the files
//   node scripts/generate-districts.mjs --check    exit 1 when the committed file differs
import { readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, '..', 'src', 'geo');
const echartsRoot = dirname(require.resolve('echarts-4.9.0/package.json'));
const SCALE = 1024;

export function decodeRing(encoded, [offsetX, offsetY]) {
  const ring = [];
  let x = offsetX;
  let y = offsetY;
  for (let i = 0; i < encoded.length; i += 2) {
    const dx = encoded.charCodeAt(i) - 64;
    const dy = encoded.charCodeAt(i + 1) - 64;
    x += (dx >> 1) ^ -(dx & 1);
    y += (dy >> 1) ^ -(dy & 1);
    ring.push([x / SCALE, y / SCALE]);
  }
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) ring.push([...first]);
  return ring;
}

export function decodeFeature(feature) {
  const { type, coordinates, encodeOffsets } = feature.geometry;
  const decoded =
    type === 'Polygon'
      ? coordinates.map((ring, i) => decodeRing(ring, encodeOffsets[i]))
      : coordinates.map((polygon, i) =>
          polygon.map((ring, j) => decodeRing(ring, encodeOffsets[i][j])),
        );
  return {
    type: 'Feature',
    id: feature.id,
    properties: {
      code: feature.id,
      name: feature.properties.name,
      labelPoint: feature.properties.cp,
    },
    geometry: { type, coordinates: decoded },
  };
}

export function generate() {
  const source = JSON.parse(
    readFileSync(join(echartsRoot, 'map', 'json', 'province', 'tianjin.json'), 'utf8'),
  );
  const collection = {
    type: 'FeatureCollection',
    attribution:
      'District boundaries decoded from Apache ECharts 4.9.0 (map/json/province/tianjin.json), Apache-2.0; see ECHARTS-LICENSE and ECHARTS-NOTICE.',
    features: source.features.map(decodeFeature),
  };
  return JSON.stringify(collection) + '\n';
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const text = generate();
  const target = join(outDir, 'tianjin-districts.json');
  if (process.argv.includes('--check')) {
    const current = readFileSync(target, 'utf8');
    if (current !== text) {
      console.error(
        `${target} differs from what echarts@4.9.0 generates; run npm run generate:districts`,
      );
      process.exit(1);
    }
    console.log('tianjin-districts.json matches echarts@4.9.0');
  } else {
    writeFileSync(target, text);
    copyFileSync(join(echartsRoot, 'LICENSE'), join(outDir, 'ECHARTS-LICENSE'));
    copyFileSync(join(echartsRoot, 'NOTICE'), join(outDir, 'ECHARTS-NOTICE'));
    console.log(`wrote ${target}`);
  }
}
