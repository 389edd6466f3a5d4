import { mkdirSync } from 'node:fs';
import type { PipelineStage } from '../core/stage.js';
import {
  loadStageOutput,
  saveRunRecord,
  saveStageOutput,
  type RunRecord,
} from '../core/run-record.js';

/** Receives one progress line per finished stage (the CLI prints them on stderr). */
export type Progress = (line: string) => void;

/**
 * Runs stages in order, timing each and recording its typed output in the run folder as it
 * finishes, so an interrupted run can be resumed: a stage whose output is already there is not
 * run again.
 */
export class StageRunner {
  constructor(
    private readonly runDir: string,
    private readonly record: RunRecord,
    private readonly progress: Progress,
    private readonly resume: boolean,
  ) {
    mkdirSync(runDir, { recursive: true });
  }

  /**
   * Runs one stage, or reads its recorded output back when resuming.
   *
   * @param name Stage name (also the output file name, `<name>.json`).
   * @param run Does the stage's work.
   * @param summarize One line with counts for the progress line and the report.
   */
  async stage<T>(
    name: PipelineStage,
    run: () => Promise<T> | T,
    summarize: (output: T) => string,
  ): Promise<T> {
    if (this.resume) {
      const saved = loadStageOutput<T>(this.runDir, name);
      if (saved !== undefined) {
        const summary = summarize(saved);
        this.push({ name, status: 'resumed', elapsedMs: 0, summary });
        this.progress(`${name}: resumed from the run folder (${summary})`);
        return saved;
      }
    }
    const started = performance.now();
    try {
      const output = await run();
      const elapsedMs = performance.now() - started;
      saveStageOutput(this.runDir, name, output);
      const summary = summarize(output);
      this.push({ name, status: 'done', elapsedMs, summary });
      this.progress(`${name}: ${summary} (${Math.round(elapsedMs)} ms)`);
      return output;
    } catch (error) {
      this.push({
        name,
        status: 'failed',
        elapsedMs: performance.now() - started,
        summary: 'failed',
      });
      throw error;
    }
  }

  /** Records a stage that did not run, and why. */
  skip(name: PipelineStage, why: string): void {
    this.push({ name, status: 'skipped', elapsedMs: 0, summary: why });
    this.progress(`${name}: skipped (${why})`);
  }

  /** Saves the run record now. */
  save(): void {
    saveRunRecord(this.runDir, this.record);
  }

  private push(stage: RunRecord['stages'][number]): void {
    this.record.stages = this.record.stages.filter((existing) => existing.name !== stage.name);
    this.record.stages.push(stage);
    this.save();
  }
}
