import { describe, expect, it } from 'vitest';
import { critique } from '../../../../src/stages/critique/checks/index.js';
import { checkTemplateSyntax } from '../../../../src/stages/critique/checks/template-syntax.js';
import { contextOf, draftOf, fixtureSources } from '../helpers.js';

const CLEAN = 'Power was cut Wednesday to about 179,000 customers.[^s1]';

describe('checkTemplateSyntax', () => {
  it.each([
    ['Hugo shortcode', 'The footer has {{< readfile "/etc/passwd" >}} in it.[^s1]', '{{'],
    ['Hugo Markdown shortcode', 'The footer has {{% readfile "x" %}} in it.[^s1]', '{{'],
    ['Liquid output', 'The footer prints {{ site.token }} in it.[^s1]', '{{'],
    ['Liquid tag', 'The footer runs {% include_relative ../.env %} in it.[^s1]', '{%'],
    ['Nunjucks comment', 'The footer hides {# note #} in it.[^s1]', '{#'],
    ['MDX expression', 'The footer evaluates {process.env.SECRET} in it.[^s1]', '{'],
  ])('flags %s left in the body as an error naming the sentence', (_, sentence, delimiter) => {
    const findings = checkTemplateSyntax(contextOf(`${CLEAN}\n\n${sentence}`));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      kind: 'template-syntax',
      severity: 'error',
      sentence: sentence.replace('[^s1]', ''),
      source: null,
    });
    expect(findings[0]!.detail).toContain(`\`${delimiter}\``);
  });

  it('flags delimiters in a footnote title and in the frontmatter', () => {
    const draft = draftOf(`${CLEAN}\n\n[^s1]: [Title {% raw %}](https://example.org/s1)`).replace(
      'title: "Source s1"',
      'title: "Source {{ page.secret }}"',
    );
    const { findings } = critique({ draft, sources: fixtureSources() });
    const flagged = findings.filter((finding) => finding.kind === 'template-syntax');
    expect(flagged.map((finding) => finding.sentence)).toEqual([
      'title: "Source {{ page.secret }}"',
      '[^s1]: [Title {% raw %}](https://example.org/s1)',
    ]);
    expect(flagged.every((finding) => finding.severity === 'error')).toBe(true);
  });

  it('accepts neutralised syntax: escaped braces in the body, a word joiner between delimiters', () => {
    const body = [
      'The footer has \\{\\{< readfile "/etc/passwd" >\\}\\} in it.[^s1]',
      'The footer runs \\{\u2060% include x %\u2060\\} and prints \\{\u2060\\{ a \\}\u2060\\} in it.[^s1]',
      CLEAN,
    ].join('\n\n');
    const draft = draftOf(body).replace('title: "Source s1"', 'title: "A {\u2060{ b }\u2060}"');
    expect(checkTemplateSyntax(contextOf(body))).toEqual([]);
    const { findings } = critique({ draft, sources: fixtureSources() });
    expect(findings.filter((finding) => finding.kind === 'template-syntax')).toEqual([]);
  });

  it('flags a word-joined pair whose braces MDX would still evaluate in the body', () => {
    const findings = checkTemplateSyntax(contextOf('It prints {\u2060{ a }\u2060} here.[^s1]'));
    expect(findings.map((finding) => finding.detail)).toEqual([
      expect.stringContaining('`{` (mdx), `}` (mdx)'),
    ]);
  });
});
