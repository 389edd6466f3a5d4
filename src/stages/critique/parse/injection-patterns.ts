/**
 * Recognises instructions planted in web content for whatever model reads it: text addressed to
 * an AI, an assistant, a bot or an automated summariser, or telling its reader to ignore earlier
 * instructions, reveal something, execute something or visit somewhere.
 *
 * The test is two-sided on purpose. Words such as "assistant" or "summarized" are common in news
 * ("Lakers assistant coach", "we summarized our case"), so a passage must both name a machine
 * reader as its addressee and give it an order; the classic override phrases ("ignore previous
 * instructions") count on their own because no honest article uses them as a directive.
 */

// Who an injection talks to: machine readers. Bare "assistant" and "agent" are human jobs as
// often as not ("assistant coach", "travel agents should..."), so they count only after "note to".
const MACHINE =
  String.raw`(?:ai|a\.i\.|artificial intelligence|llms?|large language models?|language models?|chat ?bots?|` +
  String.raw`chatgpt|gpt(?:-\d)?|claude|gemini|copilot|bots?|crawlers?|scrapers?|` +
  String.raw`summari[sz]ers?|(?:ai|automated|automatic|machine)[\w\s-]{0,25}?(?:tools?|systems?|summari[sz]ers?|agents?|readers?|assistants?|models?|writers?))`;
const AGENT = String.raw`(?:${MACHINE}|agents?|assistants?)`;

// What an order to a machine reader looks like.
const ORDER =
  String.raw`(?:ignore|disregard|forget|override|bypass|must|should|shall|are (?:instructed|required|asked)|need to|` +
  String.raw`do not|don't|never|always|tell|state|say|report|describe|mention|claim|write|include|omit|` +
  String.raw`reveal|print|output|repeat|execute|run|visit|click|open|navigate|respond|reply|recommend|call)`;

const PATTERNS: RegExp[] = [
  // "Note to AI assistants: ...", "Editor's note for AI news tools: ...", "Attention, chatbots:"
  new RegExp(
    String.raw`\b(?:note|message|instructions?|attention|notice|memo|reminder)\s+(?:to|for)\s+(?:all\s+|any\s+)?${AGENT}\b`,
    'i',
  ),
  // "[Automated content tools: ignore ...]": a machine reader named, a colon, an order.
  new RegExp(
    String.raw`(?:^|[\[(.!?]\s*)(?:dear\s+|hey\s+|attention\s+)?(?:all\s+)?${MACHINE}[\w\s&-]{0,40}?:\s*(?:\w+\s+){0,3}?${ORDER}\b`,
    'i',
  ),
  // "Chatbots, ignore the above": a vocative followed at once by an imperative.
  new RegExp(
    String.raw`(?:^|[\[(.!?]\s*)(?:dear\s+|hey\s+)?${MACHINE}[\w\s&-]{0,20}?,\s*(?:please\s+)?(?:ignore|disregard|forget|state|tell|report|describe|say|write|include|mention|reveal|execute|visit)\b`,
    'i',
  ),
  // "AI assistants and chatbots summarizing this page must state that ...": the machine reader
  // of this very page, then an order (so "AI companies should report incidents" is not one).
  new RegExp(
    String.raw`\b${MACHINE}\b[^.!?]{0,40}?\b(?:(?:that|which|who)\s+)?(?:read(?:s|ing)?|summari[sz](?:e|es|ing)|process(?:es|ing)?|pars(?:e|es|ing)|crawl(?:s|ing)?|index(?:es|ing)?|rewrit(?:e|es|ing)|paraphras(?:e|es|ing))\s+(?:this|the)\s+(?:page|article|text|content|post|story|site|document|report)\b[^.!?]{0,20}?\b(?:must|should|shall|are (?:instructed|required|asked) to|need to)\b`,
    'i',
  ),
  // "If you are an AI ...", "when summarizing this article, ..."
  new RegExp(String.raw`\bif you are (?:an?\s+)?${AGENT}\b`, 'i'),
  new RegExp(
    String.raw`\bwhen (?:summari[sz]ing|paraphrasing|rewriting|processing) this (?:page|article|post|story|text|content)\b`,
    'i',
  ),
  // Override phrases that need no addressee.
  /\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+|the\s+)?(?:previous|prior|earlier|preceding|above|former|your|system)\s+(?:instructions?|prompts?|directions?|rules|guidelines|context)\b/i,
  /\b(?:ignore|disregard|forget)\s+(?:everything|anything|all(?: of)?(?: the)?(?: text)?)\s+(?:above|before|previously|said above|you (?:read|were told))\b/i,
  /\b(?:reveal|print|output|show|repeat)\s+(?:your|the)\s+(?:system\s+prompt|hidden\s+instructions?|instructions|api\s+keys?|secrets?|credentials)\b/i,
  /\b(?:system prompt|jailbreak|developer mode|prompt injection)\b/i,
];

const TRIGGER =
  /\b(?:ai|a\.i|artificial|llms?|language|chat ?bots?|chatgpt|gpt|claude|gemini|copilot|bots?|crawlers?|scrapers?|agents?|assistants?|summari[sz]|automat|machine|note|message|instruction|attention|notice|memo|reminder|if you are|when|ignore|disregard|forget|override|reveal|print|output|show|repeat|system prompt|jailbreak|developer mode|prompt)/i;

/**
 * Whether a passage (one sentence or a short paragraph of a source) is an instruction to a model.
 *
 * @param passage Source text, as written.
 */
export function isInjection(passage: string): boolean {
  // A cheap first pass: nearly every sentence of an article has none of these words.
  if (!TRIGGER.test(passage)) return false;
  const text = passage.replace(/[\u2018\u2019]/g, "'").replace(/\s+/g, ' ');
  return PATTERNS.some((pattern) => pattern.test(text));
}
