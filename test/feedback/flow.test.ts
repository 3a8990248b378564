// Feedback flows on PostgreSQL (the flows: flows.ts).
import t from 'tap';
import { feedbackFlows } from './flows.ts';

t.test('feedback flows on PostgreSQL', (t) => feedbackFlows(t, false));
