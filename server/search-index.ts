// Keeps the in-memory search index in step with the graph: built at start, a source's documents
// replaced after each harvest, and a debounced rebuild after any mutation (searches keep
// answering from the previous index while it is built).
import type { Graph } from '../catalog/graph/port.ts';
import { CatalogSearch } from '../catalog/search.ts';
import { searchDocuments } from '../catalog/search-docs.ts';
import type { Logger } from './logger.ts';

export class SearchIndexKeeper {
  private index = new CatalogSearch();
  private timer: NodeJS.Timeout | null = null;
  private building: Promise<void> | null = null;
  private again = false;

  constructor(private readonly graph: Graph, private readonly log: Logger, private readonly debounceMs = 1500) {}

  get current(): CatalogSearch { return this.index; }

  /** Rebuilds the whole index and swaps it in. */
  rebuild(): Promise<void> {
    if (this.building) { this.again = true; return this.building; }
    this.building = (async () => {
      try {
        const next = new CatalogSearch();
        next.add(await searchDocuments(this.graph));
        this.index = next;
      } catch (err) {
        this.log.error({ err: (err as Error).message }, 'search index rebuild failed; the previous index stays');
      } finally {
        this.building = null;
        if (this.again) { this.again = false; void this.rebuild(); }
      }
    })();
    return this.building;
  }

  /** Replaces one source's datasets and columns (after a harvest). */
  async refreshSource(sourceId: string): Promise<void> {
    const docs = await searchDocuments(this.graph, sourceId);
    const keep = new Set(docs.map((d) => d.id));
    const stale: string[] = [];
    // Dropped datasets and columns leave the index.
    let after: string | null = null;
    do {
      const page = this.index.search('', { filters: { sourceId: [sourceId] }, first: 1000, after });
      for (const hit of page.hits) if (!keep.has(hit.id)) stale.push(hit.id);
      after = page.hasNextPage ? page.endCursor : null;
    } while (after);
    this.index.remove(stale);
    this.index.upsert(docs);
  }

  /** Something changed (grades, owners, standards): rebuild soon, once. */
  touch(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => { this.timer = null; void this.rebuild(); }, this.debounceMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}
