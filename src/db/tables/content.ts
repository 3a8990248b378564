// Site content: news and pages, showcases, uploaded files (src/content).
// Part of the Database type (src/db/schema.ts), written beside migrations/.
import type { Generated, ColumnType, RawBuilder } from 'kysely';
import type { Json } from './columns.ts';

/** Site content of every type (migration 0013); `fields` holds the type's own fields (src/content/defs.ts). */
export interface ContentItemTable {
  id: string;
  type: string;
  name: string;
  title_translated: Json<Record<string, string>>;
  summary_translated: Json<Record<string, string>>;
  body_format: string;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  fields: Json<Record<string, unknown>>;
  image_url: string | null;
  published: string;
  active: boolean;
  position: number;
  creator_user_id: string | null;
  created: Generated<string>;
  modified: string;
}

/** The heavy half of a content item: its bodies (kept out of the list path). */
export interface ContentBodyTable {
  id: string;
  body_translated: Json<Record<string, string>>;
  body_html_translated: Json<Record<string, string>>;
}

/**
 * What a content list filters and sorts on, one narrow row per item (migration 0024), with `words`:
 * the tsvector of every searchable field. Written with its item by contentRows (src/content/input.ts).
 */
export interface ContentSearchTable {
  id: string;
  type: string;
  active: boolean;
  published: string;
  position: number;
  tags: ColumnType<string[], string[], string[]>;
  /** Written as an SQL expression (strip(to_tsvector(...))), never read back. */
  words: ColumnType<never, RawBuilder<unknown>, RawBuilder<unknown>>;
}

/** Items per type and active flag, kept by trigger (migration 0024): the totals of unfiltered lists. */
export interface ContentCountTable {
  type: string;
  active: boolean;
  n: ColumnType<string, never, never>;
}

export interface ShowcaseTable {
  id: string;
  name: string;
  title_translated: Json<Record<string, string>>;
  notes_translated: Json<Record<string, string>>;
  url: string | null;
  image_url: string | null;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  state: string;
  creator_user_id: string | null;
  metadata_created: string;
  metadata_modified: string;
}

export interface ShowcasePackageTable {
  showcase_id: string;
  package_id: string;
  created: Generated<string>;
}

/** An uploaded image or file: metadata here, bytes in the upload store under storage_key. */
export interface ContentFileTable {
  id: string;
  storage_key: string;
  filename: string;
  mimetype: string;
  size: number;
  sha256: string;
  owner_kind: string;
  owner_id: string | null;
  created: Generated<string>;
}
