// Kazakh and Kyrgyz words of the update-control notices (the portals of data.egov.kz and data.gov.kg).
// A notice kind added later without a text here falls back to Russian for that kind (render.ts), so
// these tables may lag the Russian one without breaking a notice.
import type { NoticeKind, Template } from './texts.ts';

export type PartialTexts = Partial<Record<NoticeKind, Template>>;

export const kk: PartialTexts = {
  update_reminder: {
    subject: (p) => `Еске салу: «${p.title}» деректерін ${p.due} дейін жаңартыңыз`,
    body: (p) =>
      `«${p.title}» (${p.code}) жиынтығының деректері ${p.due} дейін жаңартылуы тиіс; қалған жұмыс күндері: ${p.days}.`,
    expected: (p) =>
      `Жаңартылған деректерді ${p.due} дейін жариялаңыз. Файлды жүктеу, ресурстың жаңа сілтемесі, DataStore-ға жүктеу немесе package_data_updated жаңарту болып саналады.`,
  },
  update_overdue: {
    subject: (p) => `Мерзімі өтті: «${p.title}», мерзімі ${p.due}`,
    body: (p) =>
      `«${p.title}» (${p.code}) жиынтығын жаңарту мерзімі ${p.due} аяқталды, жаңарту тіркелмеген; кешіктірілген күндер: ${p.days}.`,
    expected: (p) =>
      `Деректерді дереу, ${p.escalate_on} кешіктірмей жаңартыңыз: одан кейін кешігу туралы ұйым басшылығына және портал операторына хабарланады.`,
  },
  update_escalation: {
    subject: (p) => `Эскалация: «${p.title}» (${p.organization}), кешіктірілген жұмыс күндері: ${p.days}`,
    body: (p) =>
      `«${p.organization}» ұйымының «${p.title}» (${p.code}) жиынтығы ${p.due} мерзіміне дейін жаңартылмаған және ${p.days} жұмыс күнінен кейін де жаңартылмаған.`,
    expected: (p) =>
      `Ұйымның деректерді ${p.by} дейін жаңартуын қамтамасыз етіңіз; кешігу тоқсандық мониторинг есебінде ескеріледі.`,
  },
  operator_digest: {
    subject: (p) => `${p.due} күнгі жиынтық: мерзімі өткен жиынтықтар: ${p.count}`,
    body: (p) => `${p.due} жағдайы бойынша мерзімі өткен жиынтықтар:\n${p.lines}`,
    expected: (p) => `Мерзімі өткен жиынтықтарды ${p.by} дейін қарап шығыңыз; ұйымдарға автоматты түрде хабарланды.`,
  },
  package_deactivated: {
    subject: (p) => `Белсенділігі өшірілді: «${p.title}»`,
    body: (p) =>
      `Портал операторы «${p.title}» (${p.code}) жиынтығының белсенділігін өшірді; түзетілгенге дейін ол пайдаланушылардан жасырылған. Себебі: ${p.reason}`,
    expected: (p) =>
      `Қатені түзетіп, ${p.by} дейін түзетілгені туралы хабарлаңыз (package_fix_submitted); содан кейін оператор тексеріп, жиынтықты белсендіреді.`,
  },
  package_fix_submitted: {
    subject: (p) => `Түзетілді: «${p.title}»`,
    body: (p) => `«${p.organization}» ұйымы «${p.title}» (${p.code}) жиынтығы түзетілгенін хабарлайды: ${p.message}`,
    expected: (p) =>
      `Жиынтықты ${p.by} дейін тексеріп, белсендіріңіз (package_activate) немесе себебін көрсетіп, қайта өшіріңіз.`,
  },
  package_activated: {
    subject: (p) => `Белсендірілді: «${p.title}»`,
    body: (p) =>
      `Портал операторы «${p.title}» (${p.code}) жиынтығын қайта белсендірді; ол пайдаланушыларға қолжетімді.`,
    expected: () => `Басқа ештеңе қажет емес; деректерді белгіленген мерзімде жаңартып отырыңыз.`,
  },
};

export const ky: PartialTexts = {
  update_reminder: {
    subject: (p) => `Эскертме: «${p.title}» маалыматтарын ${p.due} чейин жаңылаңыз`,
    body: (p) =>
      `«${p.title}» (${p.code}) топтомунун маалыматтары ${p.due} чейин жаңыланышы керек; калган иш күндөрү: ${p.days}.`,
    expected: (p) =>
      `Жаңыланган маалыматтарды ${p.due} чейин жарыялаңыз. Файл жүктөө, ресурстун жаңы шилтемеси, DataStore'го жүктөө же package_data_updated жаңылоо болуп эсептелет.`,
  },
  update_overdue: {
    subject: (p) => `Мөөнөтү өттү: «${p.title}», мөөнөтү ${p.due}`,
    body: (p) =>
      `«${p.title}» (${p.code}) топтомун жаңылоо мөөнөтү ${p.due} бүттү, жаңылоо катталган жок; кечиккен күндөр: ${p.days}.`,
    expected: (p) =>
      `Маалыматтарды дароо, ${p.escalate_on} кечиктирбей жаңылаңыз: андан кийин кечигүү тууралуу уюмдун жетекчилигине жана порталдын операторуна билдирилет.`,
  },
  update_escalation: {
    subject: (p) => `Эскалация: «${p.title}» (${p.organization}), кечиккен иш күндөрү: ${p.days}`,
    body: (p) =>
      `«${p.organization}» уюмунун «${p.title}» (${p.code}) топтому ${p.due} мөөнөтүнө чейин жаңыланган эмес жана ${p.days} иш күнүнөн кийин да жаңыланган жок.`,
    expected: (p) =>
      `Уюм маалыматтарды ${p.by} чейин жаңылашын камсыз кылыңыз; кечигүү чейректик мониторинг отчетунда эске алынат.`,
  },
  operator_digest: {
    subject: (p) => `${p.due} күнкү жыйынтык: мөөнөтү өткөн топтомдор: ${p.count}`,
    body: (p) => `${p.due} абалы боюнча мөөнөтү өткөн топтомдор:\n${p.lines}`,
    expected: (p) => `Мөөнөтү өткөн топтомдорду ${p.by} чейин карап чыгыңыз; уюмдарга автоматтык түрдө билдирилди.`,
  },
  package_deactivated: {
    subject: (p) => `Өчүрүлдү: «${p.title}»`,
    body: (p) =>
      `Порталдын оператору «${p.title}» (${p.code}) топтомун өчүрдү; оңдолгонго чейин ал колдонуучулардан жашырылган. Себеби: ${p.reason}`,
    expected: (p) =>
      `Катаны оңдоп, ${p.by} чейин оңдолгонун билдириңиз (package_fix_submitted); андан кийин оператор текшерип, топтомду иштетет.`,
  },
  package_fix_submitted: {
    subject: (p) => `Оңдолду: «${p.title}»`,
    body: (p) => `«${p.organization}» уюму «${p.title}» (${p.code}) топтому оңдолгонун билдирет: ${p.message}`,
    expected: (p) =>
      `Топтомду ${p.by} чейин текшерип, иштетиңиз (package_activate) же себебин көрсөтүп кайра өчүрүңүз.`,
  },
  package_activated: {
    subject: (p) => `Иштетилди: «${p.title}»`,
    body: (p) => `Порталдын оператору «${p.title}» (${p.code}) топтомун кайра иштетти; ал колдонуучуларга жеткиликтүү.`,
    expected: () => `Башка эч нерсе талап кылынбайт; маалыматтарды белгиленген мөөнөттө жаңылап туруңуз.`,
  },
};
