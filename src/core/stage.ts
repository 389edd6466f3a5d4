/**
 * Stage names: one list, so that a stage is never named by a free string (a typo would book a
 * cost under a stage that does not exist).
 */

/** The pipeline's stages, in the order a run goes through them. */
export const PIPELINE_STAGES = [
  'fetch',
  'extract',
  'dedupe',
  'draft',
  'critique',
  'write',
] as const;

/** A pipeline stage: the name of its folder in `src/stages/` and of its output in the run folder. */
export type PipelineStage = (typeof PIPELINE_STAGES)[number];

/**
 * A pipeline stage, or a layer that runs outside them: the topic file, the project config, the
 * command line, the
 * corpus service, the run as a whole.
 */
export type StageName = PipelineStage | 'topic' | 'config' | 'cli' | 'corpus' | 'run';
