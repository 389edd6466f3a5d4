import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WriteError } from '../../../src/core/errors.js';
import { writeDraft } from '../../../src/stages/write/index.js';
import { testContext } from '../../helpers/context.js';

const render = (slug: string) => `---\nslug: ${slug}\n---\n\nBody.\n`;

describe('writeDraft', () => {
  it('writes content/pending/<slug>.md and leaves no temp file', () => {
    const ctx = testContext();
    const out = writeDraft({ slug: 'city-heat', render }, ctx);
    expect(out).toEqual({ path: join('content', 'pending', 'city-heat.md'), slug: 'city-heat' });
    expect(readFileSync(join(ctx.root, out.path), 'utf8')).toContain('slug: city-heat');
    expect(readdirSync(join(ctx.contentDir, 'pending'))).toEqual(['city-heat.md']);
  });

  it('never overwrites: a taken slug gets a suffix and the old file is untouched', () => {
    const ctx = testContext();
    mkdirSync(join(ctx.contentDir, 'pending'), { recursive: true });
    writeFileSync(join(ctx.contentDir, 'pending', 'city-heat.md'), 'editor edits');
    const second = writeDraft({ slug: 'city-heat', render }, ctx);
    const third = writeDraft({ slug: 'city-heat', render }, ctx);
    expect([second.slug, third.slug]).toEqual(['city-heat-2', 'city-heat-3']);
    expect(readFileSync(join(ctx.contentDir, 'pending', 'city-heat.md'), 'utf8')).toBe(
      'editor edits',
    );
    expect(readFileSync(join(ctx.root, third.path), 'utf8')).toContain('slug: city-heat-3');
  });

  it('treats the slugs of published and rejected drafts as taken', () => {
    const ctx = testContext();
    mkdirSync(join(ctx.contentDir, 'posts'), { recursive: true });
    writeFileSync(join(ctx.contentDir, 'posts', 'city-heat.md'), 'published');
    expect(writeDraft({ slug: 'city-heat', render }, ctx).slug).toBe('city-heat-2');
  });

  it('refuses a slug that would leave content/pending/', () => {
    const ctx = testContext();
    expect(() => writeDraft({ slug: '../../escape', render }, ctx)).toThrow(WriteError);
    expect(existsSync(join(ctx.root, 'escape.md'))).toBe(false);
  });

  it('fails clearly when content/pending/ cannot be written', () => {
    // A file where the folder should be fails for root too (root ignores permission bits).
    const ctx = testContext();
    mkdirSync(ctx.contentDir, { recursive: true });
    writeFileSync(join(ctx.contentDir, 'pending'), 'not a folder');
    expect(() => writeDraft({ slug: 'x', render }, ctx)).toThrow(
      /content\/pending\/ is not writable/,
    );
  });

  it.skipIf(process.getuid?.() === 0)('fails clearly when content/pending/ is read-only', () => {
    const ctx = testContext();
    mkdirSync(join(ctx.contentDir, 'pending'), { recursive: true });
    chmodSync(join(ctx.contentDir, 'pending'), 0o500);
    expect(() => writeDraft({ slug: 'x', render }, ctx)).toThrow(/not writable/);
  });
});
