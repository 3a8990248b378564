// Update control: from the periodicity, its schedule and the last data update, the next deadline and
// how many days it is overdue. Dates are calendar dates in UTC.
export type Frequency = 'daily' | 'monthly' | 'quarterly' | 'annual' | 'irregular';
export interface Schedule { day?: number; month?: number; every_years?: number }

const DAY = 86400000;

function utcDate(y: number, m: number, d: number): Date {
  // Clamp the day to the month's length: "the 31st" in February is its last day.
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(d, last)));
}

function startOfDay(iso: string): Date {
  return new Date(`${iso.slice(0, 10)}T00:00:00Z`);
}

/** The first deadline strictly after `from` (a timestamp), or null when none applies. */
export function nextDue(freq: string | null, schedule: Schedule | null, from: string): string | null {
  const base = startOfDay(from);
  const y = base.getUTCFullYear();
  const m = base.getUTCMonth();
  const s = schedule ?? {};
  let due: Date | null = null;
  switch (freq) {
    case 'daily':
      due = new Date(base.getTime() + DAY);
      break;
    case 'monthly': {
      const day = s.day ?? 1;
      due = utcDate(y, m, day);
      if (due <= base) due = utcDate(y, m + 1, day);
      break;
    }
    case 'quarterly': {
      const offset = (s.month ?? 1) - 1; // month within the quarter, 0-based
      const day = s.day ?? 1;
      for (let q = Math.floor(m / 3) * 3; ; q += 3) {
        const cand = utcDate(y, q + offset, day);
        if (cand > base) { due = cand; break; }
      }
      break;
    }
    case 'annual': {
      const month = (s.month ?? 1) - 1;
      const day = s.day ?? 1;
      due = utcDate(y, month, day);
      if (due <= base) due = utcDate(y + 1, month, day);
      const extra = Math.max(1, s.every_years ?? 1) - 1;
      if (extra) due = utcDate(due.getUTCFullYear() + extra, month, day);
      break;
    }
    default:
      return null;
  }
  return due.toISOString().slice(0, 10);
}

export function overdueDays(due: string | null, today: Date = new Date()): number {
  if (!due) return 0;
  const diff = Math.floor((startOfDay(today.toISOString()).getTime() - startOfDay(due).getTime()) / DAY);
  return diff > 0 ? diff : 0;
}
