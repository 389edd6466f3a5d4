import { describe, expect, it } from 'vitest';
import { documentKindOf } from '../../../src/stages/extract/document-kind.js';

describe('documentKindOf', () => {
  it('trusts a specific content type', () => {
    expect(documentKindOf('text/html; charset=utf-8', 'https://a.example/x.md', '# not html')).toBe(
      'html',
    );
    expect(documentKindOf('application/xhtml+xml', 'https://a.example/x', '')).toBe('html');
    expect(documentKindOf('text/markdown', 'https://a.example/x', '<p>x</p>')).toBe('markdown');
  });

  it('falls back to the extension, then to sniffing the body', () => {
    expect(documentKindOf('', 'file:///notes/a.md', 'text')).toBe('markdown');
    expect(documentKindOf('text/plain', 'https://a.example/page.html', 'x')).toBe('html');
    expect(
      documentKindOf(
        'application/octet-stream',
        'https://a.example/x',
        '\uFEFF  <!DOCTYPE html><html>',
      ),
    ).toBe('html');
    expect(
      documentKindOf('text/plain', 'https://a.example/x', '<div>markup in a text file</div>'),
    ).toBe('html');
    expect(documentKindOf('text/plain', 'https://a.example/x', 'Just words.')).toBe('text');
    expect(documentKindOf('', 'https://a.example/x', 'Just words.')).toBe('text');
  });

  it('refuses binary and other types', () => {
    expect(documentKindOf('', 'https://a.example/x', 'PK\u0003\u0004binary')).toBe('other');
    expect(documentKindOf('application/pdf', 'https://a.example/x.pdf', '%PDF-1.7')).toBe('other');
    expect(documentKindOf('image/png', 'https://a.example/x', '')).toBe('other');
  });
});
