import { describe, expect, it } from 'vitest';
import { redactCredentials, withoutCredentials } from '../../src/core/redact.js';

describe('redactCredentials', () => {
  it('replaces the user information of every URL in a text, keeping the URL valid', () => {
    const text =
      'fetch https://user:s3cret@feeds.example/rss.xml: 401; then ftp://anon@files.example/x and HTTP://u%40x:p@h.example';
    const redacted = redactCredentials(text);
    expect(redacted).toBe(
      'fetch https://***@feeds.example/rss.xml: 401; then ftp://***@files.example/x and HTTP://***@h.example',
    );
    expect(new URL('https://***@feeds.example/rss.xml').host).toBe('feeds.example');
  });

  it('leaves an @ in a path, a query or an e-mail address alone', () => {
    const text = 'https://example.org/@user/post?by=a@b.example mail me@example.org';
    expect(redactCredentials(text)).toBe(text);
  });
});

describe('withoutCredentials', () => {
  it('drops the user information of a URL and leaves other text alone', () => {
    expect(withoutCredentials('https://u:p@example.org/a?b=1#c')).toBe(
      'https://example.org/a?b=1#c',
    );
    expect(withoutCredentials('https://example.org/@handle')).toBe('https://example.org/@handle');
    expect(withoutCredentials('not a url with user:pw@x')).toBe('not a url with user:pw@x');
  });
});
