// The caller's language for quality hints: `lang` in the input, else the language of the caller's
// notification preferences, else the portal default.
import type { ActionContext } from '../../actions/types.ts';

export async function callerLanguage(ctx: ActionContext, lang: string | undefined): Promise<string> {
  if (lang) return lang;
  if (ctx.user) {
    const pref = await ctx.db
      .selectFrom('notification_preference')
      .select('language')
      .where('user_id', '=', ctx.user.id)
      .executeTakeFirst();
    if (pref?.language) return pref.language;
  }
  return ctx.config.defaultLanguage;
}
