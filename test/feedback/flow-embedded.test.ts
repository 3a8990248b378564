// Feedback flows on embedded PGlite, the same as on PostgreSQL (the flows: flows.ts).
import t from 'tap';
import { feedbackFlows } from './flows.ts';

// PGlite runs every statement in one process beside the server: on a loaded machine the flow takes
// longer than tap's default 300 s.
t.setTimeout(1_200_000);

t.test('feedback flows on PGlite', (t) => feedbackFlows(t, true));
