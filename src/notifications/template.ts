// The shape of a notice's words: a leaf file, so modules with notices of their own (comments, requests,
// feedback) can write templates without importing the table that merges them.
/** What a template may use. `title` is the dataset title in the recipient's language. */
export interface TextParams {
  title: string;
  code: string;
  organization: string;
  due: string;
  days: number;
  escalate_on: string;
  reason: string;
  message: string;
  by: string;
  count: number;
  lines: string;
}

export interface Template {
  subject(p: TextParams): string;
  body(p: TextParams): string;
  expected(p: TextParams): string;
}
