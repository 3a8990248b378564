// Every notice has words in every portal language Pasport speaks: each template renders a subject, a
// body and what is expected, with the parameters it is given; Kazakh and Kyrgyz are their own texts.
import t from 'tap';
import { render } from '../../src/notifications/render.ts';
import { NOTICE_KINDS } from '../../src/notifications/texts.ts';
import { kk, ky } from '../../src/notifications/texts-kk-ky.ts';

const params = {
  title: 'Budget 2026',
  code: 'S-001-0001',
  organization: 'Ministry X',
  due: '2026-05-10',
  days: 3,
  escalate_on: '2026-05-13',
  reason: 'broken links',
  message: 'links fixed',
  by: '2026-05-15',
  count: 2,
  lines: '- a\n- b',
};

for (const lang of ['en', 'ru', 'uz', 'uz-Cyrl', 'kk', 'ky']) {
  t.test(lang, async (t) => {
    for (const kind of NOTICE_KINDS) {
      const r = render(kind, lang, params);
      t.ok(r.subject.length > 5 && r.body.length > 10 && r.expected.length > 10, `${kind}: every part written`);
      // The update-control notices are about a dataset; citizens' notices may be about a request.
      if (kind in kk && kind !== 'operator_digest')
        t.ok(r.subject.includes('Budget 2026'), `${kind}: the subject names the dataset`);
      if (lang !== 'en') t.not(r.subject, render(kind, 'en', params).subject, `${kind}: not the English text`);
      const own = lang === 'kk' ? kk : lang === 'ky' ? ky : null;
      if (own?.[kind]) t.not(r.body, render(kind, 'ru', params).body, `${kind}: not the Russian fallback`);
    }
  });
}

t.test('a language without texts falls back to Russian', async (t) => {
  t.equal(render('update_overdue', 'de', params).subject, render('update_overdue', 'ru', params).subject);
});

t.test('Kazakh and Kyrgyz differ from each other', async (t) => {
  t.not(render('update_reminder', 'kk', params).body, render('update_reminder', 'ky', params).body);
  t.match(render('update_reminder', 'kk', params).body, /2026-05-10/);
});
