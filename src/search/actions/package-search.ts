import { defineAction } from '../../actions/types.ts';
import { anyone } from '../../auth/rules.ts';
import { searchInputSchema } from '../params.ts';
import { cachedPackageSearch } from '../service.ts';

export default defineAction({
  name: 'package_search',
  tag: 'datasets',
  description: `Search datasets, with CKAN's parameters and result shape.

:param q: the query: free text (all words must match, in any portal language; typos are tolerated
  when nothing matches exactly) and/or Solr-style field:value clauses
:param fq: a filter query: field:value, "phrases", AND/OR/NOT, leading -/+, parentheses,
  ranges [a TO b] with * and date math (NOW, NOW-1DAY, NOW/DAY)
:param fq_list: more filter queries, all applied
:param sort: e.g. "metadata_modified desc" or "id asc"; default "score desc, metadata_modified desc".
  Sortable: score, id, name, title_string, metadata_modified, metadata_created, passport_code,
  priority, relevance, views_recent, views_total (page views: last 14 days, all time; src/tracking)
:param rows: page size (default 10, at most 1000); start: offset (default 0)
:param cursor: "*" to start keyset paging, then the previous page's next_cursor (see the search
  README): complete and stable at any depth
:param facet.field: JSON list of fields to count (tags, groups, organization, res_format,
  license_id, sphere, priority, relevance, ai_ready, provision, update_frequency, overdue, ...)
:param facet.limit: values per facet (default 50; negative: all); facet.mincount: default 1
:param include_private, include_drafts, include_deleted: also datasets the caller may read in those
  states
:param lang: the language of facet display names (default: the portal's first language)
:param fl: return only these fields of each dataset
:rtype: {count, results (package dicts as package_show returns them), facets, search_facets, sort}

Indexed fields: id, name, title, notes, tags, groups, organization, owner_org, res_format,
res_name, res_description, license_id, state, capacity, dataset_type, creator_user_id,
metadata_created, metadata_modified, extras_*, passport_code, sphere, priority, relevance, ai_ready,
provision, update_frequency, overdue.`,
  sideEffectFree: true,
  input: searchInputSchema,
  auth: anyone,
  handler: async (ctx, input: Record<string, unknown>) => cachedPackageSearch(ctx, input),
});
