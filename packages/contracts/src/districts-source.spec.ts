import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('tianjin-districts.json', () => {
  it('is exactly what the generator makes from echarts@4.9.0', () => {
    const script = fileURLToPath(new URL('../scripts/generate-districts.mjs', import.meta.url));
    const output = execFileSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
    expect(output).toContain('matches echarts@4.9.0');
  });
});
