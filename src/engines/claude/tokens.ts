/**
 * Local token estimate: characters / 3.5. No network, no tokenizer download. Recent Claude
 * tokenizers give about one token per 3-4 characters of English prose and JSON; the budget check
 * adds its own margin (input priced as cache writes), so a rough figure is enough here.
 */
export const CHARS_PER_TOKEN = 3.5;

/**
 * Estimated tokens of a text.
 *
 * @param text Any text (a prompt, a JSON request body).
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}
