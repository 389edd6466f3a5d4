/**
 * The web research of a run (issue 23): the one place where the agent's `search_web` and
 * `add_sources` turn into a provider query and into fetch → extract → dedupe of chosen URLs, with
 * the same client, guard, caps and cache as the topic's own sources. The session holds the limits
 * (`research.maxQueries`, `research.maxNewSources`, the budget at `search.pricePerQueryUsd` a
 * query), numbers added sources after the run's own ids, and records every query and URL.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_PRICE_PER_QUERY_USD } from '../core/config.js';
import type { StageContext } from '../core/context.js';
import { writeFileAtomic } from '../core/files.js';
import type {
  ResearchQueryRecord,
  ResearchRecord,
  ResearchSourceRecord,
} from '../core/run-record.js';
import type { CorpusIndex } from '../corpus/types.js';
import type {
  AddSourcesAnswer,
  Research,
  ResearchStep,
  WebSearchAnswer,
} from '../engines/types.js';
import { dedupe, normalisedUrlOf as keyOf } from '../stages/dedupe/index.js';
import type { DedupeOutput, Drop } from '../stages/dedupe/types.js';
import { extract } from '../stages/extract/index.js';
import type { Article, ExtractFailure, ExtractOutput } from '../stages/extract/types.js';
import { openPageFetcher, type PageFetcher } from '../stages/fetch/index.js';
import { noProviderReason, searchProviderOf } from '../stages/fetch/search.js';
import type {
  FetchedDocument,
  FetchOutput,
  FetchRecord,
  SourceItem,
} from '../stages/fetch/types.js';

/** Results asked of the provider per query. */
export const RESULTS_PER_QUERY = 8;

/** The session's state file in the run folder (read back on resume). */
const STATE_FILE = 'research.json';

/** What the session adds to the run's sources, in the shapes of the first three stages. */
interface Additions {
  items: SourceItem[];
  documents: FetchedDocument[];
  /** Page requests made for added URLs (with their source ids). */
  records: FetchRecord[];
  articles: Article[];
  failures: ExtractFailure[];
  kept: Article[];
  dropped: Drop[];
}

/** The saved state: what was asked and what it gave, so a resumed run keeps the added sources. */
interface State {
  log: ResearchRecord;
  additions: Additions;
  /** Result URLs of the queries made, with the query that listed them. */
  hits: Array<[string, string]>;
  nextId: number;
}

/** What opening research needs from the run. */
export interface ResearchDeps {
  /** The sources the run already has: every item (for ids and known URLs) and the kept ones. */
  fetched: FetchOutput;
  kept: Article[];
  /** The corpus index (loaded once per run). */
  corpus: () => Promise<CorpusIndex>;
  /** Writes an extracted source to the run folder (`sources/<id>.md`). */
  writeSource: (article: Article) => void;
}

/**
 * Research for this run, or the note saying why there is none: the topic must enable it
 * (`research:`), the engine must be one that searches (not the offline engine), and a provider
 * must be configured.
 *
 * @param ctx Stage context (topic, config, env, budget, run folder).
 * @param engineId The drafting engine's id.
 * @param deps The run's sources and corpus.
 */
export function openResearch(
  ctx: StageContext,
  engineId: string,
  deps: ResearchDeps,
): { session: ResearchSession | null; note: string | null } {
  const limits = ctx.topic.research;
  if (!limits) return { session: null, note: null };
  if (engineId === 'offline')
    return { session: null, note: 'research: the offline engine does not search the web' };
  const fetcher = openPageFetcher(ctx);
  if (!fetcher.provider) {
    void fetcher.close();
    return {
      session: null,
      note: `research: enabled by the topic, but ${noProviderReason(ctx.config.search)}; the agent drafts from the listed sources only`,
    };
  }
  return { session: new ResearchSession(ctx, fetcher, fetcher.provider, deps), note: null };
}

/** One run's web research; see the module comment. */
export class ResearchSession implements Research {
  readonly provider: string;
  private readonly state: State;
  private readonly known = new Map<string, string>();
  private readonly priceUsd: number;

  /**
   * @param ctx Stage context.
   * @param fetcher The run's page fetcher (its client, its provider).
   * @param provider The provider's name.
   * @param deps The run's sources and corpus.
   */
  constructor(
    private readonly ctx: StageContext,
    private readonly fetcher: PageFetcher,
    provider: string,
    private readonly deps: ResearchDeps,
  ) {
    this.provider = provider;
    const limits = ctx.topic.research ?? { maxQueries: 0, maxNewSources: 0 };
    this.priceUsd = ctx.config.search?.pricePerQueryUsd ?? DEFAULT_PRICE_PER_QUERY_USD;
    const numbers = deps.fetched.items.length;
    const saved = loadState(ctx.runDir);
    this.state = saved ?? {
      log: {
        provider,
        maxQueries: limits.maxQueries,
        maxNewSources: limits.maxNewSources,
        pricePerQueryUsd: this.priceUsd,
        queries: [],
        sources: [],
      },
      additions: {
        items: [],
        documents: [],
        records: [],
        articles: [],
        failures: [],
        kept: [],
        dropped: [],
      },
      hits: [],
      nextId: numbers + 1,
    };
    // A resumed run has paid for the searches of its earlier attempt: they count again here.
    if (saved) ctx.budget.charge(this.spentUsd);
    deps.fetched.items.forEach((item, index) => this.known.set(keyOf(item.url), `s${index + 1}`));
    for (const item of this.state.additions.items) this.known.set(keyOf(item.url), item.url);
  }

  /** The record of every query and URL, for the run record and the report. */
  get log(): ResearchRecord {
    return this.state.log;
  }

  /** Dollars the queries made have cost. */
  get spentUsd(): number {
    return this.state.log.queries.reduce((sum, query) => sum + query.costUsd, 0);
  }

  /** The sources research added (new ids), in the order they joined. */
  get added(): Article[] {
    return this.state.additions.kept;
  }

  /** {@inheritDoc Research.remaining} */
  remaining(): { queries: number; sources: number } {
    const log = this.state.log;
    return {
      queries: Math.max(0, log.maxQueries - log.queries.filter((q) => q.made).length),
      sources: Math.max(0, log.maxNewSources - this.state.additions.kept.length),
    };
  }

  /** {@inheritDoc Research.search} */
  async search(query: string, step: ResearchStep): Promise<WebSearchAnswer> {
    const entry: ResearchQueryRecord = {
      step,
      query,
      provider: this.provider,
      made: false,
      results: 0,
      costUsd: 0,
      error: null,
    };
    const refuse = (reason: string): WebSearchAnswer => {
      entry.error = reason;
      this.push(entry);
      return { ok: false, reason };
    };
    if (this.remaining().queries === 0)
      return refuse(`maxQueries ${this.state.log.maxQueries} reached`);
    const budget = this.ctx.budget;
    // Checked before the call, as model calls are: a query the budget cannot pay is never made.
    if (budget.spentUsd + this.priceUsd > budget.limitUsd)
      return refuse(
        `budget: a query costs $${this.priceUsd.toFixed(4)} and $${budget.remainingUsd.toFixed(4)} of $${budget.limitUsd.toFixed(2)} is left`,
      );
    entry.made = true;
    entry.costUsd = this.priceUsd;
    budget.charge(this.priceUsd);
    const answer = await this.fetcher.search(query, RESULTS_PER_QUERY);
    if ('error' in answer) {
      // A provider error is a recorded source failure, not a broken run.
      entry.error = answer.error;
      this.push(entry);
      return { ok: false, reason: answer.error };
    }
    entry.results = answer.hits.length;
    for (const hit of answer.hits) {
      if (!this.state.hits.some(([url]) => url === keyOf(hit.url)))
        this.state.hits.push([keyOf(hit.url), query]);
    }
    this.push(entry);
    return { ok: true, provider: this.provider, hits: answer.hits };
  }

  /** {@inheritDoc Research.addSources} */
  async addSources(urls: string[], step: ResearchStep): Promise<AddSourcesAnswer> {
    // Entries are logged in the order the URLs were asked for, fetched or not.
    const entries: Array<{ at: number; entry: ResearchSourceRecord }> = [];
    const refuse = (at: number, url: string, query: string | null, reason: string) =>
      entries.push({ at, entry: { step, url, query, outcome: 'refused', id: null, reason } });
    const chosen: Array<{ item: SourceItem; id: string; at: number }> = [];
    let room = this.remaining().sources;
    for (const [at, url] of [...new Set(urls)].entries()) {
      const key = keyOf(url);
      const query = this.state.hits.find(([hit]) => hit === key)?.[1] ?? null;
      if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) {
        refuse(at, url, query, 'not an http(s) URL');
        continue;
      }
      // Only what a search listed: a URL the model made up, or read in a page, is never fetched.
      if (query === null) {
        refuse(at, url, null, 'not a search_web result of this run');
        continue;
      }
      const known = this.known.get(key);
      if (known !== undefined) {
        refuse(at, url, query, `already a source of this run (${known})`);
        continue;
      }
      if (room === 0) {
        refuse(at, url, query, `maxNewSources ${this.state.log.maxNewSources} reached`);
        continue;
      }
      room--;
      const id = `s${this.state.nextId++}`;
      this.known.set(key, id);
      const item = { url: new URL(url).href, title: null, published: null, author: null };
      chosen.push({ item: { ...item, from: `search: ${query}` }, id, at });
    }
    const added =
      chosen.length > 0 ? await this.fetchChosen(chosen, step) : { kept: [], entries: [] };
    entries.push(...added.entries);
    entries.sort((a, b) => a.at - b.at);
    this.state.log.sources.push(...entries.map((e) => e.entry));
    this.save();
    return {
      added: added.kept,
      refused: entries
        .filter((e) => e.entry.outcome !== 'added')
        .map((e) => ({ url: e.entry.url, reason: e.entry.reason })),
    };
  }

  /** The run's sources with research's additions, in the shapes of the first three stages. */
  merged(
    fetched: FetchOutput,
    extracted: ExtractOutput,
    deduped: DedupeOutput,
  ): { fetched: FetchOutput; extracted: ExtractOutput; deduped: DedupeOutput } {
    const a = this.state.additions;
    return {
      fetched: {
        ...fetched,
        items: [...fetched.items, ...a.items],
        documents: [...fetched.documents, ...a.documents],
        records: [...fetched.records, ...a.records],
      },
      extracted: {
        articles: [...extracted.articles, ...a.articles],
        failures: [...extracted.failures, ...a.failures],
      },
      deduped: { kept: [...deduped.kept, ...a.kept], dropped: [...deduped.dropped, ...a.dropped] },
    };
  }

  /** Every request research made (searches and pages), for the run record's fetch table. */
  get requests(): FetchRecord[] {
    return this.fetcher.records;
  }

  /** Releases the fetcher's connections. */
  close(): Promise<void> {
    return this.fetcher.close();
  }

  private async fetchChosen(
    chosen: Array<{ item: SourceItem; id: string; at: number }>,
    step: ResearchStep,
  ): Promise<{ kept: Article[]; entries: Array<{ at: number; entry: ResearchSourceRecord }> }> {
    const a = this.state.additions;
    const fetched = await this.fetcher.fetch(chosen);
    a.items.push(...chosen.map((c) => c.item));
    a.documents.push(...fetched.documents);
    a.records.push(...fetched.records.filter((r) => r.id !== null));
    const extracted = extract({ documents: fetched.documents }, this.ctx);
    for (const article of extracted.articles) this.deps.writeSource(article);
    a.articles.push(...extracted.articles);
    a.failures.push(...extracted.failures);
    const deduped = dedupe(
      {
        articles: extracted.articles,
        corpus: await this.deps.corpus(),
        earlier: [...this.deps.kept, ...a.kept],
      },
      this.ctx,
    );
    a.kept.push(...deduped.kept);
    a.dropped.push(...deduped.dropped);
    const entries: Array<{ at: number; entry: ResearchSourceRecord }> = [];
    for (const { item, id, at } of chosen) {
      const query = item.from.replace(/^search: /, '');
      const entry = (outcome: ResearchSourceRecord['outcome'], reason: string) =>
        entries.push({ at, entry: { step, url: item.url, query, outcome, id, reason } });
      const request = fetched.records.find((r) => r.id === id);
      const failure = extracted.failures.find((f) => f.id === id);
      const drop = deduped.dropped.find((d) => d.id === id);
      if (request && !request.ok)
        entry('failed', `${request.error?.step ?? 'fetch'}: ${request.error?.message ?? 'failed'}`);
      else if (!request) entry('failed', 'fetch: no request was made');
      else if (failure) entry('failed', `extract: ${failure.reason}`);
      else if (drop)
        entry(
          'dropped',
          `${drop.reason}: ${drop.duplicateOf} (${drop.measure} ${drop.similarity.toFixed(3)} >= ${drop.threshold})`,
        );
      else entry('added', '');
    }
    return { kept: deduped.kept, entries };
  }

  private push(entry: ResearchQueryRecord): void {
    this.state.log.queries.push(entry);
    this.save();
  }

  private save(): void {
    writeFileAtomic(join(this.ctx.runDir, STATE_FILE), `${JSON.stringify(this.state)}\n`);
  }
}

function loadState(runDir: string): State | null {
  const file = join(runDir, STATE_FILE);
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8')) as State;
}

/**
 * The `--estimate` line of a topic's web research in a Claude draft (the estimate is of one): at
 * most `maxQueries` queries at the project's price, or why the run would make none. Empty when
 * the topic does not enable research.
 *
 * @param ctx Stage context (topic, config, env).
 */
export function researchEstimateOf(ctx: StageContext): string {
  const limits = ctx.topic.research;
  if (!limits) return '';
  const provider = searchProviderOf(ctx.env, ctx.config.search);
  if (!provider) return `; web research: none (${noProviderReason(ctx.config.search)})`;
  const price = ctx.config.search?.pricePerQueryUsd ?? DEFAULT_PRICE_PER_QUERY_USD;
  return `; web research on ${provider.name}: at most ${limits.maxQueries} queries at $${price.toFixed(4)} = $${(limits.maxQueries * price).toFixed(4)} and ${limits.maxNewSources} new sources`;
}
