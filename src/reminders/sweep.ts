// The daily deadline sweep (a recurring scheduler job at PASPORT_SWEEP_TIME in the portal's time zone):
// records the deadlines that came due, writes the reminders, overdue notices and escalations owed
// today (src/reminders/rules.ts) and, on working days, the operators' digest of overdue datasets. It
// runs in the job's transaction: its notices and the job's "done" mark commit together.
import type { JobKind } from '../scheduler/service.ts';
import type { DB } from '../db/connect.ts';
import type { Services } from '../services.ts';
import { localDay, type LocalDay } from '../calendar/days.ts';
import { calendarFor } from '../calendar/portal.ts';
import { notify, type Notice } from '../notifications/notify.ts';
import { membersByOrg, operators } from '../notifications/recipients.ts';
import { titleIn } from '../notifications/render.ts';
import { DeadlineMemo, watchedPassports, type Passport } from './passports.ts';
import { recordDeadlines } from './record.ts';
import { owedNotices, type Overdue, type Owed } from './rules.ts';

export const SWEEP_JOB = 'update-control.sweep';
const DIGEST_LINES = 50;

type Org = { id: string; name: string; title: string | null; title_translated: Record<string, string> };

async function organizations(db: DB, ids: string[]): Promise<Map<string, Org>> {
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom('group')
    .select(['id', 'name', 'title', 'title_translated'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r as unknown as Org]));
}

function dataset(p: Passport) {
  return {
    id: p.id,
    name: p.name,
    passport_code: p.passport_code,
    title: p.title,
    title_translated: p.title_translated,
  };
}

function noticeFor(o: Owed, recipients: string[], org: Org | undefined): Notice {
  return {
    kind: o.kind,
    userIds: recipients,
    dataset: dataset(o.passport),
    organization: org ?? null,
    params: { due: o.due, days: o.days, escalate_on: o.escalateOn, by: o.by },
    due: o.by,
    dedupeKey: `${o.kind}:${o.passport.id}:${o.due}`,
    data: { deadline: o.due, days: o.days },
  };
}

function digest(overdue: Overdue[], today: LocalDay, ops: string[], orgs: Map<string, Org>, fallback: string): Notice {
  const worst = [...overdue]
    .sort((a, b) => b.days - a.days || (a.passport.passport_code ?? '').localeCompare(b.passport.passport_code ?? ''))
    .slice(0, DIGEST_LINES);
  const more = overdue.length - worst.length;
  return {
    kind: 'operator_digest',
    userIds: ops,
    params: { due: today, count: overdue.length, by: today },
    due: today,
    dedupeKey: `operator_digest:${today}`,
    data: { day: today, overdue: overdue.length },
    paramsFor: (lang) => ({
      lines:
        worst
          .map((o) => {
            const org = o.passport.owner_org ? orgs.get(o.passport.owner_org) : undefined;
            return `- ${o.passport.passport_code ?? o.passport.name} ${titleIn(o.passport, lang, fallback)} (${titleIn(org, lang, fallback)}): ${o.due} (+${o.days})`;
          })
          .join('\n') + (more > 0 ? `\n… +${more}` : ''),
    }),
  };
}

export async function sweep(db: DB, services: Services, now: Date): Promise<{ recorded: number; notices: number }> {
  const { config } = services;
  const today = localDay(now, config.timezone);
  const cal = await calendarFor(db, config);
  const passports = await watchedPassports(db);
  const memo = new DeadlineMemo(cal, config.timezone);
  const recorded = await recordDeadlines(db, memo, passports, today, now);
  const { owed, overdue } = owedNotices(passports, today, cal, memo, config);
  const orgIds = [...new Set([...owed, ...overdue].map((o) => o.passport.owner_org).filter((x): x is string => !!x))];
  const [authors, admins, ops, orgs] = await Promise.all([
    membersByOrg(db, orgIds, ['editor', 'admin']),
    membersByOrg(db, orgIds, ['admin']),
    operators(db),
    organizations(db, orgIds),
  ]);
  const notices: Notice[] = owed.map((o) => {
    const org = o.passport.owner_org;
    const to =
      o.kind === 'update_escalation'
        ? [...(org ? (admins.get(org) ?? []) : []), ...ops]
        : org
          ? (authors.get(org) ?? [])
          : [];
    return noticeFor(o, to, org ? orgs.get(org) : undefined);
  });
  if (overdue.length && ops.length && cal.isWorkingDay(today))
    notices.push(digest(overdue, today, ops, orgs, config.defaultLanguage));
  const written = await notify(db, services, notices, now);
  return { recorded, notices: written };
}

export const sweepJob: JobKind = {
  kind: SWEEP_JOB,
  async handler({ db, services, now }) {
    await sweep(db, services, now);
  },
};
