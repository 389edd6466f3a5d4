/**
 * The boilerplate paragraph that closes a press release: the issuing company describing itself
 * ("Ascom is a global solutions provider focused on ... Ascom is headquartered in Baar
 * (Switzerland), has subsidiaries in 15 countries and employs around 1,300 people worldwide.
 * Ascom registered shares (ASCN) are listed on the SIX Swiss Exchange"), the same under every
 * release the company issues, often under an "About Ascom" heading.
 */

/** A name (one to four capitalised words) opening the paragraph as its subject. */
const SUBJECT =
  /^((?:\p{Lu}[\p{L}\p{N}&.'’-]*)(?:\s+\p{Lu}[\p{L}\p{N}&.'’-]*){0,3}),?\s+(?:is|are)\s+(?:a|an|the|one of)\b/u;

/** What a company's self-description says and an article's closing paragraph rarely does. */
const COMPANY_FACTS =
  /\b(?:headquartered|head office|subsidiar(?:y|ies)|employs|employees|founded in|listed on|traded on|nasdaq|nyse|stock exchange|provider of|solutions provider|leading (?:global |international )?(?:provider|supplier|developer|manufacturer)|for more information,? (?:please )?visit|www\.)/giu;

/** Fewest distinct company facts for the paragraph to read as boilerplate. */
const MIN_FACTS = 2;

/**
 * Whether a paragraph is a company's self-description naming a company the title names.
 *
 * @param text The paragraph's text.
 * @param title The page's title (the press release's headline names the company), or null.
 */
export function isCompanyBoilerplate(text: string, title: string | null): boolean {
  if (!title) return false;
  const paragraph = text.replace(/\s+/g, ' ').trim();
  const name = SUBJECT.exec(paragraph)?.[1];
  if (!name || !new RegExp(`(?:^|[^\\p{L}])${escape(name)}(?:$|[^\\p{L}])`, 'u').test(title)) {
    return false;
  }
  const facts = new Set((paragraph.match(COMPANY_FACTS) ?? []).map((fact) => fact.toLowerCase()));
  return facts.size >= MIN_FACTS;
}

/**
 * Whether a short block is the "About <Company>" heading over such a paragraph.
 *
 * @param text The block's text.
 */
export function isAboutHeading(text: string): boolean {
  return /^(?:About|ABOUT)\s+\p{Lu}[\p{L}\p{N}&.'’ -]{0,40}:?$/u.test(
    text.replace(/\s+/g, ' ').trim(),
  );
}

function escape(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
