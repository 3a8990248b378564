// Plays the browser at an oidc-provider (test/oidc, test/identity): a cookie jar, and a walk through the
// provider's login and consent forms up to the redirect back to Pasport.
export class Jar {
  private cookies = new Map<string, string>();
  store(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      const expired = attrs.some(
        (a) =>
          /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && new Date(a.split('=')[1]).getTime() < Date.now()),
      );
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  get(name: string) {
    return this.cookies.get(name);
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/** The HTML entities oidc-provider writes into its form actions. */
export const unescape = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&#x2F;/gi, '/')
    .replace(/&#x3D;/gi, '=')
    .replace(/&quot;/g, '"');

/** Follows the provider's pages from `location` until a URL under `until`; signs in as `login`. */
export async function atProvider(location: string, login: string, until: string, jar = new Jar()): Promise<string> {
  let url = location;
  let init: RequestInit = {};
  for (let i = 0; i < 20; i++) {
    if (url.startsWith(until)) return url;
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: jar.header() },
    });
    jar.store(res);
    init = {};
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location')!, url).href;
      continue;
    }
    const html = await res.text();
    if (res.status !== 200) throw new Error(`provider said ${res.status}: ${html.slice(0, 300)}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(html);
    const prompt = /name="prompt" value="(\w+)"/.exec(html);
    if (!action || !prompt) throw new Error(`no form in ${html.slice(0, 300)}`);
    const body = new URLSearchParams({
      prompt: prompt[1],
      ...(prompt[1] === 'login' ? { login, password: 'any' } : {}),
    });
    url = new URL(unescape(action[1]), url).href;
    init = { method: 'POST', body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
  }
  throw new Error('too many redirects at the provider');
}
