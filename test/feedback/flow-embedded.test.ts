// Feedback flows on embedded PGlite, the same as on PostgreSQL (the flows: flows.ts).
import t from 'tap';
import { feedbackFlows } from './flows.ts';

t.test('feedback flows on PGlite', (t) => feedbackFlows(t, true));
