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

  it('treats a slug as taken in every form a generator names a post: bundle, dated name, other extension', () => {
    const ctx = testContext();
    const posts = join(ctx.contentDir, 'posts');
    mkdirSync(join(posts, 'bundle-post'), { recursive: true });
    writeFileSync(join(posts, 'bundle-post', 'index.md'), 'a Hugo page bundle');
    writeFileSync(join(posts, '2026-07-09-dated-post.markdown'), 'a Jekyll post');
    writeFileSync(join(posts, 'mdx-post.mdx'), 'an MDX post');
    writeFileSync(join(posts, '2026-07-09-other-dated-post.md'), 'not the same slug');
    expect(writeDraft({ slug: 'bundle-post', render }, ctx).slug).toBe('bundle-post-2');
    expect(writeDraft({ slug: 'dated-post', render }, ctx).slug).toBe('dated-post-2');
    expect(writeDraft({ slug: 'mdx-post', render }, ctx).slug).toBe('mdx-post-2');
    expect(writeDraft({ slug: 'post', render }, ctx).slug).toBe('post');
  });

  it('writes into the pending folder of the project config', () => {
    const ctx = testContext();
    ctx.config = { ...ctx.config, pending: 'drafts/pending', published: ['site/posts'] };
    mkdirSync(join(ctx.root, 'site', 'posts'), { recursive: true });
    writeFileSync(join(ctx.root, 'site', 'posts', 'city-heat.md'), 'published');
    const out = writeDraft({ slug: 'city-heat', render }, ctx);
    expect(out).toEqual({ path: join('drafts', 'pending', 'city-heat-2.md'), slug: 'city-heat-2' });
    expect(existsSync(join(ctx.root, 'drafts', 'pending', 'city-heat-2.md'))).toBe(true);
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
