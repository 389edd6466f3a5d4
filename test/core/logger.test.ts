import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logger.js';

describe('createLogger', () => {
  it('writes lines at or above its level, with the credentials of URLs redacted', () => {
    const lines: string[] = [];
    const logger = createLogger('warn', (line) => lines.push(line));
    logger.warn('fetch https://user:s3cret@feeds.example/rss.xml: 401 Unauthorized');
    logger.info('not written');
    logger.error('robots.txt of http://bot@h.example/ unreachable');
    expect(lines).toEqual([
      'fetch https://***@feeds.example/rss.xml: 401 Unauthorized',
      'robots.txt of http://***@h.example/ unreachable',
    ]);
  });
});
