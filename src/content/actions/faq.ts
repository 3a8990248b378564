// The faq_* actions (create, update, patch, delete, show, list), from the faq definition in ../defs.ts.
import { CONTENT_TYPE_BY_NAME } from '../defs.ts';
import { contentActions } from '../actions-factory.ts';

export default contentActions(CONTENT_TYPE_BY_NAME.get('faq')!);
