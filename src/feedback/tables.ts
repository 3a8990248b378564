// Kysely type of the feedback table (migrations/0016_requests_feedback.ts).
export interface FeedbackTable {
  id: string;
  message: string;
  name: string | null;
  email: string | null;
  ip: string | null;
  user_id: string | null;
  language: string;
  package_id: string | null;
  organization_id: string | null;
  status: string;
  forward_due: string;
  forwarded_at: string | null;
  forwarded_late: boolean | null;
  answer_due: string | null;
  extended_reason: string | null;
  answer: string | null;
  answered_at: string | null;
  answered_by: string | null;
  answered_in_time: boolean | null;
  overdue_at: string | null;
  erased_at: string | null;
  created: string;
  modified: string;
}

export interface FeedbackTables {
  feedback: FeedbackTable;
}
