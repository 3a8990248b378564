// A portal with an operator, an organization (editor, admin), citizens and a real SMTP server, for
// the tests of requests and feedback. Every notice is read back from the inbox (notification_list)
// and from the SMTP server's mailbox.
import type { Test } from 'tap';
import { startServer, type TestServer } from '../helpers/server.ts';
import { startSmtp, type Mailbox } from '../helpers/smtp.ts';
import { makeOrg, makeStructure } from '../helpers/fixtures.ts';
import { ManualClock } from '../../src/clock.ts';
import type { Scheduler } from '../../src/scheduler/service.ts';

export interface Portal {
  s: TestServer;
  mail: Mailbox;
  clock: ManualClock;
  scheduler: Scheduler;
  olga: { id: string; name: string; token: string };
  eddie: { id: string; name: string; token: string };
  ada: { id: string; name: string; token: string };
  rita: { id: string; name: string; token: string };
  vic: { id: string; name: string; token: string };
  org: { id: string; name: string };
  other: { id: string; name: string };
  /** Kinds (and subjects) in a user's inbox, oldest first. */
  inbox(user: { token: string }): Promise<{ kind: string; subject: string; body: string; due_date: string | null }[]>;
  /** Messages the SMTP server received for an address, oldest first (after running due jobs). */
  mailsTo(address: string): Promise<{ subject: string; text: string }[]>;
}

/** Monday 6 October 2025, 10:00 in Tashkent: no public holiday in the weeks after. */
export const START = '2025-10-06T05:00:00Z';

export async function portal(
  t: Test,
  opts: { embedded?: boolean; env?: Record<string, string> } = {},
): Promise<Portal> {
  const clock = new ManualClock(START);
  const mail = await startSmtp(t);
  const s = await startServer(t, {
    clock,
    embedded: opts.embedded,
    env: {
      SMTP_URL: mail.url,
      MAIL_FROM: 'Portal <portal@example.org>',
      PASPORT_REQUEST_VOTES_TO_FORWARD: '2',
      PASPORT_LANGUAGES: 'ru,uz,uz-Cyrl,en,kk,ky',
      ...opts.env,
    },
    config: { scheduler: { enabled: true, intervalMs: 0 } },
  });
  const scheduler = s.pasport.services.extensions.scheduler as Scheduler;
  await makeStructure(s, '7');
  const org = await makeOrg(s, 'stat', {
    code: '001',
    structure: '7',
    title_translated: { ru: 'Статистика', en: 'Statistics', uz: 'Statistika' },
  });
  const other = await makeOrg(s, 'other', { code: '002', structure: '7' });
  const olga = await s.user('olga', { operator: true });
  const eddie = await s.user('eddie');
  const ada = await s.user('ada');
  const rita = await s.user('rita');
  const vic = await s.user('vic');
  await s.ok('organization_member_create', { id: org.id, username: 'eddie', role: 'editor' });
  await s.ok('organization_member_create', { id: org.id, username: 'ada', role: 'admin' });
  await s.ok('notification_preferences_update', { language: 'en' }, vic.token);
  return {
    s,
    mail,
    clock,
    scheduler,
    olga,
    eddie,
    ada,
    rita,
    vic,
    org,
    other,
    async inbox(user) {
      const r = await s.ok('notification_list', { limit: 100 }, user.token);
      return r.results
        .reverse()
        .map((n: any) => ({ kind: n.kind, subject: n.subject, body: n.body, due_date: n.due_date }));
    },
    async mailsTo(address) {
      await scheduler.runDue();
      return mail.messages.filter((m) => m.to.includes(address)).map((m) => ({ subject: m.subject, text: m.text }));
    },
  };
}
