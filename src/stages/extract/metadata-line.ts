/**
 * Metadata lines shown inside an article's body: the dateline, byline, category, tags and reading
 * time that the page prints between the headline and the text ("05/10/2018 - Publicado por:
 * Clarissa Borba - Categoria: Saúde - Tags: sad", "by Jeff Foust", "Tempo de leitura: 1 minuto").
 * The metadata itself is read from the page's markup (`metadata.ts`); as body text it is noise.
 */

/** Longest text read as a metadata line, in characters: a sentence is longer. */
const MAX_LENGTH = 160;

/** Field labels of article metadata, in the languages of the pages seen most. */
const FIELD_LABEL =
  /(?:^|[\s|·•\-–—／/(])(?:categor(?:y|ies|ia|ias|ie|ies)|tags?|filed (?:under|in)|posted (?:in|under|on|by)|published(?: (?:on|by|in))?|(?:last )?(?:updated|modified)(?: on)?|publicad[oa](?: (?:por|em|en))?|escrito por|written by|reading time|read time|tempo de leitura|tiempo de lectura|lesezeit|temps de lecture|autor(?:a)?|author)\s*:?/iu;

/** A label that opens the line: the whole line is then that field. */
const LEADING_LABEL =
  /^(?:categor(?:y|ies|ia|ias|ie)|tags?|filed (?:under|in)|posted (?:in|under)|reading time|read time|tempo de leitura|tiempo de lectura|lesezeit|temps de lecture)\s*:/iu;

/** "5 min read", "Lesezeit 3 Minuten". */
const READING_TIME =
  /^(?:\d+\s*(?:min(?:ute)?s?|minutos?|minuten)\s*(?:read|de leitura|de lectura)?)$/iu;

/** A byline: "by" and a name (capitalised words, or a name in a script without capitals). */
const BYLINE_START = /^(?:by|por|von|par|di|door)\s+(?=\S)/iu;
const NAME_ONLY =
  /^(?:[Bb]y|[Pp]or|[Vv]on|[Pp]ar|[Dd]i|[Dd]oor)\s+(?:\p{Lu}[\p{L}.'’-]*|[^\p{L}\s]*[\p{Lo}]+)(?:\s+(?:\p{Lu}[\p{L}.'’-]*|and|e|y|und|et|&)){0,4}$/u;

const MONTH =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
/** Dates as pages print them: numeric (2016.12.01, 05/10/2018, 2019-11-18) or with an English month. */
const DATE = new RegExp(
  `\\b(?:\\d{4}[-./年]\\d{1,2}[-./月]\\d{1,2}|\\d{1,2}[-./]\\d{1,2}[-./]\\d{2,4}|${MONTH} \\d{1,2},? \\d{4}|\\d{1,2} ${MONTH},? \\d{4})`,
  'iu',
);
const WEEKDAY = /\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b/giu;
const TIME = /\b\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4}\b)?/giu;

/**
 * Whether a short block of text is a metadata line: a field label opening it ("Filed under:",
 * "Tempo de leitura:"), a reading time, a byline alone ("by Jeff Foust"), a date alone ("Monday,
 * November 18, 2019"), or at least two of a date, a byline and a field label ("by ... ／
 * 2016.12.01"). A quoted tweet's attribution ("— Name (@handle) November 3, 2019") is none of
 * these: a date with nothing else that marks metadata.
 *
 * @param text The block's text.
 */
export function isMetadataLine(text: string): boolean {
  const line = text.replace(/\s+/g, ' ').trim();
  if (!line || line.length > MAX_LENGTH) return false;
  if (LEADING_LABEL.test(line) || READING_TIME.test(line) || NAME_ONLY.test(line)) return true;
  const hasDate = DATE.test(line);
  if (hasDate && isDateOnly(line)) return true;
  const signs = [hasDate, BYLINE_START.test(line), FIELD_LABEL.test(line)];
  return signs.filter(Boolean).length >= 2;
}

function isDateOnly(line: string): boolean {
  const rest = line
    .replace(new RegExp(DATE.source, 'giu'), '')
    .replace(WEEKDAY, '')
    .replace(TIME, '');
  return !/[\p{L}\p{N}]/u.test(rest);
}
