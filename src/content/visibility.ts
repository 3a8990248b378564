// Who sees what. Writers (operators, sysadmins) see every item; everyone else only items that are
// active and whose published time has come: a draft or a news item scheduled for tomorrow is on no
// public surface (show, list, search, feed, its uploaded picture).
import type { ActionContext } from '../actions/types.ts';
import type { ContentRow } from './input.ts';

export function canWrite(ctx: Pick<ActionContext, 'user'>): boolean {
  return !!(ctx.user?.sysadmin || ctx.user?.operator);
}

/** "Now" as stored timestamps are written (naive UTC), from the service clock. */
export function nowStamp(ctx: Pick<ActionContext, 'services'>): string {
  return ctx.services.clock.now().toISOString().slice(0, 23);
}

export function isPublic(row: Pick<ContentRow, 'active' | 'published'>, now: string): boolean {
  return row.active && row.published <= now;
}
