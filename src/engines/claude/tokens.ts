/**
 * Local token estimate: characters / {@link CHARS_PER_TOKEN}. No network, no tokenizer download.
 * The 5.x models' tokenizer gives about 30% more tokens than earlier Claude models for the same
 * text, so 2.7 characters a token instead of the 3.5 of earlier ones (see `models.ts`, where each
 * model carries its own figure); the budget check adds its own margin (input priced as cache
 * writes), so a rough figure is enough.
 */
export const CHARS_PER_TOKEN = 2.7;

/**
 * Estimated tokens of a text.
 *
 * @param text Any text (a prompt, a JSON request body).
 * @param charsPerToken The model's characters per token (default {@link CHARS_PER_TOKEN}).
 */
export function estimateTokens(text: string, charsPerToken = CHARS_PER_TOKEN): number {
  return Math.ceil(text.length / charsPerToken);
}
