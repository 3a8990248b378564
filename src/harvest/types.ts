// What a gatherer (one per source type) hands to the import: every dataset the source offers, already
// mapped to package_create input, with the source's identifier (guid) and URI.
import type { Selectable } from 'kysely';
import type { HarvestSourceTable, HarvestJobTable } from './tables.ts';
import type { Services } from '../services.ts';

export type SourceRow = Selectable<HarvestSourceTable>;
export type JobRow = Selectable<HarvestJobTable>;

export interface RemoteDataset {
  guid: string;
  /** The dataset's IRI at the source (DCAT) or its page/API address. */
  uri: string | null;
  /** The source's own modification stamp, kept for increments. */
  modified: string | null;
  /** package_create input without owner_org and harvest extras. */
  pkg: Record<string, unknown>;
  /** The source's record as received (kept on the harvest object). */
  content: unknown;
}

export interface Gathered {
  datasets: RemoteDataset[];
  /** Every guid the source holds now; null when the gather could not list them all (no deletions then). */
  allGuids: Set<string> | null;
  /** Where the next incremental run starts (CKAN: the newest metadata_modified seen). */
  cursor: string | null;
  /** Records that could not be mapped: kept as errored objects. */
  errors: { guid: string; message: string; content?: unknown }[];
}

export interface GatherContext {
  services: Services;
  source: SourceRow;
  /** The cursor of the last successful job (absent: a full run). */
  since: string | null;
  /** Source headers (decrypted API key). */
  headers: Record<string, string>;
  /** Called after each page so the job can report progress, heartbeat and check its deadline. */
  tick(note: string): Promise<void>;
}

export type Gatherer = (g: GatherContext) => Promise<Gathered>;
