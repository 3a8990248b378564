// A survey definition shared by the survey tests.
export const SURVEY = {
  name: 'findability',
  title_translated: { ru: 'Удобство поиска', uz: 'Qidiruv qulayligi', en: 'Finding data' },
  questions: [
    {
      id: 'found',
      type: 'single',
      required: true,
      text_translated: { ru: 'Нашли ли вы нужные данные?', en: 'Did you find the data you needed?' },
      options: [
        { id: 'yes', label_translated: { ru: 'Да', en: 'Yes' } },
        { id: 'partly', label_translated: { ru: 'Частично', en: 'Partly' } },
        { id: 'no', label_translated: { ru: 'Нет', en: 'No' } },
      ],
    },
    {
      id: 'used',
      type: 'multiple',
      text_translated: { en: 'How did you search?' },
      options: [
        { id: 'search', label_translated: { en: 'Search box' } },
        { id: 'facets', label_translated: { en: 'Filters' } },
        { id: 'api', label_translated: { en: 'API' } },
      ],
    },
    { id: 'comment', type: 'text', text_translated: { en: 'Anything else?' } },
  ],
};
