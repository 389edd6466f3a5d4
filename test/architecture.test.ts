import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PIPELINE_STAGES } from '../src/core/stage.js';

const SRC = resolve(import.meta.dirname, '..', 'src');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Relative imports of a file (static, dynamic and re-exports), resolved to `src/`-relative paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*)['"](\.[^'"]+)['"]/g)].map(
    (m) => m[1]!,
  );
  return specs.map((spec) =>
    relative(SRC, resolve(dirname(file), spec))
      .split(sep)
      .join('/'),
  );
}

describe('the layout of src/', () => {
  it('a stage imports core/, text/, corpus/, engines/types.ts and only the types.ts of the stage before it', () => {
    const broken: string[] = [];
    for (const [index, stage] of PIPELINE_STAGES.entries()) {
      const previous = PIPELINE_STAGES[index - 1];
      for (const file of filesUnder(join(SRC, 'stages', stage))) {
        for (const target of importsOf(file)) {
          const allowed =
            target.startsWith(`stages/${stage}/`) ||
            /^(core|text|corpus)\//.test(target) ||
            target === 'engines/types.js' ||
            (previous !== undefined && target === `stages/${previous}/types.js`);
          if (!allowed) broken.push(`${relative(SRC, file)} -> ${target}`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('has one folder per stage, and no orchestration outside src/run/', () => {
    expect(readdirSync(join(SRC, 'stages')).sort()).toEqual([...PIPELINE_STAGES].sort());
    expect(existsSync(join(SRC, 'review-loop.ts'))).toBe(false);
    expect(existsSync(join(SRC, 'pipeline.ts'))).toBe(false);
    // Commands call into run/ and the stages; only run/ calls runTopic.
    const callers = filesUnder(SRC).filter(
      (file) =>
        !file.startsWith(join(SRC, 'run') + sep) && /\brunTopic\(/.test(readFileSync(file, 'utf8')),
    );
    expect(callers.map((file) => relative(SRC, file))).toEqual(['commands/run.ts']);
  });

  it('has a README mapping every folder of more than 8 files', () => {
    const dirs = [SRC, ...filesUnder(SRC).map((file) => dirname(file))];
    const missing = [...new Set(dirs)].filter(
      (dir) =>
        readdirSync(dir).filter((name) => statSync(join(dir, name)).isFile()).length > 8 &&
        !existsSync(join(dir, 'README.md')),
    );
    expect(missing.map((dir) => relative(SRC, dir))).toEqual([]);
  });

  it('core/ and text/ import nothing above them, and corpus/ only those two', () => {
    const below: Record<string, RegExp> = {
      core: /^(core|text)\//,
      text: /^(core|text)\//,
      corpus: /^(core|text|corpus)\//,
    };
    const upward = Object.entries(below).flatMap(([layer, allowed]) =>
      filesUnder(join(SRC, layer)).flatMap((file) =>
        importsOf(file)
          .filter((target) => !allowed.test(target))
          .map((target) => `${relative(SRC, file)} -> ${target}`),
      ),
    );
    expect(upward).toEqual([]);
  });
});
