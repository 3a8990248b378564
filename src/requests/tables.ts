import type { Generated } from 'kysely';
// Kysely types of the tables of migrations/0016_requests_feedback.ts (requests, votes, citizen mail).
export interface DataRequestTable {
  id: string;
  title: string;
  description: string;
  intended_use: string;
  organization_id: string | null;
  sphere_id: string | null;
  status: string;
  listed: boolean;
  votes: number;
  language: string;
  requester_user_id: string | null;
  requester_name: string | null;
  requester_email: string | null;
  requester_ip: string | null;
  package_id: string | null;
  reason: string | null;
  forwarded_at: string | null;
  refuse_due: string | null;
  publish_due: string | null;
  answered_at: string | null;
  answered_in_time: boolean | null;
  response_overdue_at: string | null;
  publish_overdue_at: string | null;
  erased_at: string | null;
  created: string;
  modified: string;
}

/** Requests per combination of request_list's filter columns (migrations/0023_request_counts.ts). */
interface DataRequestCountTable {
  listed: boolean;
  status: string;
  organization_id: string | null;
  sphere_id: string | null;
  n: string;
}

export interface DataRequestStatusTable {
  id: string;
  /** Insertion order: several changes may share a timestamp. */
  seq: Generated<string>;
  request_id: string;
  from_status: string | null;
  to_status: string;
  reason: string | null;
  user_id: string | null;
  created: string;
}

export interface DataRequestVoteTable {
  id: string;
  request_id: string;
  user_id: string | null;
  email: string | null;
  token_hash: string | null;
  language: string;
  confirmed_at: string | null;
  created: string;
}

export interface CitizenMailTable {
  id: string;
  to_email: string | null;
  kind: string;
  language: string;
  subject: string;
  body: string;
  request_id: string | null;
  feedback_id: string | null;
  state: string;
  attempts: number;
  last_error: string | null;
  dedupe_key: string | null;
  created: string;
  sent_at: string | null;
}

export interface CitizenWriteTable {
  email_hash: string;
  kind: string;
  at: string;
}

export interface RequestTables {
  data_request: DataRequestTable;
  data_request_count: DataRequestCountTable;
  data_request_status: DataRequestStatusTable;
  data_request_vote: DataRequestVoteTable;
  citizen_mail: CitizenMailTable;
  citizen_write: CitizenWriteTable;
}
