import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * The layout rules (.dependency-cruiser.cjs, `npm run deps`) refuse what they say they refuse:
 * each case is a tiny tree with one forbidden import, cruised with the project's own rules file.
 */
const run = promisify(execFile);
const RULES = path.join(process.cwd(), '.dependency-cruiser.cjs');
const DEPCRUISE = path.join(process.cwd(), 'node_modules/.bin/depcruise');

async function cruise(files: Record<string, string>): Promise<{ ok: boolean; output: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'layout-'));
  try {
    writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'nodenext' } }));
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
    try {
      const { stdout } = await run(DEPCRUISE, ['src', '--config', RULES, '--output-type', 'err'], { cwd: dir });
      return { ok: true, output: stdout };
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string };
      return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('layout rules', () => {
  it('pass a tree that keeps to them', async () => {
    const result = await cruise({
      'src/api/a.controller.ts': "import { read } from '../parking/read.js';\nexport const a = read;\n",
      'src/parking/read.ts': 'export const read = 1;\n',
    });
    expect(result).toMatchObject({ ok: true });
  }, 60_000);

  it('refuse each forbidden import, naming its rule', async () => {
    const result = await cruise({
      'src/live/x.ts': "import { y } from '../api/y.js';\nexport const x = y;\n",
      'src/api/y.ts': 'export const y = 1;\n',
      'src/parking/x.ts': "import { y } from '../infra/y.js';\nexport const x = y;\n",
      'src/infra/y.ts': 'export const y = 1;\n',
      'src/ingest/formats/x.ts': "import { y } from '../../ops/y.js';\nexport const x = y;\n",
      'src/ops/y.ts': 'export const y = 1;\n',
      'src/common/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
      'src/common/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
    });
    expect(result.ok).toBe(false);
    for (const rule of ['live-does-not-import-api', 'domain-is-not-infra', 'formats-are-pure', 'no-circular']) {
      expect(result.output).toContain(rule);
    }
  }, 60_000);
});
