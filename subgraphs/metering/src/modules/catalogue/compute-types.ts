import { DataSource } from 'typeorm';
import { ComputeType } from './compute-type.entity';

/** The seed's compute types and their chart colors (SmythOS "Understanding the Usage Chart"). */
export const seededComputeTypes: readonly ComputeType[] = [
  { key: 'TASKS', name: 'Tasks', color: '#FACC15', position: 1 },
  { key: 'WEAVER', name: 'Weaver', color: '#22C55E', position: 2 },
  { key: 'LLM', name: 'LLM', color: '#10B981', position: 3 },
  { key: 'TOOLS', name: 'Tools', color: '#3B82F6', position: 4 },
  { key: 'CODE', name: 'Code', color: '#EC4899', position: 5 },
  { key: 'IMAGE_GENERATION', name: 'Image Generation', color: '#8B5CF6', position: 6 },
];

/** The catalogue, read once a minute at most: it changes by deployment, and every event names one. */
export class ComputeTypeCatalogue {
  private cached: { at: number; types: ComputeType[] } | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly now: () => number,
  ) {}

  /** Adds the seeded types that are missing (INSERT IGNORE: instances starting together agree); an operator's rows are kept. */
  async seed(): Promise<void> {
    await this.dataSource.createQueryBuilder().insert().into(ComputeType).values([...seededComputeTypes]).orIgnore().execute();
    this.cached = null;
  }

  async all(): Promise<ComputeType[]> {
    if (this.cached && this.now() - this.cached.at < 60_000) return this.cached.types;
    const types = await this.dataSource.getRepository(ComputeType).find({ order: { position: 'ASC', key: 'ASC' } });
    this.cached = { at: this.now(), types };
    return types;
  }

  async keys(): Promise<Set<string>> {
    return new Set((await this.all()).map((t) => t.key));
  }
}
