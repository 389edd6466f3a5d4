/** Input of the write stage: a rendered draft and the slug it wants. */
export interface WriteInput {
  /** Renders the draft file for a given slug (the slug is part of the frontmatter). */
  render: (slug: string) => string;
  /** The slug wanted; a suffix `-2`, `-3`, ... is added when it is taken. */
  slug: string;
}

/** Output of the write stage. */
export interface WriteOutput {
  /** Path of the draft, relative to the project root. */
  path: string;
  /** The slug the draft got. */
  slug: string;
}
