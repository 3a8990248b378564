// Which notices update control owes today, from each passport's next due date (pure; no database):
// - a reminder to the authors from `reminderDays` working days before the deadline until it;
// - the overdue notice to the authors from the first working day after a missed deadline (the
//   regulation: the operator notifies the provider within one working day);
// - an escalation to the organization's admins and the operators `escalationDays` working days after it.
// Each is owed once per (passport, deadline): the sweep writes it under a dedupe key, so repeating the
// sweep (another instance, a restart, a late run catching up) sends nothing twice.
import type { WorkCalendar } from '../calendar/calendar.ts';
import { daysBetween, type LocalDay } from '../calendar/days.ts';
import type { Config } from '../config.ts';
import type { DeadlineMemo, Passport } from './passports.ts';

export interface Owed {
  kind: 'update_reminder' | 'update_overdue' | 'update_escalation';
  passport: Passport;
  due: LocalDay;
  /** reminder: working days left; overdue: calendar days late; escalation: working days late. */
  days: number;
  /** The day by which the recipient is expected to act. */
  by: LocalDay;
  escalateOn: LocalDay;
}

export interface Overdue {
  passport: Passport;
  due: LocalDay;
  days: number;
}

export function owedNotices(
  passports: Passport[],
  today: LocalDay,
  cal: WorkCalendar,
  memo: DeadlineMemo,
  config: Config,
): { owed: Owed[]; overdue: Overdue[] } {
  const { reminderDays, escalationDays } = config.updateControl;
  const owed: Owed[] = [];
  const overdue: Overdue[] = [];
  for (const p of passports) {
    const due = memo.status(p, today).next_update_due;
    if (!due) continue;
    if (today < due) {
      if (reminderDays > 0 && today >= cal.addWorkingDays(due, -reminderDays)) {
        owed.push({
          kind: 'update_reminder',
          passport: p,
          due,
          days: cal.workingDaysBetween(today, due),
          by: due,
          escalateOn: due,
        });
      }
      continue;
    }
    if (today === due) continue;
    const late = daysBetween(due, today);
    overdue.push({ passport: p, due, days: late });
    // Authors have until the day before escalation; with escalation on the first day, that day itself.
    const escalateOn = cal.addWorkingDays(due, Math.max(1, escalationDays));
    const lastDay = escalationDays > 1 ? cal.addWorkingDays(due, escalationDays - 1) : escalateOn;
    if (today >= cal.addWorkingDays(due, 1))
      owed.push({ kind: 'update_overdue', passport: p, due, days: late, by: lastDay, escalateOn: lastDay });
    if (escalationDays > 0 && today >= escalateOn) {
      owed.push({
        kind: 'update_escalation',
        passport: p,
        due,
        days: cal.workingDaysBetween(due, today),
        by: cal.addWorkingDays(today, 1),
        escalateOn,
      });
    }
  }
  return { owed, overdue };
}
