import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { findProjectRoot } from '../../src/core/project-root.js';

describe('findProjectRoot', () => {
  it('walks up to the folder with package.json and pipelines/', () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'root-')));
    writeFileSync(join(root, 'package.json'), '{}');
    mkdirSync(join(root, 'pipelines'));
    mkdirSync(join(root, 'content', 'pending'), { recursive: true });
    // A package.json without pipelines/ on the way up is not the project (a nested package).
    writeFileSync(join(root, 'content', 'package.json'), '{}');
    expect(findProjectRoot(join(root, 'content', 'pending'))).toBe(root);
    expect(findProjectRoot(root)).toBe(root);
  });

  it('says so when no folder up is a project', () => {
    const outside = realpathSync(mkdtempSync(join(tmpdir(), 'no-root-')));
    mkdirSync(join(outside, 'pipelines')); // pipelines/ alone is not enough
    expect(() => findProjectRoot(outside)).toThrow(UsageError);
    expect(() => findProjectRoot(outside)).toThrow(
      `no project root: no folder from ${outside} up holds both package.json and pipelines/`,
    );
  });
});
