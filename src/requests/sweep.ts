// The daily sweep of citizens' clocks (a recurring scheduler job at PASPORT_CITIZEN_SWEEP_TIME, in the
// job's transaction). A forwarded request still unanswered after its refuse_due (the working days to
// refuse) is flagged (response_overdue_at), and one not fulfilled after its publish_due (the calendar
// days to publish) is flagged (publish_overdue_at); each flag notifies the organization's editors and
// admins and the operators once. Then the feedback clocks (src/feedback/sweep.ts).
import type { JobKind } from '../scheduler/service.ts';
import type { DB } from '../db/connect.ts';
import type { Services } from '../services.ts';
import { daysBetween, localDay, type LocalDay } from '../calendar/days.ts';
import { calendarFor } from '../calendar/portal.ts';
import type { WorkCalendar } from '../calendar/calendar.ts';
import { stamp } from '../scheduler/queue.ts';
import { notify, type Notice } from '../notifications/notify.ts';
import { membersByOrg, operators } from '../notifications/recipients.ts';
import { sweepFeedback } from '../feedback/sweep.ts';
import { noticeSubject, shortRef } from './store.ts';
import { stageWord } from './texts.ts';

export const CITIZEN_SWEEP_JOB = 'citizens.sweep';

async function sweepRequests(
  db: DB,
  services: Services,
  now: Date,
  today: LocalDay,
  cal: WorkCalendar,
  ops: string[],
): Promise<number> {
  const rows = await db
    .selectFrom('data_request as r')
    .leftJoin('group as g', 'g.id', 'r.organization_id')
    .selectAll('r')
    .select(['g.name as org_name', 'g.title as org_title', 'g.title_translated as org_tt'])
    .where('r.status', '=', 'forwarded')
    .where((eb) =>
      eb.or([
        eb.and([eb('r.refuse_due', '<', today), eb('r.response_overdue_at', 'is', null)]),
        eb.and([eb('r.publish_due', '<', today), eb('r.publish_overdue_at', 'is', null)]),
      ]),
    )
    .execute();
  if (!rows.length) return 0;
  const members = await membersByOrg(db, rows.map((r) => r.organization_id!).filter(Boolean), ['editor', 'admin']);
  const notices: Notice[] = [];
  for (const r of rows) {
    const stages: ('response' | 'publish')[] = [];
    if (r.refuse_due! < today && !r.response_overdue_at) stages.push('response');
    if (r.publish_due! < today && !r.publish_overdue_at) stages.push('publish');
    await db
      .updateTable('data_request')
      .set({
        ...(stages.includes('response') ? { response_overdue_at: stamp(now) } : {}),
        ...(stages.includes('publish') ? { publish_overdue_at: stamp(now) } : {}),
      })
      .where('id', '=', r.id)
      .execute();
    for (const stage of stages) {
      const due = stage === 'response' ? r.refuse_due! : r.publish_due!;
      notices.push({
        kind: 'request_overdue',
        userIds: [...(members.get(r.organization_id!) ?? []), ...ops],
        subject: noticeSubject(r),
        organization: r.organization_id
          ? {
              id: r.organization_id,
              name: r.org_name,
              title: r.org_title,
              title_translated: r.org_tt as Record<string, string> | null,
            }
          : null,
        params: {
          code: shortRef(r.id),
          due,
          days: daysBetween(due, today),
          by: stage === 'response' ? r.publish_due! : cal.addWorkingDays(today, 1),
        },
        paramsFor: (lang) => ({ message: stageWord(stage, lang) }),
        due: stage === 'response' ? r.publish_due : cal.addWorkingDays(today, 1),
        dedupeKey: `request_overdue:${r.id}:${stage}`,
        data: { request_id: r.id, stage, due },
      });
    }
  }
  return notify(db, services, notices, now);
}

export async function citizenSweep(
  db: DB,
  services: Services,
  now: Date,
): Promise<{ requests: number; feedback: number }> {
  const today = localDay(now, services.config.timezone);
  const cal = await calendarFor(db, services.config);
  const ops = await operators(db);
  return {
    requests: await sweepRequests(db, services, now, today, cal, ops),
    feedback: await sweepFeedback(db, services, now, today, cal, ops),
  };
}

export const citizenSweepJob: JobKind = {
  kind: CITIZEN_SWEEP_JOB,
  async handler({ db, services, now }) {
    await citizenSweep(db, services, now);
  },
};
