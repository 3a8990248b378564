// The daily feedback sweep: a new message not forwarded by its forward_due is escalated to the
// operators; a forwarded message not answered by its answer_due is flagged overdue and escalated to
// the organization's editors and admins and the operators. Dedupe keys make each notice exist once.
import type { DB } from '../db/connect.ts';
import type { Services } from '../services.ts';
import { daysBetween, type LocalDay } from '../calendar/days.ts';
import type { WorkCalendar } from '../calendar/calendar.ts';
import { stamp } from '../scheduler/queue.ts';
import { notify, type Notice } from '../notifications/notify.ts';
import { membersByOrg } from '../notifications/recipients.ts';
import { stageWord } from '../requests/texts.ts';
import { shortRef } from './store.ts';

export async function sweepFeedback(
  db: DB,
  services: Services,
  now: Date,
  today: LocalDay,
  cal: WorkCalendar,
  ops: string[],
): Promise<number> {
  const late = await db
    .selectFrom('feedback as f')
    .leftJoin('group as g', 'g.id', 'f.organization_id')
    .leftJoin('package as p', 'p.id', 'f.package_id')
    .select([
      'f.id',
      'f.status',
      'f.organization_id',
      'f.forward_due',
      'f.answer_due',
      'f.overdue_at',
      'g.name as org_name',
      'g.title as org_title',
      'g.title_translated as org_tt',
      'p.id as pkg_id',
      'p.name as pkg_name',
      'p.passport_code',
      'p.title as pkg_title',
      'p.title_translated as pkg_tt',
    ])
    .where((eb) =>
      eb.or([
        eb.and([eb('f.status', '=', 'new'), eb('f.forward_due', '<', today)]),
        eb.and([
          eb('f.status', 'in', ['forwarded', 'extended']),
          eb('f.answer_due', '<', today),
          eb('f.overdue_at', 'is', null),
        ]),
      ]),
    )
    .execute();
  if (!late.length) return 0;
  const orgIds = late.map((r) => r.organization_id).filter((x): x is string => !!x);
  const members = await membersByOrg(db, orgIds, ['editor', 'admin']);
  const notices: Notice[] = [];
  const by = cal.addWorkingDays(today, 1);
  for (const r of late) {
    const stage = r.status === 'new' ? 'forward' : 'answer';
    const due = (stage === 'forward' ? r.forward_due : r.answer_due)!;
    const to =
      stage === 'forward' ? ops : [...(r.organization_id ? (members.get(r.organization_id) ?? []) : []), ...ops];
    if (stage === 'answer')
      await db
        .updateTable('feedback')
        .set({ overdue_at: stamp(now) })
        .where('id', '=', r.id)
        .execute();
    notices.push({
      kind: 'feedback_overdue',
      userIds: to,
      dataset: r.pkg_id
        ? {
            id: r.pkg_id,
            name: r.pkg_name!,
            passport_code: r.passport_code,
            title: r.pkg_title,
            title_translated: r.pkg_tt as Record<string, string> | null,
          }
        : null,
      organization: r.organization_id
        ? {
            id: r.organization_id,
            name: r.org_name,
            title: r.org_title,
            title_translated: r.org_tt as Record<string, string> | null,
          }
        : null,
      params: { code: shortRef(r.id), due, days: daysBetween(due, today), by },
      paramsFor: (lang) => ({ message: stageWord(stage, lang) }),
      due: by,
      dedupeKey: `feedback_overdue:${r.id}:${stage}:${due}`,
      data: { feedback_id: r.id, stage, due },
    });
  }
  return notify(db, services, notices, now);
}
