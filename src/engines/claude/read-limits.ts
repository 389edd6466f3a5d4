/** Most characters of source text one `read_source` call returns. */
export const READ_MAX_CHARS = 6000;
